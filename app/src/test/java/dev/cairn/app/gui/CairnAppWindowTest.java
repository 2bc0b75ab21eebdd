package dev.cairn.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.FileEntry;
import dev.cairn.app.library.FileState;
import dev.cairn.app.library.LibraryService;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Drives the real window on the headless platform with a real library service (temporary home, real
 * extraction, embedding and index) and real documents from the shared data. The Ollama host points
 * at a closed port, so the "Ollama is not running" state is real too. Tests run in order and share
 * one indexed collection.
 */
@ExtendWith(ApplicationExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CairnAppWindowTest {
  private static final Duration INDEXING_TIMEOUT = Duration.ofSeconds(120);

  @TempDir static Path temp;
  private static LibraryService service;
  private static FxTaskExecutor executor;
  private static Path folder;

  private Stage stage;
  private CairnApp app;

  @BeforeAll
  static void openService() throws Exception {
    service = DefaultLibraryService.open(temp.resolve("home"), URI.create("http://127.0.0.1:1"));
    executor = new FxTaskExecutor(3);
    folder = TestLibrary.mixedFolder(temp.resolve("My Documents"));
  }

  @AfterAll
  static void closeService() {
    executor.close();
    service.close();
  }

  @Start
  void start(Stage stage) {
    this.stage = stage;
    app = new CairnApp(service, executor);
    app.start(stage);
  }

  @Test
  @Order(1)
  void theWindowOpensOnTheLibraryWithTheDropZoneAndTheSideBar(FxRobot robot) {
    assertThat(stage.isShowing()).isTrue();
    assertThat(stage.getTitle()).isEqualTo("Cairn");
    assertThat(robot.lookup("#drop-zone").queryAs(VBox.class).isVisible()).isTrue();
    assertThat(robot.lookup("#add-folder").tryQuery()).isPresent();
    for (Screen s : Screen.values()) {
      assertThat(robot.lookup("#nav-" + s.name().toLowerCase()).tryQuery()).isPresent();
    }
  }

  @Test
  @Order(2)
  void droppingAFolderOntoTheWindowIndexesItAndTheTableFills(FxRobot robot) throws Exception {
    VBox dropZone = robot.lookup("#drop-zone").queryAs(VBox.class);
    boolean[] completed = {false};
    TestLibrary.settle();
    robot.interact(() -> completed[0] = FileDrop.drop(dropZone, List.of(folder)));
    assertThat(completed[0]).as("the drop zone accepts and completes a file drop").isTrue();
    LibraryViewModel vm = app.view().libraryViewModel();
    assertThat(
            TestLibrary.waitFor(
                INDEXING_TIMEOUT,
                () -> vm.indexing().stateProperty().get() == IndexingViewModel.State.FINISHED))
        .as("indexing finished; error: %s", vm.errorProperty().get())
        .isTrue();
    WaitForAsyncUtils.waitForFxEvents();
    // The collection is named after the dropped folder and selected.
    assertThat(app.view().collectionsModel().selected()).isEqualTo("my-documents");
    @SuppressWarnings("unchecked")
    TableView<FileEntry> table = robot.lookup("#files").queryAs(TableView.class);
    TestLibrary.waitFor(Duration.ofSeconds(10), () -> table.getItems().size() >= 9);
    assertThat(table.getItems()).hasSize(9);
    assertThat(table.getItems())
        .filteredOn(f -> f.state() == FileState.INDEXED)
        .extracting(f -> f.path().getFileName().toString())
        .contains("Security and privacy.md", "layout-parser-paper-fast.pdf", "fake-email.eml");
    FileEntry locked =
        table.getItems().stream()
            .filter(f -> f.path().getFileName().toString().equals("password.pdf"))
            .findFirst()
            .orElseThrow();
    assertThat(locked.state()).isIn(FileState.SKIPPED, FileState.FAILED);
    assertThat(locked.reason()).containsIgnoringCase("password");

    // Filtering by state keeps only files in that state.
    robot.interact(
        () -> app.view().libraryViewModel().fileList().stateFilterProperty().set(locked.state()));
    assertThat(table.getItems()).isNotEmpty().allMatch(f -> f.state() == locked.state());
    robot.interact(() -> app.view().libraryViewModel().fileList().stateFilterProperty().set(null));
    assertThat(table.getItems()).hasSize(9);
    assertThat(robot.lookup("#summary").queryAs(Label.class).getText()).startsWith("Done.");
    // The UI-stall bound is ChatWindowTest's responsiveness benchmark (tagged "benchmark"): a
    // wall-clock bound is a timing, and timings stay out of the normal run.
  }

  @Test
  @Order(3)
  void ctrlKOpensSearchAndSelectingAResultShowsItsPreview(FxRobot robot) throws Exception {
    robot.press(KeyCode.CONTROL, KeyCode.K).release(KeyCode.K, KeyCode.CONTROL);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(app.view().screenProperty().get()).isEqualTo(Screen.SEARCH);
    TextField query = robot.lookup("#query").queryAs(TextField.class);
    assertThat(query.isFocused()).as("Ctrl+K puts the focus in the query box").isTrue();

    robot.write("end-to-end encryption of the vault").type(KeyCode.ENTER);
    SearchViewModel vm = app.view().searchViewModel();
    assertThat(TestLibrary.waitFor(Duration.ofSeconds(60), () -> !vm.results().isEmpty()))
        .as("results arrived; error: %s", vm.errorProperty().get())
        .isTrue();
    @SuppressWarnings("unchecked")
    ListView<dev.cairn.app.library.ResultItem> results =
        robot.lookup("#results").queryAs(ListView.class);
    assertThat(results.getItems()).isNotEmpty();
    assertThat(results.getItems().getFirst().path().getFileName().toString()).endsWith(".md");
    // The first result is selected and previewed, with the query words highlighted.
    WaitForAsyncUtils.waitForFxEvents();
    Label title = robot.lookup("#preview-title").queryAs(Label.class);
    assertThat(title.getText()).isNotBlank();
    assertThat(Ui.highlightedWords(robot.lookup("#preview-body").query())).isNotEmpty();

    // A PDF result shows its cited page rendered as an image.
    robot.interact(
        () -> {
          vm.queryProperty().set("document image analysis layout detection");
          vm.fileTypeProperty().set("pdf");
          vm.search();
        });
    assertThat(
            TestLibrary.waitFor(
                Duration.ofSeconds(60), () -> vm.preview().pageProperty().get() != null))
        .as("a page image was rendered; error: %s", vm.preview().errorProperty().get())
        .isTrue();
    assertThat(vm.preview().kindProperty().get()).isEqualTo(PreviewViewModel.Kind.PDF_PAGE);
    assertThat(vm.results()).allMatch(r -> r.path().toString().endsWith(".pdf"));
    robot.interact(vm::clearFilters);
  }

  @Test
  @Order(4)
  void withoutAChatModelTheChatSaysOllamaIsDownAndAnswersFromThePassages(FxRobot robot)
      throws Exception {
    ConversationViewModel vm = TestLibrary.openChat(robot, app).conversation();
    assertThat(robot.lookup("#no-model-box").queryAs(VBox.class).isVisible()).isTrue();
    assertThat(robot.lookup("#ollama-status").queryAs(Label.class).getText())
        .isEqualTo("Ollama is not running at 127.0.0.1:1 — start it or choose a GGUF model.");

    robot.clickOn("#question").write("How do I restore an older version of a note?");
    robot.clickOn("#send");
    assertThat(
            TestLibrary.waitFor(
                Duration.ofSeconds(60),
                () ->
                    vm.messages().size() == 2
                        && vm.messages().getLast().state() == ChatMessage.State.DONE))
        .as("the extractive answer completed; error: %s", vm.errorProperty().get())
        .isTrue();
    WaitForAsyncUtils.waitForFxEvents();
    ChatMessage answer = vm.messages().getLast();
    assertThat(answer.text()).isNotBlank();
    assertThat(answer.sources()).isNotEmpty();
    var citations = robot.lookup(".citation").queryAllAs(Hyperlink.class);
    assertThat(citations).isNotEmpty();
    Hyperlink first = citations.iterator().next();
    robot.clickOn(first);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#chat-preview-title").queryAs(Label.class).getText()).isNotBlank();
  }

  @Test
  @Order(5)
  void theWindowRemembersItsSizeAndScreen(FxRobot robot) throws Exception {
    robot.interact(
        () -> {
          app.view().show(Screen.HEALTH);
          stage.setWidth(1000);
          stage.setHeight(700);
        });
    WaitForAsyncUtils.waitForFxEvents();
    WindowState before = WaitForAsyncUtils.asyncFx(() -> app.currentWindowState()).get();
    robot.interact(stage::hide);
    WindowState saved = new WindowStateStore(service.home().resolve("window.json")).load();
    assertThat(saved.screen()).isEqualTo("HEALTH");
    assertThat(saved.width()).isEqualTo(before.width());
    assertThat(saved.height()).isEqualTo(before.height());

    Stage second = WaitForAsyncUtils.asyncFx(() -> new Stage()).get();
    CairnApp again = new CairnApp(service, executor);
    robot.interact(() -> again.start(second));
    assertThat(second.getScene().getWidth()).isEqualTo(saved.width());
    assertThat(again.view().screenProperty().get()).isEqualTo(Screen.HEALTH);
    robot.interact(second::close);
  }
}
