package dev.cairn.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.LibraryService;
import dev.cairn.app.library.ModelDownload;
import dev.cairn.app.library.ModelsReport.ModelEntry;
import dev.cairn.chat.testing.RangeFileServer;
import dev.cairn.chat.testing.TinyLlamaGguf;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
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
 * The chat window's no-model panel: it offers the recommended model as a Download button, and a
 * download (here of the tiny llama GGUF from a loopback server, never from the internet) fills the
 * model picker and hides the panel.
 */
@ExtendWith(ApplicationExtension.class)
class ChatDownloadWindowTest {
  @TempDir static Path temp;
  private static LibraryService service;
  private static FxTaskExecutor executor;
  private static RangeFileServer server;

  private CairnApp app;

  @BeforeAll
  static void openAnEmptyHome() throws Exception {
    service = DefaultLibraryService.open(temp.resolve("home"), URI.create("http://127.0.0.1:1"));
    executor = new FxTaskExecutor(2);
    server = RangeFileServer.serve(TinyLlamaGguf.write(temp.resolve("tiny-chat.gguf")));
  }

  @AfterAll
  static void close() {
    executor.close();
    service.close();
    server.close();
  }

  @Start
  void start(Stage stage) {
    app = new CairnApp(service, executor);
    app.start(stage);
  }

  @Test
  void theDownloadButtonIsOfferedAndADownloadedModelIsSelectedAndHidesThePanel(FxRobot robot)
      throws Exception {
    ChatViewModel vm = TestLibrary.openChat(robot, app);
    assertThat(robot.lookup("#no-model-box").queryAs(VBox.class).isVisible()).isTrue();
    Button download = robot.lookup("#download-recommended").queryAs(Button.class);
    assertThat(download.isVisible()).isTrue();
    assertThat(download.getText())
        .startsWith("Download " + service.recommendedDownloads().getFirst().displayName());
    assertThat(robot.lookup("#cancel-download").queryAs(Button.class).getParent().isVisible())
        .as("progress and Cancel only while downloading")
        .isFalse();

    ModelDownload tiny =
        new ModelDownload(
            "Tiny chat",
            "tiny-chat.gguf",
            server.url(),
            server.content().length,
            server.sha256(),
            "test");
    robot.interact(() -> vm.download().download(tiny));
    assertThat(
            TestLibrary.waitFor(
                Duration.ofSeconds(20),
                () ->
                    !vm.download().downloadingProperty().get()
                        && vm.picker().modelProperty().get().spec().endsWith("tiny-chat.gguf")))
        .as("downloaded and selected; status: %s", vm.download().statusProperty().get())
        .isTrue();
    WaitForAsyncUtils.waitForFxEvents();
    @SuppressWarnings("unchecked")
    ComboBox<ModelEntry> picker = robot.lookup("#model-picker").queryAs(ComboBox.class);
    assertThat(picker.getValue().spec())
        .isEqualTo("gguf:" + service.home().resolve("models").resolve("tiny-chat.gguf"));
    assertThat(robot.lookup("#no-model-box").queryAs(VBox.class).isVisible()).isFalse();
    assertThat(robot.lookup("#download-hint").queryAs(Label.class).getText())
        .isEqualTo("Downloaded — ready to chat with Tiny chat.");
    assertThat(robot.lookup("#cancel-download").queryAs(Button.class).getParent())
        .isInstanceOf(HBox.class)
        .matches(p -> !p.isVisible());
  }
}
