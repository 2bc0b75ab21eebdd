package dev.cairn.app.server;

import dev.cairn.app.library.CollectionHealth;
import dev.cairn.app.library.CollectionInfo;
import dev.cairn.app.library.DocumentText;
import dev.cairn.app.library.LibraryException;
import dev.cairn.app.library.LibraryService;
import dev.cairn.app.server.ToolException.Code;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Cairn's read-only tools for other apps — {@code search}, {@code ask}, {@code list_collections},
 * {@code get_document}, {@code collection_stats} — over the {@link LibraryService}, shared by the
 * MCP server (stdio and HTTP) and the JSON API so that both answer the same. Every call is checked
 * against the {@link Scope} (a collection the user did not expose is reported exactly like one that
 * does not exist) and written to the {@link RequestLog}. No tool writes to a collection.
 *
 * <p>Thread-safe: calls run concurrently on the callers' threads; the service is the only shared
 * state. The caller owns the service.
 */
public final class CairnTools {
  /** Characters a search query or a question may have. */
  public static final int MAX_QUERY_CHARS = 4_000;

  /** Results a search may ask for. */
  public static final int MAX_K = 50;

  /** Characters of one page of {@code get_document}, by default and at most. */
  public static final int DEFAULT_PAGE_CHARS = 20_000;

  public static final int MAX_PAGE_CHARS = 100_000;

  /** The tool names. */
  public static final String SEARCH = "search";

  public static final String ASK = "ask";
  public static final String LIST_COLLECTIONS = "list_collections";
  public static final String GET_DOCUMENT = "get_document";
  public static final String COLLECTION_STATS = "collection_stats";

  /**
   * What a tool returned.
   *
   * @param structured the JSON-ready result (maps, lists, strings, numbers)
   * @param text the same in a few lines for a model to read
   * @param count how many results (passages, sources, collections, characters of text) it holds
   */
  public record Result(Map<String, Object> structured, String text, int count) {}

  private final LibraryService library;
  private final Scope scope;
  private final RequestLog log;
  private final QueryTools queries;

  public CairnTools(LibraryService library, Scope scope, RequestLog log) {
    this.library = Objects.requireNonNull(library, "library");
    this.scope = Objects.requireNonNull(scope, "scope");
    this.log = Objects.requireNonNull(log, "log");
    this.queries = new QueryTools(this.library, this);
  }

  /**
   * Runs {@code tool} with {@code arguments} and logs the call.
   *
   * @param transport {@code stdio}, {@code http-mcp} or {@code http-api}, for the log
   * @throws ToolException a typed refusal or failure
   */
  public Result call(String tool, Map<String, Object> arguments, String transport)
      throws ToolException {
    return call(tool, arguments, transport, CallCancellation.never());
  }

  /**
   * Runs {@code tool} with {@code arguments}, stopping with {@link Code#CANCELLED} when {@code
   * cancellation} is cancelled: {@code ask} stops its generation, the others check before and after
   * their work. Logs the call.
   *
   * @throws ToolException a typed refusal or failure
   */
  public Result call(
      String tool, Map<String, Object> arguments, String transport, CallCancellation cancellation)
      throws ToolException {
    long start = System.nanoTime();
    Object named = arguments == null ? null : arguments.get("collection");
    String collection = named instanceof String s ? s : null;
    try {
      cancellation.check(tool);
      Result r =
          switch (tool) {
            case SEARCH -> queries.search(arguments);
            case ASK -> queries.ask(arguments, cancellation);
            case LIST_COLLECTIONS -> listCollections(arguments);
            case GET_DOCUMENT -> getDocument(arguments);
            case COLLECTION_STATS -> collectionStats(arguments);
            default ->
                throw new ToolException(
                    Code.INVALID_ARGUMENT,
                    "unknown tool '" + tool + "' (tools: " + ToolCatalog.names() + ")");
          };
      cancellation.check(tool); // a result the client no longer waits for is not returned
      record(transport, tool, collection, r.count(), "ok", start);
      return r;
    } catch (ToolException e) {
      record(transport, tool, collection, 0, e.code().wire(), start);
      throw e;
    }
  }

  /** Logs a call made outside {@link #call} (a resource read). */
  void record(
      String transport, String tool, String collection, int count, String outcome, long start) {
    log.append(
        new RequestLog.Entry(
            Instant.now(),
            transport,
            tool,
            collection,
            count,
            outcome,
            (System.nanoTime() - start) / 1_000_000));
  }

  private Result listCollections(Map<String, Object> arguments) throws ToolException {
    new ToolArguments(LIST_COLLECTIONS, arguments, Set.of());
    List<Map<String, Object>> rows = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (CollectionInfo c : visibleCollections()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", c.name());
      row.put("uri", ToolCatalog.collectionUri(c.name()));
      row.put("files", c.files());
      row.put("chunks", c.chunks());
      row.put("embedding_model", c.embeddingModel());
      row.put("last_updated", c.lastUpdated() == null ? null : c.lastUpdated().toString());
      rows.add(row);
      text.append(c.name())
          .append(": ")
          .append(c.files())
          .append(" files, ")
          .append(c.chunks())
          .append(" passages\n");
    }
    if (rows.isEmpty()) {
      text.append(
          "no collections are exposed — the user chooses them in Cairn's Settings → Connected"
              + " apps, or with `cairn apps expose NAME`");
    }
    return new Result(Map.of("collections", rows), text.toString().strip(), rows.size());
  }

