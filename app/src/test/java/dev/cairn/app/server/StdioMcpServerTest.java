package dev.cairn.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.library.ChildJvm;
import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.IndexingListener;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn mcp} as an assistant runs it: a real second JVM ({@code dev.cairn.app.Main --home H
 * mcp}) driven over its stdin/stdout by the official MCP Java SDK client, over a collection indexed
 * with the bundled embedding model from {@code ../shared/data/docs} (five Markdown notes, a
 * two-page PDF, an email).
 */
class StdioMcpServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path temp;
  static Path home;
  static Path docs;

  @BeforeAll
  static void index() throws Exception {
    home = temp.resolve("home");
    docs = SharedDocs.syncNotes(temp.resolve("docs"));
    SharedDocs.paperAndMail(docs);
    Path other = SharedDocs.paperAndMail(temp.resolve("other"));
    try (DefaultLibraryService library = DefaultLibraryService.open(home)) {
      library.index("docs", List.of(docs), IndexingListener.NONE).await();
      library.index("hidden", List.of(other), IndexingListener.NONE).await();
    }
    new ServerSettingsStore(home)
        .save(ServerSettings.defaults().withExposedCollections(List.of("docs")));
  }

  static McpSyncClient spawn(String... extra) {
    List<String> command =
        new ArrayList<>(ChildJvm.command("dev.cairn.app.Main", "--home", home.toString(), "mcp"));
    command.addAll(List.of(extra));
    ServerParameters params =
        ServerParameters.builder(command.get(0)).args(command.subList(1, command.size())).build();
    StdioClientTransport transport = new StdioClientTransport(params, McpTools.mapper());
    transport.setStdErrorHandler(line -> {});
    McpSyncClient client =
        McpClient.sync(transport)
            .requestTimeout(Duration.ofSeconds(120))
            .initializationTimeout(Duration.ofSeconds(120))
            .build();
    client.initialize();
    return client;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> structured(McpSchema.CallToolResult r) {
    return (Map<String, Object>) r.structuredContent();
  }

  @Test
  @SuppressWarnings("unchecked")
  void anAssistantSearchesReadsAndAsksThroughTheRealProcess() {
    try (McpSyncClient client = spawn()) {
      assertThat(client.getCurrentInitializationResult().serverInfo().name()).isEqualTo("cairn");
      assertThat(client.listTools().tools()).hasSize(5);
      assertThat(client.listResources().resources())
          .extracting(McpSchema.Resource::uri)
          .containsExactly("cairn://collections/docs");

      McpSchema.CallToolResult search =
          client.callTool(
              new McpSchema.CallToolRequest(
                  "search", Map.of("query", "which regions can store my remote vault", "k", 3)));
      assertThat(search.isError()).isFalse();
      List<Map<String, Object>> results =
          (List<Map<String, Object>>) structured(search).get("results");
      assertThat(results)
          .extracting(r -> (String) r.get("path"))
          .anyMatch(p -> p.endsWith("Sync regions.md"));

      String pdf = docs.resolve("layout-parser-paper-fast.pdf").toAbsolutePath().toString();
      Map<String, Object> doc =
          structured(
              client.callTool(
                  new McpSchema.CallToolRequest(
                      "get_document", Map.of("path", pdf, "part", 1, "max_chars", 500))));
      List<Map<String, Object>> parts = (List<Map<String, Object>>) doc.get("parts");
      assertThat(parts).extracting(p -> p.get("page")).containsExactly(1, 2);
      assertThat((String) doc.get("text")).hasSizeLessThanOrEqualTo(500).isNotBlank();

      McpSchema.CallToolResult ask =
          client.callTool(
              new McpSchema.CallToolRequest(
                  "ask", Map.of("question", "How long does Obsidian keep version history?")));
      assertThat(ask.isError()).isFalse();
      assertThat((List<?>) structured(ask).get("citations")).isNotEmpty();

      McpSchema.CallToolResult hidden =
          client.callTool(
              new McpSchema.CallToolRequest(
                  "search", Map.of("query", "layout", "collection", "hidden")));
      assertThat(hidden.isError()).isTrue();
      assertThat(hidden.content().toString()).contains("unknown_collection");
    }
    assertThat(new RequestLog(home).recent(10))
        .extracting(RequestLog.Entry::transport)
        .contains("stdio");
  }

  @Test
  void theCollectionsOptionOverridesTheSavedChoiceForOneRun() {
    try (McpSyncClient client = spawn("--collections", "hidden")) {
      assertThat(client.listResources().resources())
          .extracting(McpSchema.Resource::uri)
          .containsExactly("cairn://collections/hidden");
    }
  }

  @Test
  void standardOutputCarriesOnlyProtocolMessagesAndTheServerExitsWhenStdinCloses()
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(ChildJvm.command("dev.cairn.app.Main", "--home", home.toString(), "mcp"))
            .redirectError(temp.resolve("stderr.txt").toFile())
            .start();
    String requests =
        """
        {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}
        {"jsonrpc":"2.0","method":"notifications/initialized"}
        {"jsonrpc":"2.0","id":2,"method":"tools/list"}
        {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"search","arguments":{"query":"encryption","k":2}}}
        """;
    p.getOutputStream().write(requests.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().flush();
    List<JsonNode> replies = new ArrayList<>();
    try (var out = p.inputReader(StandardCharsets.UTF_8)) {
      String line;
      while (replies.size() < 3 && (line = out.readLine()) != null) {
        replies.add(JSON.readTree(line));
      }
      p.getOutputStream().close();
      String rest;
      while ((rest = out.readLine()) != null) {
        replies.add(JSON.readTree(rest));
      }
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exits after stdin closes").isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(replies).extracting(n -> n.path("id").asInt()).contains(1, 2, 3);
    assertThat(replies).allSatisfy(n -> assertThat(n.path("jsonrpc").asText()).isEqualTo("2.0"));
    assertThat(Files.readString(temp.resolve("stderr.txt"))).contains("cairn mcp: serving");
  }
}
