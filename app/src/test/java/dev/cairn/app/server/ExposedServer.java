package dev.cairn.app.server;

import dev.cairn.app.library.DefaultLibraryService;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Shared test fixture (issue 16): an already indexed library with some of its collections exposed,
 * served by a real Jetty on a loopback port with the home's access token, and the official MCP SDK
 * client pointed at it. Used by {@link HttpServerTest} and {@link McpMailFiltersTest}.
 */
final class ExposedServer implements AutoCloseable {
  final DefaultLibraryService library;
  final AccessToken token;
  final HttpServer server;

  private ExposedServer(DefaultLibraryService library, AccessToken token, HttpServer server) {
    this.library = library;
    this.token = token;
    this.server = server;
  }

  /**
   * Exposes {@code exposed} of {@code library} (whose home is {@code home}) and starts the server
   * on port 0; on failure the library is closed. {@link #close()} closes the server and library.
   */
  static ExposedServer start(Path home, DefaultLibraryService library, List<String> exposed)
      throws Exception {
    try {
      ServerSettingsStore store = new ServerSettingsStore(home);
      store.save(ServerSettings.defaults().withExposedCollections(exposed));
      CairnTools tools =
          new CairnTools(library, new Scope(store, Optional.empty()), new RequestLog(home));
      AccessToken token = AccessToken.loadOrCreate(home);
      return new ExposedServer(library, token, HttpServer.start(tools, token, 0));
    } catch (Exception | Error e) {
      library.close();
      throw e;
    }
  }

  /** An initialized official MCP SDK client on {@code /mcp} with the bearer token. */
  McpSyncClient mcpClient() {
    HttpClientStreamableHttpTransport transport =
        HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + server.port())
            .endpoint(HttpServer.MCP_PATH)
            .requestBuilder(
                HttpRequest.newBuilder().header("Authorization", "Bearer " + token.value()))
            .build();
    McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build();
    client.initialize();
    return client;
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      library.close();
    }
  }
}
