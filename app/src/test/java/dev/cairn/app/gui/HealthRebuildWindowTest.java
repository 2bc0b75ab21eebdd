package dev.cairn.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.IndexingListener;
import dev.cairn.app.library.LibraryService;
import dev.cairn.app.library.Remedy;
import dev.cairn.app.library.TestCorpus;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Index health → Rebuild in the real window, on a real collection (TestCorpus: notes, mails, a PDF,
 * indexed with the bundled model) whose index file was damaged while Cairn was closed: Validate
 * names the damage, Rebuild re-creates the index from the document store with progress, and the
 * collection then validates and answers a search.
 */
@ExtendWith(ApplicationExtension.class)
class HealthRebuildWindowTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(180);
  private static final String COLLECTION = "notes";

  @TempDir static Path temp;
  private static LibraryService service;
  private static FxTaskExecutor executor;
  private static Path index;

  private CairnApp app;

  @BeforeAll
  static void indexThenDamageTheIndexWhileCairnIsClosed() throws Exception {
    Path home = temp.resolve("home");
    Path corpus = TestCorpus.create(temp.resolve("corpus"));
    try (LibraryService first =
        DefaultLibraryService.open(home, URI.create("http://127.0.0.1:1"))) {
      first.index(COLLECTION, List.of(corpus), IndexingListener.NONE).await();
    }
    index = home.resolve("collections").resolve(COLLECTION).resolve("index/index.cairn");
    byte[] b = Files.readAllBytes(index);
    Arrays.fill(b, 0, 100, (byte) 0);
    Files.write(index, b);
    service = DefaultLibraryService.open(home, URI.create("http://127.0.0.1:1"));
    executor = new FxTaskExecutor(3);
  }

  @AfterAll
  static void closeService() {
    executor.close();
    service.close();
  }

  @Start
  void start(Stage stage) {
    app = new CairnApp(service, executor);
    app.start(stage);
  }

  @Test
  void rebuildOnTheHealthScreenMakesADamagedCollectionSearchableAgain(FxRobot robot)
      throws Exception {
    robot.interact(
        () -> {
          app.view().collectionsModel().select(COLLECTION);
          app.view().show(Screen.HEALTH);
        });
    HealthViewModel health = app.view().healthViewModel();
    assertThat(
            TestLibrary.waitFor(
                Duration.ofSeconds(30), () -> COLLECTION.equals(health.collections().selected())))
        .isTrue();

    robot.clickOn("#validate");
    assertThat(TestLibrary.waitFor(TIMEOUT, () -> !health.problems().isEmpty()))
        .as("validate found the damage; error: %s", health.errorProperty().get())
        .isTrue();
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(String.join("\n", health.problems())).contains("index.cairn", "cairn rebuild");
    // a damaged main index file is a rebuild (validate names it), so no Repair is offered
    assertThat(health.remedyProperty().get()).isEqualTo(Remedy.REBUILD);
    assertThat(robot.lookup("#repair").queryAs(Button.class).isVisible()).isFalse();
    assertThat(health.validationProperty().get()).endsWith("rebuild the index to repair it.");

    robot.clickOn("#rebuild");
    LibraryViewModel library = app.view().libraryViewModel();
    assertThat(
            TestLibrary.waitFor(
                TIMEOUT,
                () -> library.indexing().stateProperty().get() == IndexingViewModel.State.FINISHED))
        .as("the rebuild finished; error: %s", library.errorProperty().get())
        .isTrue();
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(library.indexing().progressProperty().get()).isEqualTo(1.0);

    assertThat(service.validate(COLLECTION).problems()).isEmpty();
    robot.clickOn("#validate");
    assertThat(
            TestLibrary.waitFor(
                TIMEOUT, () -> "No problems found.".equals(health.validationProperty().get())))
        .as("validation after the rebuild: %s", health.problems())
        .isTrue();
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#figure-chunks").queryAs(Label.class).getText()).isNotEqualTo("0");

    SearchViewModel search = app.view().searchViewModel();
    robot.interact(
        () -> {
          app.view().show(Screen.SEARCH);
          search.queryProperty().set("internal links between notes");
          search.search();
        });
    assertThat(TestLibrary.waitFor(TIMEOUT, () -> !search.results().isEmpty()))
        .as("a search after the rebuild found results; error: %s", search.errorProperty().get())
        .isTrue();
    assertThat(search.results().getFirst().path().getFileName().toString()).endsWith(".md");
  }
}
