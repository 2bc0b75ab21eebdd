package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service's collections and indexing pipeline on real notes, store, model and index. */
class LibraryServiceTest {
  static final Path VAULT =
      TestCorpus.sharedData().resolve("docs/markdown_obsidian_vaults/obsidian-help-en");

  @TempDir Path tmp;

  private Path notes(String subfolder, int max) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("notes-" + subfolder.replace(' ', '_')));
    try (var files = Files.list(VAULT.resolve(subfolder))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".md")).sorted().limit(max).toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    return dir;
  }

  /** Records listener events. */
  static final class Events implements IndexingListener {
    final List<IndexingProgress> progress = new CopyOnWriteArrayList<>();
    final List<FileEntry> files = new CopyOnWriteArrayList<>();
    final List<IndexingSummary> finished = new CopyOnWriteArrayList<>();
    final CountDownLatch firstFile = new CountDownLatch(1);

    @Override
    public void progress(IndexingProgress p) {
      progress.add(p);
    }

    @Override
    public void fileDone(FileEntry file) {
      files.add(file);
      firstFile.countDown();
    }

    @Override
    public void finished(IndexingSummary summary) {
      finished.add(summary);
    }
  }

  @Test
  void collectionsAreCreatedListedAndValidatedByName() throws Exception {
    try (DefaultLibraryService lib = DefaultLibraryService.open(tmp.resolve("home"))) {
      assertThat(lib.collections()).isEmpty();
      CollectionInfo c = lib.createCollection("work");
      assertThat(c.name()).isEqualTo("work");
      assertThat(c.chunks()).isZero();
      assertThat(lib.collections()).extracting(CollectionInfo::name).containsExactly("work");
      assertThatThrownBy(() -> lib.createCollection("work")).hasMessageContaining("already exists");
      assertThatThrownBy(() -> lib.createCollection("../evil"))
          .hasMessageContaining("invalid collection name '../evil'");
      assertThatThrownBy(() -> lib.search(SearchRequest.of("missing", "q")))
          .isInstanceOf(LibraryException.class)
          .extracting(e -> ((LibraryException) e).kind())
          .isEqualTo(LibraryException.Kind.NOT_FOUND);
      SearchResponse empty =
          lib.search(new SearchRequest("work", "anything", 5, SearchMode.HYBRID, null));
      assertThat(empty.items()).isEmpty();
    }
  }

  @Test
  void indexingStreamsProgressAndFileEventsThenFinishesWithASummary() throws Exception {
    Path notes = notes("Linking notes and files", 3);
    try (DefaultLibraryService lib = DefaultLibraryService.open(tmp.resolve("home"))) {
      Events events = new Events();
      IndexingSummary s = lib.index("default", List.of(notes), events).await();
      assertThat(s.indexed()).isEqualTo(3);
      assertThat(s.failed()).isZero();
      assertThat(s.chunks()).isPositive();
      assertThat(s.cancelled()).isFalse();
      assertThat(events.files).hasSize(3).allMatch(f -> f.state() == FileState.INDEXED);
      assertThat(events.finished).containsExactly(s);
      assertThat(events.progress.getLast().phase()).isEqualTo(IndexingProgress.Phase.DONE);
      assertThat(events.progress.getLast().chunksEmbedded()).isEqualTo(s.chunks());

      CollectionInfo info = lib.collections().getFirst();
      assertThat(info.folders()).containsExactly(notes);
      assertThat(info.chunks()).isEqualTo(s.chunks());
      assertThat(info.embeddingModel()).startsWith("all-minilm-l6-v2");
      assertThat(info.lastUpdated()).isNotNull();
      assertThat(lib.files("default", Optional.of(FileState.INDEXED))).hasSize(3);
      assertThat(lib.files("default", Optional.of(FileState.FAILED))).isEmpty();

      CollectionHealth h = lib.health("default");
      assertThat(h.chunks()).isEqualTo(s.chunks());
      assertThat(h.flatBytes()).isEqualTo(s.chunks() * 384 * 4);
      assertThat(h.indexBytes()).isPositive();
      assertThat(h.dimensions()).isEqualTo(384);
      assertThat(lib.validate("default").ok()).isTrue();
    }
  }

  @Test
  void aSecondRunWhileTheFirstIsGoingIsRefusedAsBusy() throws Exception {
    Path notes = notes("Getting started", 2);
    try (DefaultLibraryService lib = DefaultLibraryService.open(tmp.resolve("home"))) {
      IndexingTask first = lib.index("default", List.of(notes), IndexingListener.NONE);
      assertThatThrownBy(() -> lib.index("default", List.of(notes), IndexingListener.NONE))
          .isInstanceOf(LibraryException.class)
          .hasMessageContaining("already being indexed");
      first.await();
    }
  }

  @Test
  void pauseHoldsTheRunAndResumeCompletesIt() throws Exception {
    Path notes = notes("Getting started", 3);
    try (DefaultLibraryService lib = DefaultLibraryService.open(tmp.resolve("home"))) {
      Events events = new Events();
      IndexingTask task = lib.index("default", List.of(notes), events);
      task.pause();
      assertThat(task.isPaused()).isTrue();
      Thread.sleep(1500);
      assertThat(task.isDone()).isFalse();
      assertThat(events.progress).anyMatch(p -> p.phase() == IndexingProgress.Phase.PAUSED);
      task.resume();
      IndexingSummary s = task.await();
      assertThat(s.cancelled()).isFalse();
      assertThat(s.indexed()).isEqualTo(3);
      assertThat(lib.validate("default").ok()).isTrue();
    }
  }

  @Test
  void cancelKeepsWhatWasCommittedAndTheIndexIsReconciledWithTheStore() throws Exception {
    Path notes = notes("Getting started", 4);
    Path home = tmp.resolve("home");
    try (DefaultLibraryService lib = DefaultLibraryService.open(home)) {
      Events events = new Events();
      IndexingTask task = lib.index("default", List.of(notes), events);
      assertThat(events.firstFile.await(60, TimeUnit.SECONDS)).isTrue();
      task.cancel();
      IndexingSummary s = task.await();
      assertThat(s.cancelled()).isTrue();
      assertThat(events.progress.getLast().phase()).isEqualTo(IndexingProgress.Phase.CANCELLED);
    }
    // Reading never writes: validate names what is incomplete and the command that completes it.
    try (DefaultLibraryService lib = DefaultLibraryService.open(home)) {
      ValidationResult v = lib.validate("default");
      assertThat(v.problems())
          .allSatisfy(p -> assertThat(p).containsAnyOf("--repair", "cairn rebuild default"));
      IndexingSummary rest = lib.index("default", List.of(notes), IndexingListener.NONE).await();
      assertThat(rest.indexed() + rest.unchanged()).isEqualTo(4);
      assertThat(lib.validate("default").ok()).isTrue();
    }
  }

  @Test
  void aLostIndexIsRebuiltFromTheStoreAndDeletedFilesLeaveTheIndex() throws Exception {
    Path notes = notes("Linking notes and files", 3);
    Path home = tmp.resolve("home");
    long chunks;
    try (DefaultLibraryService lib = DefaultLibraryService.open(home)) {
      chunks = lib.index("default", List.of(notes), IndexingListener.NONE).await().chunks();
    }
    // Simulate a crash after the store commit but before the index was written.
    CollectionHandle.deleteRecursively(home.resolve("collections/default/index"));
    try (DefaultLibraryService lib = DefaultLibraryService.open(home)) {
      // Reads never build: the search answers from the keyword index and says a rebuild is due.
      SearchResponse r =
          lib.search(new SearchRequest("default", "aliases", 3, SearchMode.VECTOR, null));
      assertThat(r.items()).isNotEmpty();
      assertThat(r.notices())
          .anyMatch(n -> n.contains("rebuild needed — run `cairn rebuild default`"))
          .anyMatch(n -> n.contains("keyword search only"));
      assertThat(home.resolve("collections/default/index/index.cairn")).doesNotExist();
      CollectionHealth health = lib.health("default");
      assertThat(health.chunks()).isEqualTo(chunks);
      assertThat(health.indexNotice()).contains("cairn rebuild default");
      ValidationResult v = lib.validate("default");
      assertThat(v.ok()).isFalse();
      assertThat(v.problems()).singleElement().asString().contains("cairn rebuild default");
      assertThat(home.resolve("collections/default/index/index.cairn")).doesNotExist();

      IndexingSummary rebuilt = lib.rebuild("default", IndexingListener.NONE).await();
      assertThat(rebuilt.chunks()).isEqualTo(chunks);
      assertThat(lib.validate("default").ok()).isTrue();
      assertThat(lib.health("default").indexNotice()).isNull();
      assertThat(
              lib.search(new SearchRequest("default", "aliases", 3, SearchMode.VECTOR, null))
                  .notices())
          .isEmpty();

      Files.delete(notes.resolve("Aliases.md"));
      lib.index("default", List.of(notes), IndexingListener.NONE).await();
      assertThat(lib.validate("default").ok()).isTrue();
      SearchResponse after =
          lib.search(new SearchRequest("default", "aliases", 10, SearchMode.VECTOR, null));
      assertThat(after.items()).noneMatch(i -> i.path().endsWith("Aliases.md"));
      assertThat(lib.health("default").chunks()).isLessThan(chunks);
    }
  }

  @Test
  void rebuildRecreatesTheIndexFromTheDocumentStoreWithoutReadingFilesAgain() throws Exception {
    Path notes = notes("Linking notes and files", 2);
    try (DefaultLibraryService lib = DefaultLibraryService.open(tmp.resolve("home"))) {
      IndexingSummary first = lib.index("default", List.of(notes), IndexingListener.NONE).await();
      long[] before = lib.handle("default").openIndexOrNull().chunkIds().clone();
      // The files are gone: a rebuild needs only the document store.
      CollectionHandle.deleteRecursively(notes);
      Events events = new Events();
      IndexingSummary again = lib.rebuild("default", events).await();
      assertThat(again.indexed()).isZero();
      assertThat(again.chunks()).isEqualTo(first.chunks());
      assertThat(events.progress.getLast().phase()).isEqualTo(IndexingProgress.Phase.DONE);
      assertThat(events.progress.getLast().chunksEmbedded()).isEqualTo(first.chunks());
      assertThat(events.progress).anyMatch(p -> p.phase() == IndexingProgress.Phase.BUILDING_INDEX);
      long[] after = lib.handle("default").openIndexOrNull().chunkIds().clone();
      java.util.Arrays.sort(before);
      java.util.Arrays.sort(after);
      assertThat(after).containsExactly(before);
      assertThat(lib.validate("default").ok()).isTrue();
    }
  }

  @Test
  void aWatchedFolderGetsNewFilesIndexedInTheBackground() throws Exception {
    Path notes = notes("Linking notes and files", 1);
    try (DefaultLibraryService lib = DefaultLibraryService.open(tmp.resolve("home"))) {
      lib.index("default", List.of(notes), IndexingListener.NONE).await();
      lib.setWatching("default", true);
      assertThat(lib.isWatcherRunning("default")).isTrue();
      Files.writeString(
          notes.resolve("Cairn watch test.md"), "# Watched\n\nThe heron stands in the reeds.\n");
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      boolean seen = false;
      while (!seen && System.nanoTime() < deadline) {
        Thread.sleep(250);
        seen =
            lib.files("default", Optional.of(FileState.INDEXED)).stream()
                .anyMatch(f -> f.path().endsWith("Cairn watch test.md"));
      }
      assertThat(seen).as("new file indexed by the watcher").isTrue();
      lib.setWatching("default", false);
      assertThat(lib.isWatcherRunning("default")).isFalse();
    }
  }

  @Test
  void settingsAndWatchingArePersisted() throws Exception {
    Path home = tmp.resolve("home");
    try (DefaultLibraryService lib = DefaultLibraryService.open(home)) {
      lib.createCollection("mail");
      lib.updateSettings(lib.settings().withTheme(Settings.Theme.DARK));
      lib.setWatching("mail", true);
      assertThat(lib.collections().getFirst().watching()).isTrue();
    }
    try (DefaultLibraryService lib = DefaultLibraryService.open(home)) {
      assertThat(lib.settings().theme()).isEqualTo(Settings.Theme.DARK);
      assertThat(lib.settings().watchedCollections()).containsExactly("mail");
    }
  }

  @Test
  void closingTheServiceStopsARunningTask() throws Exception {
    Path notes = notes("Getting started", 3);
    DefaultLibraryService lib = DefaultLibraryService.open(tmp.resolve("home"));
    IndexingTask task = lib.index("default", List.of(notes), IndexingListener.NONE);
    long t0 = System.nanoTime();
    lib.close();
    assertThat(task.isDone()).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(60));
    assertThatThrownBy(lib::collections).hasMessageContaining("closed");
  }
}
