package dev.cairn.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.FixtureLibrary;
import dev.cairn.app.server.AccessToken;
import dev.cairn.app.server.LocalServer;
import dev.cairn.app.server.ServerSettings;
import dev.cairn.app.server.ServerSettingsStore;
import dev.cairn.chat.testing.ScriptedChatModel;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Connected apps view model without a window: the real library service (hashing embedder) and
 * the real local server, everything run on the calling thread.
 */
class ConnectedAppsViewModelTest {
  @TempDir Path temp;
  DefaultLibraryService service;
  ConnectedAppsViewModel vm;
  final List<String> clipboard = new ArrayList<>();

  @BeforeEach
  void open() throws Exception {
    service = FixtureLibrary.open(temp.resolve("home"), new ScriptedChatModel("m", "unused"));
    FixtureLibrary.indexNotes(service, temp);
    service.createCollection("mail");
    vm =
        new ConnectedAppsViewModel(
            service, new CurrentThreadTaskExecutor(), new LocalServer(service), clipboard::add);
  }

  @AfterEach
  void close() {
    vm.close();
    service.close();
  }

  @Test
  void nothingIsSharedUntilTheUserTicksACollectionAndTheTickIsSaved() throws Exception {
    vm.load();
    assertThat(vm.collections())
        .extracting(ConnectedAppsViewModel.Row::name)
        .contains("notes", "mail");
    assertThat(vm.collections()).allSatisfy(r -> assertThat(r.exposedProperty().get()).isFalse());
    assertThat(vm.stateProperty().get()).isEqualTo(ConnectedAppsViewModel.State.OFF);

    vm.collections().stream()
        .filter(r -> r.name().equals("notes"))
        .findFirst()
        .orElseThrow()
        .exposedProperty()
        .set(true);
    ServerSettingsStore store = new ServerSettingsStore(service.home());
    assertThat(store.load().exposedCollections()).containsExactly("notes");
    assertThat(vm.statusProperty().get()).contains("notes");
  }

  @Test
  void theSwitchStartsAndStopsTheLocalServerAndItsRequestsAppearInTheLog() throws Exception {
    new ServerSettingsStore(service.home())
        .save(ServerSettings.defaults().withExposedCollections(List.of("notes")));
    vm.load();
    vm.portProperty().set(freePort());
    vm.serverOnProperty().set(true);
    assertThat(vm.stateProperty().get()).isEqualTo(ConnectedAppsViewModel.State.ON);
    assertThat(vm.statusProperty().get()).contains("127.0.0.1:" + vm.portProperty().get());

    HttpResponse<String> r = search(vm.portProperty().get());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("Tart.md");
    vm.refreshRequests();
    assertThat(vm.requests()).hasSize(1);
    assertThat(vm.requests().get(0)).contains("search · notes").contains("http-api");
    assertThat(new ServerSettingsStore(service.home()).load().serverEnabled()).isTrue();

    vm.serverOnProperty().set(false);
    assertThat(vm.stateProperty().get()).isEqualTo(ConnectedAppsViewModel.State.OFF);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> search(vm.portProperty().get()))
        .isInstanceOf(ConnectException.class);
    assertThat(new ServerSettingsStore(service.home()).load().serverEnabled()).isFalse();
  }

  @Test
  void aTakenPortTurnsTheSwitchBackOffWithTheReason() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      vm.load();
      vm.portProperty().set(taken.getLocalPort());
      vm.serverOnProperty().set(true);
      assertThat(vm.stateProperty().get()).isEqualTo(ConnectedAppsViewModel.State.FAILED);
      assertThat(vm.serverOnProperty().get()).isFalse();
      assertThat(vm.errorProperty().get()).contains(String.valueOf(taken.getLocalPort()));
    }
  }

  @Test
  void copyPutsTheExactClientSnippetOnTheClipboard() throws Exception {
    vm.load();
    vm.copySnippet();
    assertThat(clipboard).hasSize(1);
    assertThat(clipboard.get(0))
        .contains("\"mcpServers\"")
        .contains("\"mcp\"")
        .contains(service.home().toString());
    vm.clientProperty().set(dev.cairn.app.server.ClientConfig.Client.VSCODE);
    vm.copySnippet();
    assertThat(clipboard.get(1)).contains("\"servers\"").contains("\"stdio\"");
    assertThat(vm.statusProperty().get()).isEqualTo("Copied the VS Code configuration.");
  }

  private HttpResponse<String> search(int port) throws IOException, InterruptedException {
    String token = AccessToken.loadOrCreate(service.home()).value();
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/search"))
                .header("Authorization", "Bearer " + token)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"query\":\"nectarine tart\",\"collection\":\"notes\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
