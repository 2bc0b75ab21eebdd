package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderWatcherTest {
  private static Set<Path> collect(LinkedBlockingQueue<Set<Path>> q, Set<Path> want)
      throws InterruptedException {
    Set<Path> seen = new HashSet<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!seen.containsAll(want) && System.nanoTime() < deadline) {
      Set<Path> batch = q.poll(500, TimeUnit.MILLISECONDS);
      if (batch != null) {
        seen.addAll(batch);
      }
    }
    return seen;
  }

  @Test
  void newChangedMovedAndDeletedFilesAreReportedAndFeedingThemToTheIngestorSyncsTheStore(
      @TempDir Path tmp) throws Exception {
    Path root = Files.createDirectories(tmp.resolve("watched"));
    Files.writeString(root.resolve("old.txt"), "old words here\n");
    LinkedBlockingQueue<Set<Path>> batches = new LinkedBlockingQueue<>();
    try (DocumentStore store = DocumentStore.open(tmp.resolve("db.sqlite"));
        Ingestor ing = new Ingestor(store, IngestOptions.defaults());
        FolderWatcher w = new FolderWatcher(List.of(root), Duration.ofMillis(200), batches::add)) {
      ing.ingest(List.of(root), IngestListener.NONE, new CancellationToken());

      Path sub = Files.createDirectories(root.resolve("sub"));
      Thread.sleep(300);
      Path added = Files.writeString(sub.resolve("new.txt"), "fresh words\n");
      Files.move(root.resolve("old.txt"), root.resolve("renamed.txt"));
      Set<Path> seen =
          collect(batches, Set.of(added, root.resolve("old.txt"), root.resolve("renamed.txt")));
      assertThat(seen).contains(added, root.resolve("old.txt"), root.resolve("renamed.txt"));

      ing.ingest(List.copyOf(seen), IngestListener.NONE, new CancellationToken());
      assertThat(store.files(java.util.Optional.empty()))
          .extracting(f -> root.relativize(f.path()).toString())
          .containsExactlyInAnyOrder("renamed.txt", "sub/new.txt");

      Files.delete(added);
      Set<Path> deleted = collect(batches, Set.of(added));
      assertThat(deleted).contains(added);
      ing.ingest(List.copyOf(deleted), IngestListener.NONE, new CancellationToken());
      assertThat(store.lexicalSearch("fresh", 5, ChunkFilter.NONE)).isEmpty();
    }
  }
}
