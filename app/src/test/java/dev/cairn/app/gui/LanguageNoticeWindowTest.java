package dev.cairn.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.gui.LanguageNoticeViewModel.State;
import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.EmbeddingCatalogEntry;
import dev.cairn.app.library.IndexingListener;
import dev.cairn.app.library.LanguageCoverage;
import dev.cairn.app.library.LibraryService;
import dev.cairn.chat.testing.RangeFileServer;
import dev.cairn.chat.testing.TinyMultilingualModel;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
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
 * The language notice in the real window. Collection "mixed": the real Chinese and Burmese notes of
 * the shared data and one English Obsidian help note, indexed with the bundled English MiniLM — two
 * of three documents are in languages the model was not trained on, so the Library and Index health
 * screens name them with their shares and, because this build pins no hashes for
 * multilingual-e5-small, show the exact download command. Collection "english": five English notes,
 * no notice. Last, with an offer whose hashes are pinned (a multilingual model the test generates,
 * served from a loopback server), the button downloads it and the Library screen re-embeds the
 * collection with it, after which the notice is gone. In between, the product's own path: once the
 * command has left the model folder, Check again offers Re-embed, which the Library screen runs.
 */
@ExtendWith(ApplicationExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LanguageNoticeWindowTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir static Path temp;
  private static LibraryService service;
  private static FxTaskExecutor executor;

  private CairnApp app;

  @BeforeAll
  static void indexAMostlyChineseAndBurmeseAndAnEnglishCollection() throws Exception {
    service = DefaultLibraryService.open(temp.resolve("home"), URI.create("http://127.0.0.1:1"));
    executor = new FxTaskExecutor(2);
    Path mixed = Files.createDirectories(temp.resolve("mixed"));
    Path shared = TestLibrary.docs().resolve("multilingual_notes");
    for (String f : List.of("embedding-rag-notes.zh.md", "leann-faiss-notes.my.md")) {
      Files.copy(shared.resolve(f), mixed.resolve(f));
    }
    Path sync =
        TestLibrary.docs().resolve("markdown_obsidian_vaults/obsidian-help-en/Obsidian Sync");
    Files.copy(sync.resolve("Version history.md"), mixed.resolve("Version history.md"));
    service.index("mixed", List.of(mixed), IndexingListener.NONE).await();
    Path english = Files.createDirectories(temp.resolve("english"));
    for (String note : TestLibrary.NOTES) {
      Files.copy(sync.resolve(note), english.resolve(note));
    }
    service.index("english", List.of(english), IndexingListener.NONE).await();
    Path zhMy = Files.createDirectories(temp.resolve("zh-my"));
    for (String f : List.of("embedding-rag-notes.zh.md", "leann-faiss-notes.my.md")) {
      Files.copy(shared.resolve(f), zhMy.resolve(f));
    }
    service.index("zh-my", List.of(zhMy), IndexingListener.NONE).await();
  }

  @AfterAll
  static void close() {
    executor.close();
    service.close();
  }

  @Start
  void start(Stage stage) {
    app = new CairnApp(service, executor);
    app.start(stage);
  }

  @Test
  @Order(1)
  void theLibraryAndHealthScreensNameTheLanguagesAndShowTheDownloadCommand(FxRobot robot)
      throws Exception {
    assertThat(service.documentLanguages("mixed").documentsByLanguage())
        .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("zh", 1, "my", 1, "en", 1));
    LanguageNoticeViewModel vm = app.view().languageNoticeViewModel();
    robot.interact(() -> app.view().collectionsModel().select("mixed"));
    awaitState(vm, State.UNVERIFIED);

    Node library = robot.lookup("#library-view").query();
    assertThat(robot.from(library).lookup("#language-notice").query().isVisible()).isTrue();
    String text =
        robot.from(library).lookup("#language-notice-text").queryAs(Label.class).getText();
    assertThat(text)
        .startsWith("2 of 3 documents whose language is known (67 %) are in languages")
        .contains("all-minilm-l6-v2")
        .contains("Chinese (zh) 1 document (33 %)")
        .contains("Burmese (my) 1 document (33 %)")
        .contains("multilingual-e5-small")
        .doesNotContain("English (en)");
    assertThat(robot.from(library).lookup("#language-status").queryAs(Label.class).getText())
        .contains("this window cannot download it")
        .contains("does not pin the SHA-256");
    assertThat(robot.from(library).lookup("#language-command").queryAs(TextField.class).getText())
        .isEqualTo(
            "cairn models --download-embedding multilingual-e5-small"
                + " --sha256 model.onnx=<SHA-256 of model.onnx>"
                + " --sha256 tokenizer.json=<SHA-256 of tokenizer.json>");
    assertThat(robot.from(library).lookup("#language-reembed").queryAs(Button.class).isVisible())
        .isFalse();
    assertThat(robot.from(library).lookup("#language-command-row").query().isVisible()).isTrue();

    robot.interact(() -> app.view().show(Screen.HEALTH));
    WaitForAsyncUtils.waitForFxEvents();
    Node health = robot.lookup("#health-view").query();
    assertThat(robot.from(health).lookup("#health-language-notice").query().isVisible()).isTrue();
    assertThat(
            robot
                .from(health)
                .lookup("#health-language-notice-text")
                .queryAs(Label.class)
                .getText())
        .isEqualTo(text);
    assertThat(
            robot
                .from(health)
                .lookup("#health-language-command")
                .queryAs(TextField.class)
                .getText())
        .startsWith("cairn models --download-embedding multilingual-e5-small");
  }

  @Test
  @Order(2)
  void anEnglishCollectionGetsNoNotice(FxRobot robot) throws Exception {
    assertThat(service.documentLanguages("english").documentsByLanguage())
        .containsOnlyKeys("en")
        .containsEntry("en", TestLibrary.NOTES.size());
    LanguageNoticeViewModel vm = app.view().languageNoticeViewModel();
    robot.interact(() -> app.view().collectionsModel().select("mixed"));
    awaitState(vm, State.UNVERIFIED);
    robot.interact(() -> app.view().collectionsModel().select("english"));
    awaitState(vm, State.HIDDEN);
    assertThat(vm.noticeProperty().get()).isEmpty();
    assertThat(robot.lookup("#language-notice").query().isVisible()).isFalse();
  }

  @Test
  @Order(3)
  void onceTheCommandHasDownloadedTheModelCheckAgainOffersTheReembedAndTheNoticeGoes(FxRobot robot)
      throws Exception {
    LanguageNoticeViewModel vm = app.view().languageNoticeViewModel();
    LibraryViewModel library = app.view().libraryViewModel();
    robot.interact(() -> app.view().collectionsModel().select("mixed"));
    awaitState(vm, State.UNVERIFIED);
    // What cairn models --download-embedding leaves: a model folder under the home (a generated
    // multilingual model stands in for multilingual-e5-small, which cannot be fetched here).
    Path folder = service.home().resolve("models/embeddings/multilingual-e5-small");
    TinyMultilingualModel.write(folder, 5);
    robot.interact(() -> robot.lookup("#language-check-again").queryAs(Button.class).fire());
    awaitState(vm, State.DOWNLOADED);
    Button act = robot.lookup("#language-reembed").queryAs(Button.class);
    assertThat(act.isVisible()).isTrue();
    assertThat(act.getText()).isEqualTo("Re-embed with multilingual-e5-small");
    assertThat(robot.lookup("#language-command-row").query().isVisible()).isFalse();

    List<State> seen = new CopyOnWriteArrayList<>();
    robot.interact(() -> vm.stateProperty().addListener((o, was, now) -> seen.add(now)));
    robot.interact(act::fire);
    assertThat(
            TestLibrary.waitFor(
                TIMEOUT,
                () ->
                    seen.contains(State.REEMBEDDING)
                        && library.indexing().stateProperty().get()
                            == IndexingViewModel.State.FINISHED
                        && seen.getLast() == State.HIDDEN))
        .as(
            "notice %s %s, library %s",
            seen, vm.statusProperty().get(), library.indexing().stateProperty().get())
        .isTrue();
    assertThat(service.embedder("mixed").current()).isEqualTo("onnx:" + folder);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#language-notice").query().isVisible()).isFalse();
  }

  @Test
  @Order(4)
  void aPinnedOfferIsDownloadedAndTheLibraryReembedsTheCollectionWithIt(FxRobot robot)
      throws Exception {
    Path model = TinyMultilingualModel.write(temp.resolve("tiny"), 3);
    try (RangeFileServer onnx = RangeFileServer.serve(model.resolve("model.onnx"));
        RangeFileServer tokenizer = RangeFileServer.serve(model.resolve("tokenizer.json"))) {
      EmbeddingCatalogEntry offer =
          new EmbeddingCatalogEntry(
              "tiny-multilingual",
              "Tiny multilingual",
              List.of(
                  new EmbeddingCatalogEntry.File("model.onnx", onnx.url(), 0, onnx.sha256()),
                  new EmbeddingCatalogEntry.File(
                      "tokenizer.json", tokenizer.url(), 0, tokenizer.sha256())),
              384,
              128,
              "MEAN",
              "query: ",
              "passage: ",
              "test",
              "the loopback server's own files");
      CollectionsModel collections = new CollectionsModel(service, executor);
      LibraryViewModel library = new LibraryViewModel(service, executor, collections);
      LanguageNoticeViewModel vm =
          new LanguageNoticeViewModel(service, executor, collections, library.indexing(), offer);
      Stage[] stage = new Stage[1];
      robot.interact(
          () -> {
            stage[0] = new Stage();
            stage[0].setScene(new Scene(new LanguageNoticePane(vm, "pinned-"), 640, 320));
            stage[0].show();
            collections.refreshAndSelect("zh-my");
          });
      try {
        awaitState(vm, State.DOWNLOADABLE);
        Button act = robot.lookup("#pinned-language-reembed").queryAs(Button.class);
        assertThat(act.getText()).isEqualTo("Download Tiny multilingual and re-embed");
        List<State> seen = new CopyOnWriteArrayList<>();
        robot.interact(() -> vm.stateProperty().addListener((o, was, now) -> seen.add(now)));
        robot.interact(act::fire);
        assertThat(
                TestLibrary.waitFor(
                    TIMEOUT,
                    () ->
                        seen.contains(State.REEMBEDDING)
                            && library.indexing().stateProperty().get()
                                == IndexingViewModel.State.FINISHED
                            && vm.stateProperty().get() == State.HIDDEN))
            .as(
                "notice %s %s, library %s",
                seen, vm.statusProperty().get(), library.indexing().stateProperty().get())
            .isTrue();
        assertThat(seen).containsSubsequence(State.DOWNLOADING, State.REEMBEDDING, State.HIDDEN);
        assertThat(service.embedder("zh-my").current())
            .isEqualTo("onnx:" + service.home().resolve("models/embeddings/tiny-multilingual"));
        String modelId = service.documentLanguages("zh-my").embeddingModel();
        assertThat(LanguageCoverage.englishOnly(modelId)).as(modelId).isFalse();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#pinned-language-notice").query().isVisible()).isFalse();
      } finally {
        robot.interact(() -> stage[0].close());
      }
    }
  }

  private static void awaitState(LanguageNoticeViewModel vm, State wanted) throws Exception {
    assertThat(TestLibrary.waitFor(TIMEOUT, () -> vm.stateProperty().get() == wanted))
        .as("state %s (status: %s)", vm.stateProperty().get(), vm.statusProperty().get())
        .isTrue();
    WaitForAsyncUtils.waitForFxEvents();
  }
}
