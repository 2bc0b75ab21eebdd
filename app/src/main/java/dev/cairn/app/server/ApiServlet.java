package dev.cairn.app.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The JSON API under {@code /api} (documented in {@code docs/api.md}): {@code GET /api/tools},
 * {@code GET /api/collections}, {@code GET /api/collections/NAME} and {@code POST /api/TOOL} with
 * the tool's arguments as a JSON object — the same {@link CairnTools} as the MCP endpoint. Errors
 * are {@code {"error": {"code", "message"}}} with the status of {@link ToolException.Code}.
 * Thread-safe.
 */
final class ApiServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> POST_TOOLS =
      Set.of(
          CairnTools.SEARCH,
          CairnTools.ASK,
          CairnTools.GET_DOCUMENT,
          CairnTools.LIST_COLLECTIONS,
          CairnTools.COLLECTION_STATS);

  private final transient CairnTools tools;

  ApiServlet(CairnTools tools) {
    this.tools = tools;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
    if (path.equals("/tools")) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (ToolCatalog.ToolDef def : ToolCatalog.TOOLS) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", def.name());
        row.put("title", def.title());
        row.put("description", def.description());
        row.put("input_schema", JSON.readTree(def.inputSchema()));
        list.add(row);
      }
      write(response, 200, Map.of("tools", list));
    } else if (path.equals("/collections")) {
      run(response, CairnTools.LIST_COLLECTIONS, Map.of());
    } else if (path.startsWith("/collections/") && path.length() > "/collections/".length()) {
      String name =
          URLDecoder.decode(path.substring("/collections/".length()), StandardCharsets.UTF_8);
      run(response, CairnTools.COLLECTION_STATS, Map.of("collection", name));
    } else {
      notFound(response, path);
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
    String tool = path.startsWith("/") ? path.substring(1) : path;
    if (!POST_TOOLS.contains(tool)) {
      notFound(response, path);
      return;
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(HttpServer.MAX_BODY_BYTES + 1);
    }
    if (body.length > HttpServer.MAX_BODY_BYTES) {
      RequestGuard.refuse(
          response,
          413,
          "body_too_large",
          "the request body is larger than " + HttpServer.MAX_BODY_BYTES + " bytes");
      return;
    }
    Map<String, Object> arguments;
    try {
      JsonNode node = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw new ToolException(
            ToolException.Code.INVALID_ARGUMENT, "the request body must be a JSON object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> parsed = JSON.convertValue(node, Map.class);
      arguments = parsed;
    } catch (JsonProcessingException e) {
      writeError(
          response,
          new ToolException(
              ToolException.Code.INVALID_ARGUMENT,
              "the request body is not JSON: " + e.getOriginalMessage()));
      return;
    } catch (ToolException e) {
      writeError(response, e);
      return;
    }
    run(response, tool, arguments);
  }

  private void run(HttpServletResponse response, String tool, Map<String, Object> arguments)
      throws IOException {
    if (tool.equals(CairnTools.ASK)) {
      ask(response, arguments);
      return;
    }
    try {
      write(response, 200, tools.call(tool, arguments, "http-api").structured());
    } catch (ToolException e) {
      writeError(response, e);
    }
  }

  /** How long an answer may take before the response starts with keep-alive whitespace. */
  static final Duration ASK_HEADSTART = Duration.ofSeconds(1);

  /** How often a waiting answer's connection is probed with one space. */
  static final Duration ASK_PROBE = Duration.ofMillis(300);

  /**
   * {@code ask} generates for seconds: the answer runs on its own thread while this one writes a
   * space (JSON allows leading whitespace) every {@link #ASK_PROBE}, so a client that went away is
   * noticed by the failed write and its generation cancelled (the answer task is interrupted); the
   * collection is only read, so nothing is left half-written. An answer or a refusal within {@link
   * #ASK_HEADSTART} is sent as usual, with its own status.
   */
  private void ask(HttpServletResponse response, Map<String, Object> arguments) throws IOException {
    CompletableFuture<CairnTools.Result> answer = new CompletableFuture<>();
    Thread worker =
        Thread.ofPlatform()
            .name("cairn-api-ask")
            .daemon()
            .start(
                () -> {
                  try {
                    answer.complete(tools.call(CairnTools.ASK, arguments, "http-api"));
                  } catch (ToolException | RuntimeException e) {
                    answer.completeExceptionally(e);
                  }
                });
    try {
      try {
        finish(response, answer.get(ASK_HEADSTART.toMillis(), TimeUnit.MILLISECONDS), 200);
        return;
      } catch (TimeoutException stillAnswering) {
        // fall through: keep the connection probed while the answer is generated
      }
      response.setStatus(200);
      response.setContentType("application/json");
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      var out = response.getOutputStream();
      while (true) {
        try {
          out.write(' ');
          out.flush();
        } catch (IOException gone) {
          worker.interrupt(); // the client went away: CairnTools cancels the answer
          return;
        }
        try {
          CairnTools.Result r = answer.get(ASK_PROBE.toMillis(), TimeUnit.MILLISECONDS);
          out.write(JSON.writeValueAsBytes(r.structured()));
          return;
        } catch (TimeoutException notYet) {
          // probe again
        } catch (ExecutionException e) {
          Object body =
              e.getCause() instanceof ToolException t
                  ? McpTools.errorBody(t)
                  : McpTools.errorBody(
                      new ToolException(ToolException.Code.FAILED, "ask failed: " + e.getCause()));
          out.write(JSON.writeValueAsBytes(body));
          return;
        }
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ToolException t) {
        writeError(response, t);
      } else {
        writeError(
            response, new ToolException(ToolException.Code.FAILED, "ask failed: " + e.getCause()));
      }
    } catch (InterruptedException e) {
      worker.interrupt();
      Thread.currentThread().interrupt();
    }
  }

  private static void finish(HttpServletResponse response, CairnTools.Result r, int status)
      throws IOException {
    write(response, status, r.structured());
  }

  private static void notFound(HttpServletResponse response, String path) throws IOException {
    RequestGuard.refuse(
        response,
        404,
        "not_found",
        "no endpoint /api"
            + path
            + " (GET /api/tools, GET /api/collections, GET /api/collections/NAME, POST /api/"
            + String.join("|", ToolCatalog.TOOLS.stream().map(ToolCatalog.ToolDef::name).toList())
            + ")");
  }

  private static void writeError(HttpServletResponse response, ToolException e) throws IOException {
    write(response, e.code().httpStatus(), McpTools.errorBody(e));
  }

  private static void write(HttpServletResponse response, int status, Object body)
      throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
