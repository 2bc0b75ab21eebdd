package dev.cairn.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.IndexingListener;
import dev.cairn.app.library.LibraryService;
import dev.cairn.app.library.Remedy;
import dev.cairn.app.library.ResultItem;
import dev.cairn.app.library.SearchFilter;
import dev.cairn.app.library.SearchMode;
import dev.cairn.app.library.SearchRequest;
import dev.cairn.app.library.TestCorpus;
import dev.cairn.ingest.testing.FullTextDamage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Index health screen's view model offers the fix {@code cairn validate} names: on a real
 * collection (TestCorpus, the bundled model) whose full-text data was damaged while Cairn was
 * closed (a flipped byte SQLite's own check does not see), validation names {@code cairn validate
 * --repair}, the screen offers Repair rather than a rebuild, and Repair runs in the background with
 * progress, then validates again: no problems, and the keyword search answers as before. The same
 * holds for a document store whose header was zeroed (the repair sets it aside and reads the
 * collection's folders again).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HealthRepairViewModelTest {
  private static final String COLLECTION = "notes";
  private static final String QUERY = "internal links between notes";
  private static final Duration TIMEOUT = Duration.ofSeconds(180);

  @TempDir static Path temp;
  private static LibraryService service;
  private static List<Long> lexicalBefore;

  @BeforeAll
  static void indexThenDamageTheFullTextDataWhileCairnIsClosed() throws Exception {
    Path home = temp.resolve("home");
    Path corpus = TestCorpus.create(temp.resolve("corpus"));
    try (LibraryService first =
        DefaultLibraryService.open(home, URI.create("http://127.0.0.1:1"))) {
      first.index(COLLECTION, List.of(corpus), IndexingListener.NONE).await();
      lexicalBefore = lexicalHits(first);
    }
    assertThat(lexicalBefore).isNotEmpty();
    // A flipped byte inside the FTS5 data, which SQLite's own integrity check does not see.
    FullTextDamage.flipOneByteInTheLargestBlock(
        home.resolve("collections").resolve(COLLECTION).resolve("documents.sqlite"));
    service = DefaultLibraryService.open(home, URI.create("http://127.0.0.1:1"));
  }

  @AfterAll
  static void closeService() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void aDamagedFullTextIndexIsRepairedFromTheHealthScreenAsValidateSays() throws Exception {
    TaskExecutor executor = new CurrentThreadTaskExecutor();
    CollectionsModel collections = new CollectionsModel(service, executor);
    LibraryViewModel library = new LibraryViewModel(service, executor, collections);
    HealthViewModel health =
        new HealthViewModel(service, executor, collections, library.indexing());
    collections.select(COLLECTION);
    assertThat(health.remedyProperty().get()).isEqualTo(Remedy.NONE);

    health.validate();

    assertThat(health.problems())
        .as("validation: %s; error: %s", health.validationProperty().get(), health.errorProperty())
        .singleElement()
        .asString()
        .contains("documents.sqlite", "cairn validate --repair --collection " + COLLECTION)
        .doesNotContain("cairn rebuild");
    assertThat(health.remedyProperty().get()).isEqualTo(Remedy.REPAIR);
    assertThat(health.validationProperty().get())
        .isEqualTo("1 problem found — Repair fixes it (as `cairn validate --repair` does).");

    health.repair();

    assertThat(
            TestLibrary.waitFor(
                TIMEOUT, () -> "No problems found.".equals(health.validationProperty().get())))
        .as(
            "validated again after the repair: %s %s; library: %s, error: %s",
            health.validationProperty().get(),
            health.problems(),
            library.indexing().stateProperty().get(),
            library.errorProperty().get())
        .isTrue();
    assertThat(library.indexing().stateProperty().get())
        .isEqualTo(IndexingViewModel.State.FINISHED);
    assertThat(library.indexing().progressProperty().get()).isEqualTo(1.0);
    assertThat(health.problems()).isEmpty();
    assertThat(health.remedyProperty().get()).isEqualTo(Remedy.NONE);
    assertThat(health.errorProperty().get()).isNull();
    assertThat(lexicalHits(service)).isEqualTo(lexicalBefore);
  }

  @Test
  void aDocumentStoreTooDamagedToOpenIsRepairedFromTheHealthScreenToo(@TempDir Path tmp)
      throws Exception {
    Path home = tmp.resolve("home");
    Path corpus = TestCorpus.create(tmp.resolve("corpus"));
    try (LibraryService first =
        DefaultLibraryService.open(home, URI.create("http://127.0.0.1:1"))) {
      first.index(COLLECTION, List.of(corpus), IndexingListener.NONE).await();
    }
    Path store = home.resolve("collections").resolve(COLLECTION).resolve("documents.sqlite");
    byte[] b = Files.readAllBytes(store);
    Arrays.fill(b, 0, 100, (byte) 0);
    Files.write(store, b);
    try (LibraryService damaged =
        DefaultLibraryService.open(home, URI.create("http://127.0.0.1:1"))) {
      TaskExecutor executor = new CurrentThreadTaskExecutor();
      CollectionsModel collections = new CollectionsModel(damaged, executor);
      LibraryViewModel library = new LibraryViewModel(damaged, executor, collections);
      HealthViewModel health =
          new HealthViewModel(damaged, executor, collections, library.indexing());
      collections.select(COLLECTION);

      health.validate();

      assertThat(String.join("\n", health.problems()))
          .as("error: %s", health.errorProperty().get())
          .contains("documents.sqlite", "cairn validate --repair");
      assertThat(health.remedyProperty().get()).isEqualTo(Remedy.REPAIR);

      health.repair();

      assertThat(
              TestLibrary.waitFor(
                  TIMEOUT, () -> "No problems found.".equals(health.validationProperty().get())))
          .as(
              "validated again after the repair: %s %s; library: %s, error: %s",
              health.validationProperty().get(),
              health.problems(),
              library.indexing().stateProperty().get(),
              library.errorProperty().get())
          .isTrue();
      assertThat(lexicalHits(damaged)).isNotEmpty();
    }
  }

  @Test
  void theRemedyIsTheOneTheProblemsName() {
    String repair =
        "the full-text index of documents.sqlite is damaged — run `cairn validate --repair"
            + " --collection mail`";
    String rebuild =
        "index of collection 'mail': header checksum mismatch — rebuild needed — run `cairn"
            + " rebuild mail`";
    assertThat(Remedy.of(List.of())).isEqualTo(Remedy.NONE);
    assertThat(Remedy.of(List.of("collection.json line 3: \"folders\" must be a list")))
        .isEqualTo(Remedy.NONE);
    assertThat(Remedy.of(List.of(rebuild))).isEqualTo(Remedy.REBUILD);
    assertThat(Remedy.of(List.of(repair))).isEqualTo(Remedy.REPAIR);
    // a repair also re-creates a damaged index, so one command fixes both
    assertThat(Remedy.of(List.of(rebuild, repair))).isEqualTo(Remedy.REPAIR);
  }

  private static List<Long> lexicalHits(LibraryService lib) throws Exception {
    return lib
        .search(new SearchRequest(COLLECTION, QUERY, 20, SearchMode.LEXICAL, SearchFilter.NONE))
        .items()
        .stream()
        .map(ResultItem::chunkId)
        .toList();
  }
}