  private Result getDocument(Map<String, Object> arguments) throws ToolException {
    ToolArguments a =
        new ToolArguments(
            GET_DOCUMENT, arguments, Set.of("collection", "path", "part", "offset", "max_chars"));
    String collection = exposedCollection(a);
    String pathText = a.requiredText("path", 4_096);
    int offset = a.integer("offset", 0, Integer.MAX_VALUE, 0);
    int maxChars = a.integer("max_chars", 1, MAX_PAGE_CHARS, DEFAULT_PAGE_CHARS);
    Path path;
    try {
      path = Path.of(pathText);
    } catch (InvalidPathException e) {
      throw new ToolException(Code.UNKNOWN_DOCUMENT, "get_document: not a path: " + pathText);
    }
    if (!path.isAbsolute()) {
      throw new ToolException(
          Code.UNKNOWN_DOCUMENT,
          "get_document: '"
              + pathText
              + "' is not a document of collection '"
              + collection
              + "' (use the absolute path a search result gives)");
    }
    DocumentText doc;
    try {
      doc = library.documentText(collection, path);
    } catch (LibraryException e) {
      if (e.kind() == LibraryException.Kind.NOT_FOUND) {
        throw new ToolException(
            Code.UNKNOWN_DOCUMENT,
            "get_document: collection '" + collection + "' holds no document " + path.normalize());
      }
      throw translate(e);
    }
    return DocumentPages.page(
        collection, doc, a.integer("part", 0, Integer.MAX_VALUE, -1), offset, maxChars);
  }

  private Result collectionStats(Map<String, Object> arguments) throws ToolException {
    ToolArguments a = new ToolArguments(COLLECTION_STATS, arguments, Set.of("collection"));
    String collection = exposedCollection(a);
    Map<String, Object> out = stats(collection);
    String text =
        String.format(
            java.util.Locale.ROOT,
            "%s: %d files, %d passages, index %,d bytes, document store %,d bytes%s",
            collection,
            out.get("files"),
            out.get("chunks"),
            out.get("index_bytes"),
            out.get("document_store_bytes"),
            out.get("index_notice") == null ? "" : " — " + out.get("index_notice"));
    return new Result(out, text, 1);
  }

  /** The statistics of an exposed collection (also the content of its resource). */
  Map<String, Object> stats(String collection) throws ToolException {
    CollectionHealth h;
    try {
      h = library.health(collection);
    } catch (LibraryException e) {
      throw translate(e);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("collection", collection);
    out.put("uri", ToolCatalog.collectionUri(collection));
    out.put("files", h.files());
    out.put("chunks", h.chunks());
    out.put("index_bytes", h.indexBytes());
    out.put("document_store_bytes", h.documentStoreBytes());
    out.put("dimensions", h.dimensions());
    out.put("embedding_model", h.embeddingModel());
    out.put("last_updated", h.lastUpdated() == null ? null : h.lastUpdated().toString());
    out.put("index_notice", h.indexNotice());
    return out;
  }

  /** The exposed collections that exist, in the user's order. */
  public List<CollectionInfo> visibleCollections() throws ToolException {
    Set<String> exposed = scope.exposed();
    List<CollectionInfo> all;
    try {
      all = library.collections();
    } catch (LibraryException e) {
      throw translate(e);
    }
    List<CollectionInfo> out = new ArrayList<>();
    for (String name : exposed) {
      all.stream().filter(c -> c.name().equals(name)).findFirst().ifPresent(out::add);
    }
    return out;
  }

  /** Checks that {@code name} is exposed and exists; hidden and missing look the same. */
  String requireExposed(String name) throws ToolException {
    List<String> visible = visibleCollections().stream().map(CollectionInfo::name).toList();
    if (!visible.contains(name)) {
      throw new ToolException(
          Code.UNKNOWN_COLLECTION,
          "unknown collection '"
              + name
              + "'"
              + (visible.isEmpty()
                  ? " — no collection is exposed to other apps"
                  : " (collections: " + String.join(", ", visible) + ")"));
    }
    return name;
  }

  /** The collection a call names, or the only exposed one; hidden and missing look the same. */
  String exposedCollection(ToolArguments a) throws ToolException {
    String name = a.optionalText("collection").map(String::strip).orElse("");
    if (name.isEmpty()) {
      List<CollectionInfo> visible = visibleCollections();
      if (visible.size() == 1) {
        return visible.get(0).name();
      }
      throw new ToolException(
          Code.INVALID_ARGUMENT,
          "'collection' is required when "
              + (visible.isEmpty() ? "no collection is" : visible.size() + " collections are")
              + " exposed (call list_collections)");
    }
    return requireExposed(name);
  }

  /** A library failure as the typed error clients see. */
  static ToolException translate(LibraryException e) {
    Code code =
        switch (e.kind()) {
          case NOT_FOUND -> Code.UNKNOWN_COLLECTION;
          case INVALID_REQUEST -> Code.INVALID_ARGUMENT;
          case BUSY -> Code.INDEX_BUSY;
          case CORRUPT -> Code.COLLECTION_DAMAGED;
          case MODEL_UNAVAILABLE -> Code.MODEL_UNAVAILABLE;
          case CANCELLED -> Code.CANCELLED;
          default -> Code.FAILED;
        };
    return new ToolException(code, e.getMessage(), e);
  }
}
