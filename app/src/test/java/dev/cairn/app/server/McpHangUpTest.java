package dev.cairn.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.chat.testing.ScriptedChatModel;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An MCP client that hangs up on {@code POST /mcp} in the middle of an {@code ask} cancels the call
 * (issue 17, bad input): a real Jetty on loopback, a session opened with {@code initialize} over a
 * raw socket, a {@code tools/call} whose slow chat model is still generating, then the socket
 * closed with no {@code notifications/cancelled}. The server notices through the SSE comment lines
 * of {@link McpStreamProbe}; an answer that is waited for arrives whole after them, for a raw
 * client and for the official SDK client.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class McpHangUpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROTOCOL = "2025-06-18";
  private static final String SENTENCE = "Sync keeps notes the same on every device [1]. ";
  private static final String ASK =
      "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\","
          + "\"arguments\":{\"collection\":\"sync\",\"question\":\"How does sync keep notes the"
          + " same?\"}}}";

  @Test
  void aClientThatHangsUpMidAnswerCancelsTheCall(@TempDir Path tmp) throws Exception {
    // About a minute of generation unless something stops it.
    ScriptedChatModel model =
        new ScriptedChatModel("slow", SENTENCE.repeat(50)).pause(Duration.ofMillis(150));
    try (Served served = Served.start(tmp, model)) {
      String session = served.initialize();
      try (Socket s = served.open(session, ASK)) {
        String head = SlowModelServer.readHead(s.getInputStream());
        assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("text/event-stream");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (model.requests().isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(model.requests()).as("the model started generating").hasSize(1);
      } // hung up: no cancel notification, the connection is just closed

      // Noticed by the probe's next comment line, long before the minute of generation is over.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (served.lastOutcome().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(model.cancelledRuns()).as("the generation was stopped").isEqualTo(1);
      RequestLog.Entry last = served.log.recent(1).getFirst();
      assertThat(last.tool()).isEqualTo("ask");
      assertThat(last.transport()).isEqualTo("http-mcp");
      assertThat(last.outcome()).isEqualTo("cancelled");
      assertThat(last.results()).isZero();
      // Nothing half-written: every line of the request log is a whole JSON object.
      for (String line : Files.readAllLines(served.home.resolve("server/requests.jsonl"))) {
        assertThat(JSON.readTree(line).isObject()).as(line).isTrue();
      }

      // The session goes on: the next call on a new connection answers.
      JsonNode listed =
          served.call(
              session,
              "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":"
                  + "{\"name\":\"list_collections\",\"arguments\":{}}}");
      assertThat(listed.path("id").asInt()).isEqualTo(8);
      assertThat(listed.path("result").path("isError").asBoolean()).isFalse();
    }
  }

  @Test
  void aSlowAnswerThatIsWaitedForArrivesWholeAfterCommentLines(@TempDir Path tmp) throws Exception {
    // A few seconds of generation: longer than McpStreamProbe.FIRST, so comment lines are sent.
    ScriptedChatModel model =
        new ScriptedChatModel("slow", SENTENCE.repeat(3)).pause(Duration.ofMillis(150));
    try (Served served = Served.start(tmp, model)) {
      String session = served.initialize();
      String body = served.exchange(session, ASK);
      assertThat(body).as("the probe's comment lines").startsWith(":\n");
      JsonNode answer = sseMessage(body);
      assertThat(answer.path("id").asInt()).isEqualTo(7);
      assertThat(answer.path("result").path("isError").asBoolean()).isFalse();
      assertThat(answer.path("result").path("structuredContent").path("answer").asText())
          .contains("Sync keeps notes the same on every device");

      // The official SDK client parses the same stream, comment lines and all.
      HttpClientStreamableHttpTransport transport =
          HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + served.server.port())
              .endpoint(HttpServer.MCP_PATH)
              .requestBuilder(
                  HttpRequest.newBuilder()
                      .header("Authorization", "Bearer " + served.token.value()))
              .build();
      try (McpSyncClient client =
          McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build()) {
        client.initialize();
        McpSchema.CallToolResult result =
            client.callTool(
                new McpSchema.CallToolRequest(
                    "ask",
                    Map.of(
                        "collection", "sync", "question", "How does sync keep notes the same?")));
        assertThat(result.isError()).isFalse();
        assertThat(((Map<?, ?>) result.structuredContent()).get("answer").toString())
            .contains("Sync keeps notes the same on every device");
      }
      assertThat(model.cancelledRuns()).isZero();
      assertThat(served.log.recent(2)).extracting(RequestLog.Entry::outcome).containsOnly("ok");
    }
  }

  /** {@link SlowModelServer} with the MCP session helpers of these tests. */
  private static final class Served implements AutoCloseable {
    final Path home;
    final DefaultLibraryService library;
    final RequestLog log;
    final AccessToken token;
    final HttpServer server;
    private final SlowModelServer fixture;

    private Served(SlowModelServer fixture) {
      this.fixture = fixture;
      this.home = fixture.home;
      this.library = fixture.library;
      this.log = fixture.log;
      this.token = fixture.token;
      this.server = fixture.server;
    }

    static Served start(Path tmp, ScriptedChatModel model) throws Exception {
      return new Served(SlowModelServer.start(tmp, model));
    }

    /** Opens a session and says it is initialized; returns its id. */
    String initialize() throws Exception {
      String response =
          raw(
              null,
              "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                  + "\"protocolVersion\":\""
                  + PROTOCOL
                  + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
      assertThat(response).startsWith("HTTP/1.1 200");
      String session = header(response, "Mcp-Session-Id");
      assertThat(raw(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"))
          .startsWith("HTTP/1.1 202");
      return session;
    }

    /** Posts {@code body} and returns the JSON-RPC message that answers it. */
    JsonNode call(String session, String body) throws Exception {
      return sseMessage(exchange(session, body));
    }

    /** Posts {@code body} and returns the response body, de-chunked. */
    String exchange(String session, String body) throws Exception {
      String response = raw(session, body);
      assertThat(response).startsWith("HTTP/1.1 200");
      return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    /** Posts {@code body} on a connection of its own; the caller reads and closes it. */
    Socket open(String session, String body) throws Exception {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      Socket s = new Socket("127.0.0.1", server.port());
      StringBuilder head =
          new StringBuilder("POST ")
              .append(HttpServer.MCP_PATH)
              .append(" HTTP/1.1\r\nHost: 127.0.0.1:")
              .append(server.port())
              .append("\r\nAuthorization: Bearer ")
              .append(token.value())
              .append("\r\nContent-Type: application/json")
              .append("\r\nAccept: application/json, text/event-stream")
              .append("\r\nConnection: close");
      if (session != null) {
        head.append("\r\nMcp-Session-Id: ")
            .append(session)
            .append("\r\nMCP-Protocol-Version: ")
            .append(PROTOCOL);
      }
      head.append("\r\nContent-Length: ").append(bytes.length).append("\r\n\r\n");
      OutputStream out = s.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      return s;
    }

    /** The whole response: status line, headers, the body de-chunked. */
    private String raw(String session, String body) throws Exception {
      try (Socket s = open(session, body)) {
        s.setSoTimeout(90_000);
        InputStream in = s.getInputStream();
        String head = SlowModelServer.readHead(in);
        byte[] rest = in.readAllBytes();
        boolean chunked = head.toLowerCase(java.util.Locale.ROOT).contains("chunked");
        return head
            + new String(chunked ? SlowModelServer.dechunk(rest) : rest, StandardCharsets.UTF_8);
      }
    }

    /** The outcome of the last logged request, once there is one for {@code ask}. */
    Optional<String> lastOutcome() {
      List<RequestLog.Entry> recent = log.recent(1);
      return recent.isEmpty() || !recent.getFirst().tool().equals("ask")
          ? Optional.empty()
          : Optional.of(recent.getFirst().outcome());
    }

    @Override
    public void close() {
      fixture.close();
    }
  }

  private static String header(String response, String name) {
    for (String line : response.substring(0, response.indexOf("\r\n\r\n")).split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
        return line.substring(colon + 1).strip();
      }
    }
    throw new AssertionError("no " + name + " header in: " + response);
  }

  /** The JSON-RPC message of an SSE body: the data of its one event. */
  private static JsonNode sseMessage(String body) throws Exception {
    StringBuilder data = new StringBuilder();
    for (String line : body.split("\n", -1)) {
      if (line.startsWith("data:")) {
        data.append(line.substring(5).strip());
      } else {
        assertThat(line).as("an SSE line in: " + body).matches("|:|id:.*|event:.*");
      }
    }
    assertThat(data).as("an SSE event with data in: " + body).isNotEmpty();
    return JSON.readTree(data.toString());
  }
}
