package dev.cairn.app.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.library.CollectionInfo;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts {@link CairnTools} on an MCP server of the official SDK: one tool per {@link
 * ToolCatalog#TOOLS} entry (read-only, idempotent, closed-world annotations) and one resource per
 * exposed collection ({@code cairn://collections/NAME}: its description and statistics as JSON). A
 * tool's refusal is a tool result with {@code isError} and {@code {"error": {"code", "message"}}}
 * as structured content, so the model sees why; a resource that is not exposed is JSON-RPC error
 * -32002 (resource not found). Stateless.
 */
public final class McpTools {
  /** The server's name and version in the MCP handshake. */
  public static final String SERVER_NAME = "cairn";

  public static final String SERVER_VERSION = "0.1.0";

  static final String INSTRUCTIONS =
      "Cairn searches the user's own documents (notes, PDFs, mail) on this machine. Call"
          + " list_collections first, then search or ask; cite the returned paths and pages."
          + " get_document reads one document in pages. Everything is read-only.";

  private static final ObjectMapper JSON = new ObjectMapper();

  private McpTools() {}

  /** The SDK's JSON mapper. */
  public static McpJsonMapper mapper() {
    return McpJsonDefaults.getMapper();
  }

  /**
   * Adds Cairn's tools and resources to {@code spec} and builds the server.
   *
   * @param calls the calls in flight, which the transport registers and cancels; a tool handler
   *     finds its {@link CallCancellation} there by the token in the request's {@code _meta}
   * @param transport the transport's name in the request log ({@code stdio}, {@code http-mcp})
   */
  public static McpSyncServer build(
      McpServer.SyncSpecification<?> spec, CairnTools tools, McpCalls calls, String transport) {
    return spec.serverInfo(SERVER_NAME, SERVER_VERSION)
        .instructions(INSTRUCTIONS)
        // CairnTools checks every argument itself and answers with a typed error code
        // (query_too_long, invalid_argument); the SDK's schema check would answer untyped text.
        .validateToolInputs(false)
        .capabilities(
            McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).build())
        .tools(toolSpecs(tools, calls, transport))
        .resources(resourceSpecs(tools, transport))
        .build();
  }

  static List<SyncToolSpecification> toolSpecs(CairnTools tools, McpCalls calls, String transport) {
    List<SyncToolSpecification> specs = new ArrayList<>();
    for (ToolCatalog.ToolDef def : ToolCatalog.TOOLS) {
      McpSchema.Tool tool =
          McpSchema.Tool.builder()
              .name(def.name())
              .title(def.title())
              .description(def.description())
              .inputSchema(mapper(), def.inputSchema())
              .annotations(
                  McpSchema.ToolAnnotations.builder()
                      .title(def.title())
                      .readOnlyHint(true)
                      .destructiveHint(false)
                      .idempotentHint(true)
                      .openWorldHint(false)
                      .build())
              .build();
      specs.add(
          SyncToolSpecification.builder()
              .tool(tool)
              .callHandler(
                  (exchange, request) -> call(tools, calls, def.name(), request, transport))
              .build());
    }
    return specs;
  }

  static McpSchema.CallToolResult call(
      CairnTools tools,
      McpCalls calls,
      String name,
      McpSchema.CallToolRequest request,
      String transport) {
    McpCalls.Call registered = calls.call(request.meta()).orElse(null);
    CallCancellation cancellation =
        registered == null ? CallCancellation.never() : registered.cancellation();
    if (registered != null) {
      registered.enter();
    }
    try {
      CairnTools.Result r = tools.call(name, request.arguments(), transport, cancellation);
      return McpSchema.CallToolResult.builder()
          .addTextContent(r.text())
          .structuredContent(r.structured())
          .isError(false)
          .build();
    } catch (ToolException e) {
      return McpSchema.CallToolResult.builder()
          .addTextContent(e.code().wire() + ": " + e.getMessage())
          .structuredContent(errorBody(e))
          .isError(true)
          .build();
    } finally {
      if (registered != null) {
        registered.close();
      }
    }
  }

  /** {@code {"error": {"code": "unknown_collection", "message": "..."}}}. */
  public static Map<String, Object> errorBody(ToolException e) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", e.code().wire());
    error.put("message", e.getMessage());
    return Map.of("error", error);
  }

  static List<SyncResourceSpecification> resourceSpecs(CairnTools tools, String transport) {
    List<CollectionInfo> visible;
    try {
      visible = tools.visibleCollections();
    } catch (ToolException e) {
      visible = List.of();
    }
    List<SyncResourceSpecification> specs = new ArrayList<>();
    for (CollectionInfo c : visible) {
      String uri = ToolCatalog.collectionUri(c.name());
      McpSchema.Resource resource =
          McpSchema.Resource.builder()
              .uri(uri)
              .name(c.name())
              .title("Cairn collection " + c.name())
              .description(
                  "The collection '"
                      + c.name()
                      + "' ("
                      + c.files()
                      + " files): its statistics as JSON. Search it with the search tool.")
              .mimeType("application/json")
              .build();
      specs.add(
          new SyncResourceSpecification(
              resource, (exchange, request) -> readCollection(tools, c.name(), uri, transport)));
    }
    return specs;
  }

  private static McpSchema.ReadResourceResult readCollection(
      CairnTools tools, String collection, String uri, String transport) {
    long start = System.nanoTime();
    try {
      tools.requireExposed(collection);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put(
          "description",
          "A Cairn collection of the user's documents, searchable with the search and ask tools.");
      body.putAll(tools.stats(collection));
      String json = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body);
      tools.record(transport, "read_resource", collection, 1, "ok", start);
      return new McpSchema.ReadResourceResult(
          List.of(new McpSchema.TextResourceContents(uri, "application/json", json)));
    } catch (ToolException e) {
      tools.record(transport, "read_resource", collection, 0, e.code().wire(), start);
      throw McpError.RESOURCE_NOT_FOUND.apply(uri);
    } catch (JsonProcessingException e) {
      throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR)
          .message("cannot write the statistics of " + collection + " as JSON")
          .build();
    }
  }
}
