package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncrementalIngestTest {
  @TempDir Path tmp;

  private static final class Recorder implements IngestListener {
    final List<IngestProgress> progress = new CopyOnWriteArrayList<>();
    final List<FileRecord> done = new CopyOnWriteArrayList<>();
    final List<Long> added = new CopyOnWriteArrayList<>();
    final List<Long> removed = new CopyOnWriteArrayList<>();

    @Override
    public void progress(IngestProgress p) {
      progress.add(p);
    }

    @Override
    public void fileDone(FileRecord r) {
      done.add(r);
    }

    @Override
    public void chunksAdded(List<ChunkRecord> chunks) {
      chunks.forEach(c -> added.add(c.id()));
    }

    @Override
    public void chunksRemoved(long[] ids) {
      Arrays.stream(ids).forEach(removed::add);
    }
  }

  private Path folder() throws Exception {
    Path docs = Files.createDirectories(tmp.resolve("docs"));
    Files.writeString(docs.resolve("a.txt"), "Apples grow on trees in orchards.\n");
    Files.writeString(docs.resolve("b.md"), "# Bananas\n\nBananas are berries.\n");
    Files.createDirectories(docs.resolve(".hidden"));
    Files.writeString(docs.resolve(".hidden/secret.txt"), "hidden text\n");
    Files.writeString(docs.resolve(".dotfile"), "dot\n");
    Files.createDirectories(docs.resolve("sub"));
    Files.writeString(docs.resolve("sub/c.txt"), "Cherries are red.\n");
    return docs;
  }

  @Test
  void reRunningOnUnchangedFilesDoesNothingAndChangesReplaceOrRemoveChunks() throws Exception {
    Path docs = folder();
    try (DocumentStore store = DocumentStore.open(tmp.resolve("db.sqlite"));
        Ingestor ing = new Ingestor(store, IngestOptions.defaults())) {
      Recorder first = new Recorder();
      IngestSummary s1 = ing.ingest(List.of(docs), first, new CancellationToken());
      assertThat(s1.filesSeen()).isEqualTo(3);
      assertThat(s1.indexed()).isEqualTo(3);
      assertThat(first.added).hasSize(store.chunkCount());
      assertThat(first.done).hasSize(3);
      IngestProgress last = first.progress.getLast();
      assertThat(last.filesDone()).isEqualTo(3);
      assertThat(last.bytesDone()).isEqualTo(last.bytesTotal());

      Recorder second = new Recorder();
      IngestSummary s2 = ing.ingest(List.of(docs), second, new CancellationToken());
      assertThat(s2.unchanged()).isEqualTo(3);
      assertThat(s2.indexed() + s2.chunksAdded() + s2.chunksRemoved()).isZero();
      assertThat(second.added).isEmpty();

      // touched but same content: hash says unchanged
      Files.setLastModifiedTime(docs.resolve("a.txt"), FileTime.from(Instant.now().plusSeconds(5)));
      IngestSummary s3 = ing.ingest(List.of(docs), IngestListener.NONE, new CancellationToken());
      assertThat(s3.unchanged()).isEqualTo(3);
      assertThat(s3.chunksAdded()).isZero();

      // changed content replaces the file's chunks
      long[] before = store.allChunkIds();
      Files.writeString(docs.resolve("a.txt"), "Apricots are orange and sweet.\n");
      Files.setLastModifiedTime(
          docs.resolve("a.txt"), FileTime.from(Instant.now().plusSeconds(10)));
      Recorder fourth = new Recorder();
      IngestSummary s4 = ing.ingest(List.of(docs), fourth, new CancellationToken());
      assertThat(s4.indexed()).isEqualTo(1);
      assertThat(fourth.removed).hasSize(1);
      assertThat(fourth.added).hasSize(1);
      assertThat(Arrays.stream(before).boxed().toList()).doesNotContain(fourth.added.getFirst());
      assertThat(store.lexicalSearch("apples", 5, ChunkFilter.NONE)).isEmpty();
      assertThat(store.lexicalSearch("apricots", 5, ChunkFilter.NONE)).hasSize(1);

      // deleted and moved files
      Files.delete(docs.resolve("b.md"));
      Files.move(docs.resolve("sub/c.txt"), docs.resolve("c-moved.txt"));
      Recorder fifth = new Recorder();
      IngestSummary s5 = ing.ingest(List.of(docs), fifth, new CancellationToken());
      assertThat(s5.chunksRemoved()).isEqualTo(2);
      assertThat(s5.indexed()).isEqualTo(1);
      assertThat(store.files(Optional.empty()))
          .extracting(f -> f.path().getFileName().toString())
          .containsExactlyInAnyOrder("a.txt", "c-moved.txt");
      assertThat(store.lexicalSearch("cherries", 5, ChunkFilter.NONE)).hasSize(1);
    }
  }

  @Test
  void aVanishedRootRemovesEverythingStoredUnderIt() throws Exception {
    Path docs = folder();
    try (DocumentStore store = DocumentStore.open(tmp.resolve("db.sqlite"));
        Ingestor ing = new Ingestor(store, IngestOptions.defaults())) {
      ing.ingest(List.of(docs), IngestListener.NONE, new CancellationToken());
      Files.delete(docs.resolve("sub/c.txt"));
      Files.delete(docs.resolve("sub"));
      IngestSummary s =
          ing.ingest(List.of(docs.resolve("sub")), IngestListener.NONE, new CancellationToken());
      assertThat(s.chunksRemoved()).isEqualTo(1);
      assertThat(store.files(Optional.empty())).hasSize(2);
    }
  }

  @Test
  void sizeLimitsPatternsAndTimeLimitsGiveSpecificReasons() throws Exception {
    Path docs = folder();
    Files.writeString(docs.resolve("big.txt"), "x ".repeat(40_000));
    Files.writeString(docs.resolve("skip.log"), "log line\n");
    IngestOptions opts =
        IngestOptions.builder().maxFileBytes(50_000).exclude("**.log").exclude("*.log").build();
    try (DocumentStore store = DocumentStore.open(tmp.resolve("db.sqlite"));
        Ingestor ing = new Ingestor(store, opts)) {
      ing.ingest(List.of(docs), IngestListener.NONE, new CancellationToken());
      assertThat(store.file(docs.resolve("big.txt")).orElseThrow().reason())
          .isEqualTo("too large: 78 KB > 48 KB limit");
      assertThat(store.file(docs.resolve("skip.log"))).isEmpty();
    }
    // a 619-page PDF cannot be read in 200 ms: the parse is abandoned and the file recorded
    IngestOptions quick = IngestOptions.builder().fileTimeLimit(Duration.ofMillis(200)).build();
    Path pdf = TestData.doc("unstructured_example_docs/pdf/DA-619p.pdf");
    try (DocumentStore store = DocumentStore.open(tmp.resolve("db2.sqlite"));
        Ingestor ing = new Ingestor(store, quick)) {
      IngestSummary s = ing.ingest(List.of(pdf), IngestListener.NONE, new CancellationToken());
      assertThat(s.failed()).isEqualTo(1);
      assertThat(store.file(pdf).orElseThrow().reason()).isEqualTo("timed out after 0.2 s");
    }
  }

  @Test
  void aZipBombIsStoppedByTikasCompressionRatioGuard() throws Exception {
    Path docs = Files.createDirectories(tmp.resolve("bomb"));
    try (var zip =
        new java.util.zip.ZipOutputStream(Files.newOutputStream(docs.resolve("bomb.zip")))) {
      zip.putNextEntry(new java.util.zip.ZipEntry("a.txt"));
      byte[] line =
          "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      for (int i = 0; i < 300_000; i++) {
        zip.write(line);
      }
      zip.closeEntry();
    }
    assertThat(Files.size(docs.resolve("bomb.zip"))).isLessThan(200_000);
    try (DocumentStore store = DocumentStore.open(tmp.resolve("db.sqlite"));
        Ingestor ing = new Ingestor(store, IngestOptions.defaults())) {
      ing.ingest(List.of(docs), IngestListener.NONE, new CancellationToken());
      FileRecord r = store.file(docs.resolve("bomb.zip")).orElseThrow();
      assertThat(r.state()).isEqualTo(FileState.FAILED);
      assertThat(r.reason()).startsWith("zip bomb suspected: ");
      assertThat(store.chunkCount()).isZero();
    }
  }

  @Test
  void aCancelledRunStopsBetweenFilesAndLeavesTheRestPending() throws Exception {
    Path docs = Files.createDirectories(tmp.resolve("many"));
    for (int i = 0; i < 40; i++) {
      Files.writeString(docs.resolve("f" + i + ".txt"), "file number " + i + "\n");
    }
    try (DocumentStore store = DocumentStore.open(tmp.resolve("db.sqlite"));
        Ingestor ing = new Ingestor(store, IngestOptions.defaults())) {
      CancellationToken token = new CancellationToken();
      List<FileRecord> done = new ArrayList<>();
      IngestSummary s =
          ing.ingest(
              List.of(docs),
              new IngestListener() {
                @Override
                public void fileDone(FileRecord r) {
                  done.add(r);
                  if (done.size() == 5) {
                    token.cancel();
                  }
                }
              },
              token);
      assertThat(s.indexed()).isBetween(5, 6);
      assertThat(store.files(Optional.of(FileState.PENDING))).hasSize(40 - s.indexed());
      IngestSummary rest = ing.ingest(List.of(docs), IngestListener.NONE, new CancellationToken());
      assertThat(rest.indexed()).isEqualTo(40 - s.indexed());
      assertThat(store.chunkCount()).isEqualTo(40);
    }
  }

  @Test
  void optionsAreValidatedWhenBuilt() {
    assertThatThrownBy(() -> IngestOptions.builder().chunkTokens(8).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("8");
    assertThatThrownBy(() -> IngestOptions.builder().chunkTokens(100).overlapTokens(60).build())
        .hasMessageContaining("60");
    assertThatThrownBy(() -> IngestOptions.builder().fileTimeLimit(Duration.ZERO).build())
        .hasMessageContaining("PT0S");
    assertThatThrownBy(() -> IngestOptions.builder().workerThreads(0).build())
        .hasMessageContaining("0");
  }
}
