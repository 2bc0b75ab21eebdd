package dev.cairn.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.IndexingListener;
import dev.cairn.chat.testing.OllamaProtocolServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An assistant cancels an {@code ask} of a real {@code cairn mcp} process (issue 17, bad input):
 * raw JSON-RPC on the child's stdin, a chat model served over Ollama's wire protocol that streams
 * slowly (about a minute for the whole reply), over notes indexed with the bundled embedding model.
 * Whether the client sends {@code notifications/cancelled} or closes stdin, the generation's HTTP
 * stream is dropped and the request log says {@code cancelled}.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class McpCancelStdioTest {
  private static final String ASK =
      "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\","
          + "\"arguments\":{\"collection\":\"docs\",\"question\":\"How does sync keep notes the"
          + " same?\"}}}";

  @TempDir static Path temp;
  static Path home;
  static OllamaProtocolServer ollama;

  @BeforeAll
  static void index() throws Exception {
    ollama =
        OllamaProtocolServer.start()
            .setDelay(Duration.ofMillis(200))
            .setChatReply("Sync keeps notes the same on every device [1]. ".repeat(40));
    home = temp.resolve("home");
    try (DefaultLibraryService library = DefaultLibraryService.open(home)) {
      library
          .index("docs", List.of(SharedDocs.syncNotes(temp.resolve("docs"))), IndexingListener.NONE)
          .await();
      library.updateSettings(
          library.settings().withOllamaHost(ollama.uri()).withChatModel("ollama:tiny-chat"));
    }
    new ServerSettingsStore(home)
        .save(ServerSettings.defaults().withExposedCollections(List.of("docs")));
  }

  @AfterAll
  static void stop() {
    ollama.close();
  }

  private static long chats() {
    return ollama.requests().stream().filter(r -> r.path().equals("/api/chat")).count();
  }

  private static void awaitChats(long n, McpChild child) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (chats() < n && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(chats())
        .as(
            "the model started generating; requests: %s; stdout: %s; stderr: %s",
            ollama.requests().stream().map(r -> r.path()).toList(), child.stdout(), child.err())
        .isEqualTo(n);
  }

  private static void awaitAbandoned(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (ollama.abandonedChats() < n && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(ollama.abandonedChats()).as("generations stopped").isEqualTo(n);
  }

  @Test
  void aCancelNotificationStopsTheGenerationAndTheCallAnswersCancelled() throws Exception {
    int abandoned = ollama.abandonedChats();
    long before = chats();
    try (McpChild child = new McpChild(home, temp.resolve("cancel.stderr"))) {
      child.initialize();
      child.send(ASK);
      awaitChats(before + 1, child);
      child.send(
          "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":"
              + "{\"requestId\":2,\"reason\":\"the user pressed stop\"}}");

      JsonNode result = child.response("2", Duration.ofSeconds(60)).path("result");
      assertThat(result.path("isError").asBoolean()).isTrue();
      assertThat(result.path("structuredContent").path("error").path("code").asText())
          .isEqualTo("cancelled");
      assertThat(result.toString()).doesNotContain("Sync keeps notes"); // nothing half-written
      awaitAbandoned(abandoned + 1);

      // The session goes on: the next call answers.
      child.send(
          "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":"
              + "{\"name\":\"list_collections\",\"arguments\":{}}}");
      assertThat(child.response("3", Duration.ofSeconds(60)).path("result").path("isError"))
          .hasToString("false");
      assertThat(child.err()).doesNotContain("No handler registered");
    }
    RequestLog.Entry ask =
        new RequestLog(home)
            .recent(10).stream().filter(e -> e.tool().equals("ask")).toList().getLast();
    assertThat(ask.transport()).isEqualTo("stdio");
    assertThat(ask.outcome()).isEqualTo("cancelled");
  }

  @Test
  void aClientThatClosesStdinMidAnswerCancelsTheGenerationAndTheProcessEnds() throws Exception {
    int abandoned = ollama.abandonedChats();
    long before = chats();
    int logged = new RequestLog(home).recent(RequestLog.KEEP).size();
    try (McpChild child = new McpChild(home, temp.resolve("close.stderr"))) {
      child.initialize();
      child.send(ASK);
      awaitChats(before + 1, child);
      child.closeStdin();
      assertThat(child.awaitExit(Duration.ofSeconds(60))).as(child.err()).isTrue();
      assertThat(child.exitValue()).as(child.err()).isZero();
      awaitAbandoned(abandoned + 1);
    }
    List<RequestLog.Entry> entries = new RequestLog(home).recent(RequestLog.KEEP);
    assertThat(entries).hasSize(logged + 1);
    assertThat(entries.getLast().tool()).isEqualTo("ask");
    assertThat(entries.getLast().outcome()).isEqualTo("cancelled");
  }
}
