package dev.cairn.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.chat.testing.ScriptedChatModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An MCP client cancels an {@code ask} over streamable HTTP (issue 17, bad input): a real Jetty on
 * loopback, a session opened with {@code initialize}, a {@code tools/call} whose slow chat model is
 * still generating, then {@code notifications/cancelled} for its request id — raw JSON-RPC, since
 * the SDK's client cannot send a cancel. The call answers the typed error {@code cancelled}, the
 * generation is stopped, the request log says {@code cancelled}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class McpCancelHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROTOCOL = "2025-06-18";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @Test
  void aCancelledAskStopsItsGenerationAndAnswersCancelled(@TempDir Path tmp) throws Exception {
    // About a minute of generation unless something stops it.
    ScriptedChatModel model =
        new ScriptedChatModel("slow", "Sync keeps notes the same on every device [1]. ".repeat(50))
            .pause(Duration.ofMillis(150));
    try (SlowModelServer served = SlowModelServer.start(tmp, model)) {
      AccessToken token = served.token;
      RequestLog log = served.log;
      URI mcp = URI.create("http://127.0.0.1:" + served.server.port() + HttpServer.MCP_PATH);
      HttpResponse<String> init =
          post(
              mcp,
              token,
              null,
              "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                  + "\"protocolVersion\":\""
                  + PROTOCOL
                  + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
      assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
      String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
      assertThat(
              post(
                      mcp,
                      token,
                      session,
                      "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                  .statusCode())
          .isEqualTo(202);

      // A call nobody cancels passes the filter and answers as before.
      JsonNode listed =
          message(
              post(
                      mcp,
                      token,
                      session,
                      "{\"jsonrpc\":\"2.0\",\"id\":\"list\",\"method\":\"tools/call\",\"params\":"
                          + "{\"name\":\"list_collections\",\"arguments\":{}}}")
                  .body());
      assertThat(listed.path("result").path("isError").asBoolean()).isFalse();
      assertThat(listed.path("result").path("structuredContent").path("collections").size())
          .isEqualTo(1);

      CompletableFuture<HttpResponse<String>> asked =
          http.sendAsync(
              request(
                  mcp,
                  token,
                  session,
                  "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
                      + "\"ask\",\"arguments\":{\"collection\":\"sync\",\"question\":"
                      + "\"How does sync keep notes the same?\"}}}"),
              HttpResponse.BodyHandlers.ofString());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (model.requests().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(model.requests()).as("the model started generating").hasSize(1);
      assertThat(asked).isNotDone();

      HttpResponse<String> cancel =
          post(
              mcp,
              token,
              session,
              "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":"
                  + "{\"requestId\":2,\"reason\":\"the user pressed stop\"}}");
      assertThat(cancel.statusCode()).isEqualTo(202);

      JsonNode answer = message(asked.get(60, TimeUnit.SECONDS).body());
      assertThat(answer.path("id").asInt()).isEqualTo(2);
      JsonNode result = answer.path("result");
      assertThat(result.path("isError").asBoolean()).isTrue();
      assertThat(result.path("structuredContent").path("error").path("code").asText())
          .isEqualTo("cancelled");
      assertThat(result.path("structuredContent").path("error").path("message").asText())
          .isEqualTo("ask: cancelled — the client cancelled: the user pressed stop");
      assertThat(result.toString()).doesNotContain("Sync keeps notes"); // nothing half-written
      assertThat(model.cancelledRuns()).isEqualTo(1);
      RequestLog.Entry last = log.recent(1).getFirst();
      assertThat(last.tool()).isEqualTo("ask");
      assertThat(last.transport()).isEqualTo("http-mcp");
      assertThat(last.outcome()).isEqualTo("cancelled");
    }
  }

  private HttpRequest request(URI mcp, AccessToken token, String session, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(mcp)
            .timeout(Duration.ofSeconds(90))
            .header("Authorization", "Bearer " + token.value())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) {
      b.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", PROTOCOL);
    }
    return b.build();
  }

  private HttpResponse<String> post(URI mcp, AccessToken token, String session, String body)
      throws Exception {
    return http.send(request(mcp, token, session, body), HttpResponse.BodyHandlers.ofString());
  }

  /** The JSON-RPC message of a response: the body itself, or the data of its one SSE event. */
  private static JsonNode message(String body) throws Exception {
    if (body.strip().startsWith("{")) {
      return JSON.readTree(body);
    }
    StringBuilder data = new StringBuilder();
    for (String line : body.split("\r?\n")) {
      if (line.startsWith("data:")) {
        data.append(line.substring(5).strip());
      }
    }
    assertThat(data).as("an SSE event with data in: " + body).isNotEmpty();
    return JSON.readTree(data.toString());
  }
}
