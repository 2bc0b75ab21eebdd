package dev.cairn.chat.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.chat.embed.Embedder;
import dev.cairn.chat.embed.Embedders;
import dev.cairn.chat.embed.EmbeddingException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A loopback HTTP server that speaks Ollama's wire protocol, so the ollama4j code paths run
 * unchanged in tests: {@code GET /api/version}, {@code GET /api/tags}, {@code POST /api/embed}
 * (real embeddings from the bundled all-MiniLM-L6-v2 on ONNX Runtime, batched inputs), {@code POST
 * /api/chat} (streamed NDJSON; the reply is a scripted text split into word pieces, cut at {@code
 * options.stop} and {@code options.num_predict} like Ollama does).
 *
 * <p>Can be told to be slow ({@link #setDelay}: before the answer and between chat chunks) or to
 * return garbage ({@link #setGarbage}). Records every request ({@link #requests()}).
 *
 * <p>Usage: {@code try (var s = OllamaProtocolServer.start()) { URI u = s.uri(); ... }}. Owns its
 * threads and its embedder; {@link #close()} stops both.
 */
public final class OllamaProtocolServer implements AutoCloseable {

  /** A request the server received. */
  public record Received(String method, String path, JsonNode body) {}

  /** The models /api/tags lists. */
  public static final String EMBED_MODEL = "all-minilm:latest";

  public static final String CHAT_MODEL = "tiny-chat:latest";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PIECE = Pattern.compile("(?<=\\S)(?=\\s)");

  private final HttpServer server;
  private final ExecutorService pool;
  private final List<Received> requests = new CopyOnWriteArrayList<>();
  private volatile Embedder embedder;
  private volatile boolean ownsEmbedder;
  private volatile Duration delay = Duration.ZERO;
  private volatile boolean garbage;
  private final AtomicInteger failNext = new AtomicInteger();
  private final AtomicInteger abandonedChats = new AtomicInteger();
  private volatile String chatReply =
      "The sources say the answer is 42 [1]. Nothing else is known [2].";

  private OllamaProtocolServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger n = new AtomicInteger();
    pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "ollama-test-server-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(pool);
    server.createContext("/", this::handle);
  }

  /** Starts a server on a free loopback port. */
  public static OllamaProtocolServer start() {
    try {
      OllamaProtocolServer s = new OllamaProtocolServer();
      s.server.start();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Ollama protocol server", e);
    }
  }

  /** Base URI, e.g. {@code http://127.0.0.1:41234}. */
  public URI uri() {
    return URI.create(
        "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
  }

  /** Delay before every answer and between streamed chat chunks. */
  public OllamaProtocolServer setDelay(Duration d) {
    this.delay = d;
    return this;
  }

  /** When true, every endpoint answers 200 with a body that is not valid JSON. */
  public OllamaProtocolServer setGarbage(boolean g) {
    this.garbage = g;
    return this;
  }

  /** The next {@code n} requests get HTTP 500 with an Ollama-style error body. */
  public OllamaProtocolServer failNext(int n) {
    failNext.set(n);
    return this;
  }

  /** The text /api/chat streams. */
  public OllamaProtocolServer setChatReply(String reply) {
    this.chatReply = reply;
    return this;
  }

  /** Uses this embedder for /api/embed (the caller keeps ownership). */
  public OllamaProtocolServer setEmbedder(Embedder e) {
    this.embedder = e;
    this.ownsEmbedder = false;
    return this;
  }

  /** Streamed chats whose client went away before the last chunk (a cancelled generation). */
  public int abandonedChats() {
    return abandonedChats.get();
  }

  /** Requests received so far, in order. */
  public List<Received> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      JsonNode body = null;
      byte[] in = ex.getRequestBody().readAllBytes();
      if (in.length > 0) {
        try {
          body = JSON.readTree(in);
        } catch (IOException e) {
          body = JSON.getNodeFactory().textNode(new String(in, StandardCharsets.UTF_8));
        }
      }
      String path = ex.getRequestURI().getPath();
      requests.add(new Received(ex.getRequestMethod(), path, body));
      sleep(delay);
      if (failNext.getAndUpdate(v -> Math.max(0, v - 1)) > 0) {
        send(ex, 500, "{\"error\":\"model runner has unexpectedly stopped\"}");
        return;
      }
      if (garbage) {
        send(ex, 200, "<html>this is not JSON {{{");
        return;
      }
      switch (path) {
        case "/api/version" -> send(ex, 200, "{\"version\":\"0.12.0\"}");
        case "/api/tags" -> send(ex, 200, tags());
        case "/api/embed" -> embed(ex, body);
        case "/api/chat" -> chat(ex, body);
        default -> send(ex, 404, "{\"error\":\"404 page not found\"}");
      }
    } catch (RuntimeException | IOException e) {
      // The client went away (cancel, timeout): nothing to answer.
    }
  }

  private String tags() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode models = root.putArray("models");
    for (String[] m :
        new String[][] {
          {EMBED_MODEL, "45960996", "bert", "23M"}, {CHAT_MODEL, "524288", "llama", "1M"}
        }) {
      ObjectNode o = models.addObject();
      o.put("name", m[0]);
      o.put("model", m[0]);
      o.put("modified_at", "2026-01-01T00:00:00Z");
      o.put("size", Long.parseLong(m[1]));
      o.put("digest", Integer.toHexString(m[0].hashCode()) + "0".repeat(56));
      ObjectNode d = o.putObject("details");
      d.put("format", "gguf");
      d.put("family", m[2]);
      d.putArray("families").add(m[2]);
      d.put("parameter_size", m[3]);
      d.put("quantization_level", "F16");
    }
    return root.toString();
  }

  private void embed(HttpExchange ex, JsonNode body) throws IOException {
    if (body == null || !body.has("model") || !body.has("input")) {
      send(ex, 400, "{\"error\":\"model and input are required\"}");
      return;
    }
    String model = body.get("model").asText();
    if (!model.startsWith("all-minilm")) {
      send(ex, 404, "{\"error\":\"model \\\"" + model + "\\\" not found, try pulling it first\"}");
      return;
    }
    List<String> inputs = new ArrayList<>();
    JsonNode input = body.get("input");
    if (input.isArray()) {
      input.forEach(i -> inputs.add(i.asText()));
    } else {
      inputs.add(input.asText());
    }
    long t0 = System.nanoTime();
    List<float[]> vectors;
    int promptTokens = 0;
    try {
      Embedder e = embedder();
      vectors = e.embed(inputs);
      for (String i : inputs) {
        promptTokens += e.countTokens(i);
      }
    } catch (EmbeddingException e) {
      send(ex, 500, "{\"error\":" + JSON.writeValueAsString(e.getMessage()) + "}");
      return;
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("model", model);
    ArrayNode arr = root.putArray("embeddings");
    for (float[] v : vectors) {
      ArrayNode a = arr.addArray();
      for (float f : v) {
        a.add(f);
      }
    }
    root.put("total_duration", System.nanoTime() - t0);
    root.put("load_duration", 0);
    root.put("prompt_eval_count", promptTokens);
    send(ex, 200, root.toString());
  }

  private void chat(HttpExchange ex, JsonNode body) throws IOException {
    if (body == null || !body.has("model") || !body.has("messages")) {
      send(ex, 400, "{\"error\":\"model and messages are required\"}");
      return;
    }
    String model = body.get("model").asText();
    if (!model.startsWith("tiny-chat")) {
      send(ex, 404, "{\"error\":\"model \\\"" + model + "\\\" not found, try pulling it first\"}");
      return;
    }
    JsonNode options = body.path("options");
    String reply = chatReply;
    String reason = "stop";
    for (JsonNode s : options.path("stop")) {
      int i = reply.indexOf(s.asText());
      if (i >= 0) {
        reply = reply.substring(0, i);
      }
    }
    String[] pieces = PIECE.split(reply);
    int max = options.path("num_predict").asInt(Integer.MAX_VALUE);
    if (max > 0 && pieces.length > max) {
      pieces = java.util.Arrays.copyOf(pieces, max);
      reason = "length";
    }
    boolean stream = body.path("stream").asBoolean(true);
    ex.getResponseHeaders().add("Content-Type", "application/x-ndjson");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    if (!stream) {
      out.write(
          chunk(model, String.join("", pieces), true, reason).getBytes(StandardCharsets.UTF_8));
      return;
    }
    try {
      for (String p : pieces) {
        out.write((chunk(model, p, false, null) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        sleep(delay);
      }
      out.write((chunk(model, "", true, reason) + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      abandonedChats.incrementAndGet();
      throw e;
    }
  }

  private static String chunk(String model, String content, boolean done, String reason) {
    ObjectNode o = JSON.createObjectNode();
    o.put("model", model);
    o.put("created_at", Instant.now().toString());
    ObjectNode m = o.putObject("message");
    m.put("role", "assistant");
    m.put("content", content);
    o.put("done", done);
    if (done) {
      o.put("done_reason", reason);
      o.put("total_duration", 1000000);
      o.put("eval_count", 1);
    }
    return o.toString();
  }

  private Embedder embedder() throws EmbeddingException {
    Embedder e = embedder;
    if (e == null) {
      synchronized (this) {
        if (embedder == null) {
          embedder = Embedders.openDefault();
          ownsEmbedder = true;
        }
        e = embedder;
      }
    }
    return e;
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
  }

  private static void sleep(Duration d) {
    if (!d.isZero()) {
      try {
        Thread.sleep(d.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
    if (ownsEmbedder && embedder != null) {
      embedder.close();
    }
  }
}
