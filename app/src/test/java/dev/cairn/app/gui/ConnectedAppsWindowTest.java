package dev.cairn.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.FixtureLibrary;
import dev.cairn.app.server.ServerSettingsStore;
import dev.cairn.chat.testing.ScriptedChatModel;
import java.nio.file.Path;
import java.time.Duration;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
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
 * Settings → Connected apps in the real window: ticking a collection shares it, the switch starts
 * the local server, and the snippet shown is the one copied.
 */
@ExtendWith(ApplicationExtension.class)
class ConnectedAppsWindowTest {
  @TempDir static Path temp;
  private static DefaultLibraryService service;
  private static FxTaskExecutor executor;

  private CairnApp app;

  @BeforeAll
  static void openService() throws Exception {
    service = FixtureLibrary.open(temp.resolve("home"), new ScriptedChatModel("m", "unused"));
    FixtureLibrary.indexNotes(service, temp);
    executor = new FxTaskExecutor(2);
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
  void theUserSharesACollectionTurnsTheServerOnAndCopiesTheSnippet(FxRobot robot) throws Exception {
    robot.interact(() -> app.view().show(Screen.SETTINGS));
    assertThat(
            TestLibrary.waitFor(
                Duration.ofSeconds(20), () -> robot.lookup("#expose-notes").tryQuery().isPresent()))
        .isTrue();
    CheckBox notes = robot.lookup("#expose-notes").queryAs(CheckBox.class);
    assertThat(notes.isSelected()).isFalse();
    robot.interact(() -> notes.setSelected(true));
    ServerSettingsStore store = new ServerSettingsStore(service.home());
    assertThat(
            TestLibrary.waitFor(
                Duration.ofSeconds(20),
                () -> {
                  try {
                    return store.load().exposedCollections().contains("notes");
                  } catch (Exception e) {
                    return false;
                  }
                }))
        .isTrue();

    int port = freePort();
    robot.interact(() -> app.view().connectedAppsViewModel().portProperty().set(port));
    robot.interact(() -> app.view().connectedAppsViewModel().serverOnProperty().set(true));
    assertThat(
            TestLibrary.waitFor(
                Duration.ofSeconds(30),
                () ->
                    app.view().connectedAppsViewModel().stateProperty().get()
                        == ConnectedAppsViewModel.State.ON))
        .isTrue();
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#connected-apps-status").queryAs(Label.class).getText())
        .contains("Listening on http://127.0.0.1:");

    String shown = robot.lookup("#connected-apps-snippet").queryAs(TextArea.class).getText();
    assertThat(shown).contains("\"mcpServers\"").contains("\"mcp\"");
    robot.interact(() -> app.view().connectedAppsViewModel().copySnippet());
    WaitForAsyncUtils.waitForFxEvents();
    String[] copied = new String[1];
    robot.interact(() -> copied[0] = javafx.scene.input.Clipboard.getSystemClipboard().getString());
    assertThat(copied[0]).isEqualTo(shown);

    // One real request, so the log shows it; the section's picture goes to target/ (the README's
    // docs/screenshots/connected-apps.png is copied from there).
    String token = dev.cairn.app.server.AccessToken.loadOrCreate(service.home()).value();
    java.net.http.HttpResponse<String> r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/api/search"))
                    .header("Authorization", "Bearer " + token)
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"query\":\"nectarine tart\",\"collection\":\"notes\"}"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    robot.interact(() -> app.view().connectedAppsViewModel().refreshRequests());
    assertThat(
            TestLibrary.waitFor(
                Duration.ofSeconds(20),
                () -> !app.view().connectedAppsViewModel().requests().isEmpty()))
        .isTrue();
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(
            robot
                .lookup("#connected-apps-requests")
                .queryAs(javafx.scene.control.ListView.class)
                .getItems())
        .hasSize(1);
    javafx.scene.Node section = robot.lookup("#connected-apps").query();
    javafx.scene.image.WritableImage[] image = new javafx.scene.image.WritableImage[1];
    robot.interact(() -> image[0] = section.snapshot(null, null));
    javax.imageio.ImageIO.write(
        javafx.embed.swing.SwingFXUtils.fromFXImage(image[0], null),
        "png",
        Path.of("target", "connected-apps.png").toFile());
    robot.interact(() -> app.view().connectedAppsViewModel().serverOnProperty().set(false));
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
