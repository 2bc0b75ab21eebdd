package dev.cairn.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The registry of MCP calls in flight and the cancellation handle (issue 17, bad input). */
class McpCallsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] toolsCall(Object id, String meta) {
    return bytes(
        "{\"jsonrpc\":\"2.0\",\"id\":"
            + id
            + ",\"method\":\"tools/call\",\"params\":{\"name\":\"ask\",\"arguments\":{\"question\":"
            + "\"q\"}"
            + (meta == null ? "" : ",\"_meta\":" + meta)
            + "}}");
  }

  private static byte[] cancelled(Object id) {
    return bytes(
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":"
            + id
            + ",\"reason\":\"user pressed stop\"}}");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> meta(byte[] message) throws Exception {
    JsonNode root = JSON.readTree(message);
    return JSON.convertValue(root.path("params").path("_meta"), Map.class);
  }

  @Test
  void aToolsCallIsRegisteredAndCarriesItsTokenToTheHandler() throws Exception {
    McpCalls calls = new McpCalls();
    McpCalls.Admitted a = calls.admit("s1", toolsCall(7, "{\"progressToken\":3}"));
    assertThat(a.call()).isNotNull();
    Map<String, Object> meta = meta(a.message());
    assertThat(meta).containsEntry("progressToken", 3).containsKey(McpCalls.META_KEY);
    assertThat(meta.get(McpCalls.META_KEY)).isEqualTo(a.call().token());
    assertThat(a.call().token()).hasSize(32);
    assertThat(calls.cancellation(meta)).isSameAs(a.call().cancellation());
    assertThat(
            JSON.readTree(a.message()).path("params").path("arguments").path("question").asText())
        .isEqualTo("q");
    assertThat(calls.inFlight()).isEqualTo(1);
  }

  @Test
  void aTokenTheClientSentItselfIsReplaced() throws Exception {
    McpCalls calls = new McpCalls();
    McpCalls.Call victim = calls.admit("s1", toolsCall(1, null)).call();
    McpCalls.Admitted forged =
        calls.admit("s2", toolsCall(1, "{\"dev.cairn/call\":\"" + victim.token() + "\"}"));
    assertThat(meta(forged.message()).get(McpCalls.META_KEY))
        .isEqualTo(forged.call().token())
        .isNotEqualTo(victim.token());
  }

  @Test
  void aCancelNotificationCancelsOnlyThatRequestOfThatSession() {
    McpCalls calls = new McpCalls();
    McpCalls.Call numbered = calls.admit("s1", toolsCall(7, null)).call();
    McpCalls.Call named = calls.admit("s1", toolsCall("\"7\"", null)).call();
    McpCalls.Call otherSession = calls.admit("s2", toolsCall(7, null)).call();
    AtomicInteger stopped = new AtomicInteger();
    numbered.cancellation().onCancel(stopped::incrementAndGet);

    McpCalls.Admitted cancel = calls.admit("s1", cancelled(7));

    assertThat(cancel.call()).isNull();
    assertThat(cancel.consumed()).isTrue(); // carried out here; the SDK has no handler for it
    assertThat(numbered.cancellation().isCancelled()).isTrue();
    assertThat(numbered.cancellation().reason())
        .isEqualTo("the client cancelled: user pressed stop");
    assertThat(stopped).hasValue(1);
    assertThat(named.cancellation().isCancelled()).isFalse();
    assertThat(otherSession.cancellation().isCancelled()).isFalse();
    assertThatThrownBy(() -> numbered.cancellation().check("ask"))
        .isInstanceOfSatisfying(
            ToolException.class, e -> assertThat(e.code()).isEqualTo(ToolException.Code.CANCELLED))
        .hasMessage("ask: cancelled — the client cancelled: user pressed stop");
  }

  @Test
  void aFinishedCallIsForgottenAndCannotBeCancelled() {
    McpCalls calls = new McpCalls();
    McpCalls.Call call = calls.admit("s1", toolsCall(3, null)).call();
    Map<String, Object> meta = Map.of(McpCalls.META_KEY, call.token());
    call.close();
    call.close();
    assertThat(calls.inFlight()).isZero();
    assertThat(calls.cancel("s1", "3", "late")).isFalse();
    assertThat(call.cancellation().isCancelled()).isFalse();
    assertThat(calls.cancellation(meta)).isSameAs(CallCancellation.never());
    assertThat(calls.cancellation(null)).isSameAs(CallCancellation.never());
    assertThat(calls.cancellation(Map.of(McpCalls.META_KEY, 42)))
        .isSameAs(CallCancellation.never());
  }

  @Test
  void cancelAllCancelsEveryCallInFlightOnce() {
    McpCalls calls = new McpCalls();
    McpCalls.Call a = calls.register(McpCalls.STDIO_SESSION, "1");
    McpCalls.Call b = calls.register(McpCalls.STDIO_SESSION, "2");
    AtomicInteger stopped = new AtomicInteger();
    a.cancellation().onCancel(stopped::incrementAndGet);
    b.cancellation().onCancel(stopped::incrementAndGet);
    assertThat(calls.cancelAll("the client closed stdin")).isEqualTo(2);
    assertThat(calls.cancelAll("again")).isZero();
    assertThat(stopped).hasValue(2);
    assertThat(a.cancellation().reason()).isEqualTo("the client closed stdin");
  }

  @Test
  void otherMessagesBatchesResponsesAndBrokenJsonPassUnchanged() {
    McpCalls calls = new McpCalls();
    for (String text :
        new String[] {
          "",
          "   ",
          "not json {",
          "[" + new String(toolsCall(1, null), StandardCharsets.UTF_8) + "]",
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}",
          "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
          "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"name\":\"ask\"}}",
          "{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"tools/call\",\"params\":{}}",
          "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{}}",
          "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\"}"
        }) {
      McpCalls.Admitted a = calls.admit("s1", bytes(text));
      assertThat(a.call()).as(text).isNull();
      assertThat(a.message()).as(text).isEqualTo(bytes(text));
    }
    assertThat(calls.inFlight()).isZero();
  }

  @Test
  void anActionRegisteredAfterTheCancelRunsAtOnceAndOnlyOnce() {
    CallCancellation c = new CallCancellation();
    assertThat(c.cancel("first")).isTrue();
    assertThat(c.cancel("second")).isFalse();
    assertThat(c.reason()).isEqualTo("first");
    AtomicInteger runs = new AtomicInteger();
    c.onCancel(runs::incrementAndGet).close();
    assertThat(runs).hasValue(1);

    CallCancellation removed = new CallCancellation();
    removed.onCancel(runs::incrementAndGet).close();
    removed.cancel("after the work ended");
    assertThat(runs).hasValue(1);
  }

  @Test
  void theNeverCancelledHandleIgnoresCancel() throws Exception {
    CallCancellation never = CallCancellation.never();
    assertThat(never.cancel("no")).isFalse();
    assertThat(never.isCancelled()).isFalse();
    never.check("search");
  }
}
