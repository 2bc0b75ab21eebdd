package dev.cairn.app.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The MCP tool calls in flight, so that a client can cancel one. The SDK ignores {@code
 * notifications/cancelled} and tells a tool handler neither its request id nor its session, so the
 * transports look at each JSON-RPC message before the SDK does ({@link #admit}):
 *
 * <ul>
 *   <li>a {@code tools/call} request is registered under (session, request id) and gets a fresh
 *       random token in {@code params._meta["dev.cairn/call"]} (a token the client sent there is
 *       replaced); the tool handler finds its {@link CallCancellation} by that token ({@link
 *       #cancellation});
 *   <li>a {@code notifications/cancelled} cancels the call with its {@code requestId} in the same
 *       session — one session cannot cancel another's calls.
 * </ul>
 *
 * A call is removed when its tool handler returns ({@link Call#close}); the transport also closes
 * it when the request has ended, whichever comes first. Thread-safe.
 */
public final class McpCalls {
  /** The {@code _meta} key that carries a call's token to the tool handler. */
  public static final String META_KEY = "dev.cairn/call";

  /** The session name of the stdio transport (one client per process). */
  public static final String STDIO_SESSION = "stdio";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Key(String session, String requestId) {}

  private final Map<Key, Call> byRequest = new ConcurrentHashMap<>();
  private final Map<String, Call> byToken = new ConcurrentHashMap<>();
  private final Object idle = new Object();
  private int handlers; // guarded by idle

  /** One registered call; {@link #close} forgets it (idempotent). */
  public final class Call implements AutoCloseable {
    private final Key key;
    private final String token;
    private final CallCancellation cancellation = new CallCancellation();
    private final java.util.concurrent.atomic.AtomicBoolean running =
        new java.util.concurrent.atomic.AtomicBoolean();

    private Call(Key key, String token) {
      this.key = key;
      this.token = token;
    }

    public String token() {
      return token;
    }

    public CallCancellation cancellation() {
      return cancellation;
    }

    /** Whether the call is still registered (its handler has not returned). */
    public boolean isOpen() {
      return byToken.get(token) == this;
    }

    /** The tool handler has started on this call ({@link #awaitIdle} waits for it). */
    public void enter() {
      if (running.compareAndSet(false, true)) {
        synchronized (idle) {
          handlers++;
        }
      }
    }

    @Override
    public void close() {
      byToken.remove(token, this);
      byRequest.remove(key, this);
      if (running.compareAndSet(true, false)) {
        synchronized (idle) {
          handlers--;
          idle.notifyAll();
        }
      }
    }
  }

  /**
   * A message as the SDK should get it.
   *
   * @param message the JSON-RPC message, rewritten when a call was registered
   * @param call the registered {@code tools/call}; {@code null} for any other message
   * @param consumed true for a {@code notifications/cancelled}, which has been carried out and is
   *     not passed on (the SDK has no handler for it and would log a warning for each)
   */
  public record Admitted(byte[] message, Call call, boolean consumed) {
    Admitted(byte[] message, Call call) {
      this(message, call, false);
    }
  }

  /**
   * Registers a call.
   *
   * @param requestId the JSON-RPC id as JSON text ({@code 7} and {@code "7"} are different ids)
   */
  public Call register(String session, String requestId) {
    Key key = new Key(Objects.requireNonNull(session, "session"), requestId);
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    Call call = new Call(key, HexFormat.of().formatHex(bytes));
    byToken.put(call.token, call);
    Call replaced = byRequest.put(key, call);
    if (replaced != null) {
      // A client that reuses an id still in flight: the older call stays cancellable by nobody.
      byToken.remove(replaced.token, replaced);
    }
    return call;
  }

  /**
   * Cancels the call {@code requestId} of {@code session}.
   *
   * @return whether a call in flight was cancelled (false: unknown, finished or already cancelled)
   */
  public boolean cancel(String session, String requestId, String why) {
    Call call = byRequest.get(new Key(session, requestId));
    return call != null && call.cancellation.cancel(why);
  }

  /** Cancels every call in flight (the stdio client went away); returns how many. */
  public int cancelAll(String why) {
    int n = 0;
    for (Call call : byToken.values()) {
      if (call.cancellation.cancel(why)) {
        n++;
      }
    }
    return n;
  }

  /**
   * Waits until no tool handler runs any more (after {@link #cancelAll}, so that cancelled calls
   * are logged before the process exits).
   *
   * @return whether they all ended within {@code wait}
   */
  public boolean awaitIdle(java.time.Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    synchronized (idle) {
      while (handlers > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
      return true;
    }
  }

  /** How many calls are registered. */
  public int inFlight() {
    return byToken.size();
  }

  /**
   * The cancellation handle named by a tool request's {@code _meta}; the never-cancelled one when
   * it names none (a call that did not pass {@link #admit}, or has finished).
   */
  public CallCancellation cancellation(Map<String, Object> meta) {
    Object token = meta == null ? null : meta.get(META_KEY);
    Call call = token instanceof String t ? byToken.get(t) : null;
    return call == null ? CallCancellation.never() : call.cancellation;
  }

  /** The call a tool request's {@code _meta} names, to close when the handler returns. */
  public Optional<Call> call(Map<String, Object> meta) {
    Object token = meta == null ? null : meta.get(META_KEY);
    return Optional.ofNullable(token instanceof String t ? byToken.get(t) : null);
  }

  /**
   * Looks at one JSON-RPC message from {@code session} before the SDK does: registers a {@code
   * tools/call} (rewriting the message with its token), carries out a {@code
   * notifications/cancelled} (which the transport then drops). Anything else — other methods,
   * responses, batches, text that is not JSON — passes unchanged, for the SDK to answer.
   */
  public Admitted admit(String session, byte[] message) {
    JsonNode root;
    try {
      root = JSON.readTree(message);
    } catch (java.io.IOException e) {
      return new Admitted(message, null);
    }
    if (root == null || !root.isObject()) {
      return new Admitted(message, null);
    }
    String method = root.path("method").asText("");
    JsonNode params = root.path("params");
    if (method.equals("notifications/cancelled") && params.isObject()) {
      JsonNode id = params.get("requestId");
      if (id != null && (id.isTextual() || id.isIntegralNumber())) {
        String why = params.path("reason").asText("");
        cancel(
            session,
            id.toString(),
            why.isBlank() ? "the client cancelled the call" : "the client cancelled: " + why);
      }
      return new Admitted(message, null, true);
    }
    JsonNode id = root.get("id");
    if (!method.equals("tools/call")
        || !params.isObject()
        || id == null
        || !(id.isTextual() || id.isIntegralNumber())) {
      return new Admitted(message, null);
    }
    Call call = register(session, id.toString());
    ObjectNode p = (ObjectNode) params;
    JsonNode meta = p.get("_meta");
    ObjectNode m = meta instanceof ObjectNode o ? o : p.putObject("_meta");
    m.put(META_KEY, call.token);
    try {
      return new Admitted(JSON.writeValueAsBytes(root), call);
    } catch (JsonProcessingException e) {
      call.close();
      return new Admitted(message, null);
    }
  }
}
