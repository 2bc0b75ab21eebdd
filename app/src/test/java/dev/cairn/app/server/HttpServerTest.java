package dev.cairn.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.FixtureLibrary;
import dev.cairn.app.library.IndexingListener;
import dev.cairn.chat.testing.ScriptedChatModel;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn serve} for real: Jetty on 127.0.0.1, the official MCP Java SDK client over the
 * streamable-HTTP transport, the JSON API through {@link HttpClient} and raw sockets, over two real
 * collections indexed from {@code ../shared/data/docs} (Obsidian's Sync notes, exposed; a PDF paper
 * and an email, not exposed) with the deterministic hashing embedder.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HttpServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path temp;
  static DefaultLibraryService library;
  static ExposedServer served;
  static HttpServer server;
  static AccessToken token;
  static Path notes;
  static Path home;
  static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void start() throws Exception {
    home = temp.resolve("home");
    library = FixtureLibrary.open(home, new ScriptedChatModel("unused", "unused"));
    notes = SharedDocs.syncNotes(temp.resolve("sync"));
    library.index("sync", List.of(notes), IndexingListener.NONE).await();
    library
        .index(
            "private",
            List.of(SharedDocs.paperAndMail(temp.resolve("private"))),
            IndexingListener.NONE)
        .await();
    served = ExposedServer.start(home, library, List.of("sync"));
    server = served.server;
    token = served.token;
  }

  @AfterAll
  static void stop() {
    if (served != null) {
      served.close();
    } else if (library != null) {
      library.close();
    }
  }

  static String base() {
    return "http://127.0.0.1:" + server.port();
  }

  static McpSyncClient mcpClient() {
    return served.mcpClient();
  }

  static HttpResponse<String> post(String path, String body, String bearer) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base() + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> structured(McpSchema.CallToolResult r) {
    return (Map<String, Object>) r.structuredContent();
  }

  @Test
  void anMcpClientListsTheToolsWithSchemasAndSearchesAnExposedCollection() {
    try (McpSyncClient client = mcpClient()) {
      List<McpSchema.Tool> tools = client.listTools().tools();
      assertThat(tools)
          .extracting(McpSchema.Tool::name)
          .containsExactly("search", "ask", "list_collections", "get_document", "collection_stats");
      assertThat(tools)
          .allSatisfy(t -> assertThat(t.inputSchema().get("type")).isEqualTo("object"));
      assertThat(tools).allSatisfy(t -> assertThat(t.annotations().readOnlyHint()).isTrue());

      McpSchema.CallToolResult r =
          client.callTool(
              new McpSchema.CallToolRequest(
                  "search",
                  Map.of(
                      "query",
                      "restore an older version of a note",
                      "collection",
                      "sync",
                      "k",
                      3)));
      assertThat(r.isError()).isFalse();
      List<Map<String, Object>> results = (List<Map<String, Object>>) structured(r).get("results");
      assertThat(results).hasSizeBetween(1, 3);
      assertThat(results)
          .extracting(m -> (String) m.get("path"))
          .anyMatch(p -> p.endsWith("Version history.md"));
      assertThat(results.get(0)).containsKeys("score", "snippet", "uri", "title");
      assertThat((String) results.get(0).get("uri")).startsWith("file:");
    }
  }

  @Test
  void theExposedCollectionIsAResourceAndTheHiddenOneIsNot() {
    try (McpSyncClient client = mcpClient()) {
      List<McpSchema.Resource> resources = client.listResources().resources();
      assertThat(resources)
          .extracting(McpSchema.Resource::uri)
          .containsExactly("cairn://collections/sync");
      McpSchema.ReadResourceResult read =
          client.readResource(new McpSchema.ReadResourceRequest("cairn://collections/sync"));
      String text = ((McpSchema.TextResourceContents) read.contents().get(0)).text();
      assertThat(text).contains("\"files\" : 5").contains("\"collection\" : \"sync\"");
    }
  }

  @Test
  void aCollectionThatIsNotExposedLooksExactlyLikeOneThatDoesNotExist() {
    try (McpSyncClient client = mcpClient()) {
      McpSchema.CallToolResult list =
          client.callTool(new McpSchema.CallToolRequest("list_collections", Map.of()));
      assertThat(list.structuredContent().toString()).contains("sync").doesNotContain("private");

      McpSchema.CallToolResult hidden =
          client.callTool(
              new McpSchema.CallToolRequest(
                  "search", Map.of("query", "layout", "collection", "private")));
      McpSchema.CallToolResult missing =
          client.callTool(
              new McpSchema.CallToolRequest(
                  "search", Map.of("query", "layout", "collection", "nosuch")));
      assertThat(hidden.isError()).isTrue();
      assertThat(error(hidden).get("code")).isEqualTo("unknown_collection");
      assertThat(((String) error(hidden).get("message")).replace("private", "X"))
          .isEqualTo(((String) error(missing).get("message")).replace("nosuch", "X"));
      McpSchema.CallToolResult stats =
          client.callTool(
              new McpSchema.CallToolRequest("collection_stats", Map.of("collection", "private")));
      assertThat(error(stats).get("code")).isEqualTo("unknown_collection");
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> error(McpSchema.CallToolResult r) {
    assertThat(r.isError()).isTrue();
    return (Map<String, Object>) structured(r).get("error");
  }

  @Test
  void getDocumentReturnsTheStoredTextInBoundedPages() {
    try (McpSyncClient client = mcpClient()) {
      String path = notes.resolve("Version history.md").toAbsolutePath().toString();
      Map<String, Object> whole =
          structured(
              client.callTool(
                  new McpSchema.CallToolRequest(
                      "get_document",
                      Map.of("collection", "sync", "path", path, "max_chars", 100_000))));
      String full = (String) whole.get("text");
      assertThat(full).contains("Version history");
      assertThat(whole.get("next_offset")).isNull();
      assertThat(full.length()).isGreaterThan(300);

      StringBuilder paged = new StringBuilder();
      Integer offset = 0;
      int calls = 0;
      while (offset != null) {
        Map<String, Object> page =
            structured(
                client.callTool(
                    new McpSchema.CallToolRequest(
                        "get_document",
                        Map.of(
                            "collection",
                            "sync",
                            "path",
                            path,
                            "offset",
                            offset,
                            "max_chars",
                            250))));
        assertThat(((String) page.get("text")).length()).isLessThanOrEqualTo(250);
        paged.append(page.get("text"));
        offset = (Integer) page.get("next_offset");
        calls++;
      }
      assertThat(paged.toString()).isEqualTo(full);
      assertThat(calls).isEqualTo((full.length() + 249) / 250);
    }
  }

  @Test
  void pathTraversalAndFilesOutsideTheCollectionAreUnknownDocuments() throws Exception {
    try (McpSyncClient client = mcpClient()) {
      for (String path :
          List.of(
              "../../../../etc/passwd",
              notes.resolve("../../../../../../etc/passwd").toString(),
              notes.resolve("..").resolve("private").resolve("fake-email.eml").toString(),
              home.resolve(ServerSettingsStore.FILE_NAME).toString(),
              token.path().toString())) {
        McpSchema.CallToolResult r =
            client.callTool(
                new McpSchema.CallToolRequest(
                    "get_document", Map.of("collection", "sync", "path", path)));
        assertThat(error(r).get("code")).as(path).isEqualTo("unknown_document");
        assertThat(r.content().toString()).doesNotContain(token.value()).doesNotContain("root:");
      }
    }
  }

  @Test
  void badArgumentsAreRefusedWithTypedErrors() {
    try (McpSyncClient client = mcpClient()) {
      record Case(Map<String, Object> args, String code) {}
      for (Case c :
          List.of(
              new Case(Map.of("query", "sync", "collection", "sync", "k", 0), "invalid_argument"),
              new Case(
                  Map.of("query", "sync", "collection", "sync", "k", 10_000), "invalid_argument"),
              new Case(Map.of("query", "", "collection", "sync"), "invalid_argument"),
              new Case(Map.of("query", "   ", "collection", "sync"), "invalid_argument"),
              new Case(
                  Map.of("query", "x".repeat(100_000), "collection", "sync"), "query_too_long"),
              new Case(Map.of("query", "sync", "colection", "sync"), "invalid_argument"),
              new Case(Map.of("query", "sync", "mode", "fuzzy"), "invalid_argument"),
              new Case(Map.of("query", 42), "invalid_argument"))) {
        McpSchema.CallToolResult r =
            client.callTool(new McpSchema.CallToolRequest("search", c.args()));
        assertThat(error(r).get("code")).as(c.args().keySet().toString()).isEqualTo(c.code());
      }
    }
  }

  @Test
  void askAnswersExtractivelyWithStructuredCitations() {
    try (McpSyncClient client = mcpClient()) {
      McpSchema.CallToolResult r =
          client.callTool(
              new McpSchema.CallToolRequest(
                  "ask",
                  Map.of("question", "How long is version history kept?", "collection", "sync")));
      assertThat(r.isError()).isFalse();
      Map<String, Object> answer = structured(r);
      assertThat(answer.get("extractive")).isEqualTo(true);
      List<Map<String, Object>> citations = (List<Map<String, Object>>) answer.get("citations");
      assertThat(citations).isNotEmpty();
      assertThat(citations.get(0)).containsKeys("n", "path", "snippet");
      assertThat((String) answer.get("answer")).contains("[1]");
    }
  }

  @Test
  void requestsWithoutOrWithAWrongTokenAre401() throws Exception {
    String body = "{\"query\":\"sync\",\"collection\":\"sync\"}";
    HttpResponse<String> none = post("/api/search", body, null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(json(none).path("error").path("code").asText()).isEqualTo("unauthorized");
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(post("/api/search", body, token.value() + "x").statusCode()).isEqualTo(401);
    assertThat(post("/api/search", body, "").statusCode()).isEqualTo(401);
    assertThat(post(HttpServer.MCP_PATH, "{}", "wrong").statusCode()).isEqualTo(401);
    HttpResponse<String> ok = post("/api/search", body, token.value());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(json(ok).path("results").size()).isPositive();
  }

  @Test
  void aForeignHostOrOriginIs403EvenWithTheToken() throws Exception {
    String body = "{\"query\":\"sync\",\"collection\":\"sync\"}";
    HttpRequest evilOrigin =
        HttpRequest.newBuilder(URI.create(base() + "/api/search"))
            .header("Authorization", "Bearer " + token.value())
            .header("Origin", "http://evil.example")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> r = http.send(evilOrigin, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(json(r).path("error").path("code").asText()).isEqualTo("forbidden_origin");

    for (String host :
        List.of(
            "evil.example:" + server.port(), "127.0.0.1.nip.io:" + server.port(), "127.0.0.1:1")) {
      String response =
          rawRequest(
              "POST /api/search HTTP/1.1\r\nHost: "
                  + host
                  + "\r\nAuthorization: Bearer "
                  + token.value()
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length()
                  + "\r\nConnection: close\r\n\r\n"
                  + body);
      assertThat(response).as(host).startsWith("HTTP/1.1 403").contains("forbidden_host");
    }
    String same =
        rawRequest(
            "GET /api/collections HTTP/1.1\r\nHost: localhost:"
                + server.port()
                + "\r\nOrigin: http://localhost:"
                + server.port()
                + "\r\nAuthorization: Bearer "
                + token.value()
                + "\r\nConnection: close\r\n\r\n");
    assertThat(same).startsWith("HTTP/1.1 200").contains("\"sync\"");
  }

  static String rawRequest(String request) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aTenMegabyteBodyIsRefusedAndTheServerKeepsAnswering() throws Exception {
    String huge = "{\"query\":\"" + "a".repeat(10 * 1024 * 1024) + "\"}";
    for (String path : List.of("/api/search", HttpServer.MCP_PATH)) {
      // With "Expect: 100-continue" the refusal comes before the body is sent.
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(base() + path))
              .timeout(Duration.ofSeconds(60))
              .expectContinue(true)
              .header("Authorization", "Bearer " + token.value())
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(huge))
              .build();
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(path).isEqualTo(413);
      assertThat(json(r).path("error").path("code").asText()).isEqualTo("body_too_large");
      // Without it the server refuses just the same; the client may see the 413 or, while still
      // sending, the connection the server closed.
      try {
        assertThat(post(path, huge, token.value()).statusCode()).as(path).isEqualTo(413);
      } catch (IOException closedWhileSending) {
        assertThat(closedWhileSending).isNotNull();
      }
    }
    assertThat(
            post("/api/search", "{\"query\":\"sync\",\"collection\":\"sync\"}", token.value())
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void theServerListensOnTheLoopbackAddressOnly() throws Exception {
    assertThat(server.host()).isEqualTo("127.0.0.1");
    List<InetAddress> others = new ArrayList<>();
    for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress a : Collections.list(ni.getInetAddresses())) {
        if (!a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
          others.add(a);
        }
      }
    }
    for (InetAddress a : others) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(a, server.port()), 2_000);
        throw new AssertionError("the server answered on " + a);
      } catch (IOException expected) {
        assertThat(expected.getMessage()).isNotNull();
      }
    }
  }

  @Test
  void theTokenFileIsReadableByItsOwnerOnlyAndKeptAcrossStarts() throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token.path())))
        .isEqualTo("rw-------");
    assertThat(token.value()).matches("[A-Za-z0-9_-]{43}");
    assertThat(AccessToken.loadOrCreate(home).value()).isEqualTo(token.value());
    Path other = temp.resolve("other-home");
    AccessToken fresh = AccessToken.loadOrCreate(other);
    assertThat(fresh.value()).isNotEqualTo(token.value());
    Files.setPosixFilePermissions(fresh.path(), PosixFilePermissions.fromString("rw-r--r--"));
    AccessToken replaced = AccessToken.loadOrCreate(other);
    assertThat(replaced.value()).isNotEqualTo(fresh.value());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(replaced.path())))
        .isEqualTo("rw-------");
  }

  @Test
  void twoHundredConcurrentSearchesAreAllAnsweredLikeTheSameSearchesOneByOne() throws Exception {
    List<String> queries =
        List.of(
            "version history",
            "sync regions",
            "end-to-end encryption",
            "headless sync",
            "upgrade encryption");
    Map<String, List<String>> expected = new java.util.HashMap<>();
    for (String q : queries) {
      expected.put(q, paths(post("/api/search", searchBody(q), token.value())));
      assertThat(expected.get(q)).as(q).isNotEmpty();
    }
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<HttpResponse<String>>> futures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String q = queries.get(i % queries.size());
        futures.add(pool.submit(() -> post("/api/search", searchBody(q), token.value())));
      }
      for (int i = 0; i < futures.size(); i++) {
        HttpResponse<String> r = futures.get(i).get();
        assertThat(r.statusCode()).as("request %d", i).isEqualTo(200);
        assertThat(paths(r))
            .as("request %d", i)
            .isEqualTo(expected.get(queries.get(i % queries.size())));
      }
    }
    List<RequestLog.Entry> log = new RequestLog(home).recent(500);
    assertThat(
            log.stream()
                .filter(e -> e.transport().equals("http-api") && e.tool().equals("search"))
                .count())
        .isGreaterThanOrEqualTo(205);
  }

  static String searchBody(String q) {
    return "{\"query\":\"" + q + "\",\"collection\":\"sync\",\"k\":5,\"mode\":\"lexical\"}";
  }

  static List<String> paths(HttpResponse<String> r) throws IOException {
    List<String> out = new ArrayList<>();
    json(r).path("results").forEach(n -> out.add(n.path("path").asText()));
    return out;
  }

  @Test
  void theApiListsToolsAndCollectionsAndNamesUnknownEndpoints() throws Exception {
    HttpRequest tools =
        HttpRequest.newBuilder(URI.create(base() + "/api/tools"))
            .header("Authorization", "Bearer " + token.value())
            .build();
    JsonNode t = JSON.readTree(http.send(tools, HttpResponse.BodyHandlers.ofString()).body());
    assertThat(t.path("tools").size()).isEqualTo(5);
    assertThat(t.path("tools").get(0).path("input_schema").path("required").get(0).asText())
        .isEqualTo("query");
    HttpResponse<String> unknown = post("/api/delete_everything", "{}", token.value());
    assertThat(unknown.statusCode()).isEqualTo(404);
    HttpResponse<String> notJson = post("/api/search", "{not json", token.value());
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(json(notJson).path("error").path("code").asText()).isEqualTo("invalid_argument");
    HttpResponse<String> tooLong =
        post(
            "/api/search",
            "{\"query\":\"" + "x".repeat(100_000) + "\",\"collection\":\"sync\"}",
            token.value());
    assertThat(tooLong.statusCode()).isEqualTo(413);
    assertThat(json(tooLong).path("error").path("code").asText()).isEqualTo("query_too_long");
  }

  @Test
  void theRequestLogRecordsToolCollectionOutcomeAndCountButNoQueryText() throws Exception {
    post(
        "/api/search",
        "{\"query\":\"secret words\",\"collection\":\"sync\",\"mode\":\"lexical\"}",
        token.value());
    post("/api/search", "{\"query\":\"secret words\",\"collection\":\"private\"}", token.value());
    List<RequestLog.Entry> recent = new RequestLog(home).recent(2);
    assertThat(recent).hasSize(2);
    assertThat(recent.get(0).tool()).isEqualTo("search");
    assertThat(recent.get(0).collection()).isEqualTo("sync");
    assertThat(recent.get(0).outcome()).isEqualTo("ok");
    assertThat(recent.get(1).outcome()).isEqualTo("unknown_collection");
    assertThat(recent.get(1).results()).isZero();
    assertThat(Files.readString(new RequestLog(home).file())).doesNotContain("secret words");
  }

  @Test
  void searchesDuringARebuildAreAnsweredFromTheLastCommittedIndexOrRefusedByType()
      throws Exception {
    dev.cairn.app.library.IndexingTask rebuild = library.rebuild("sync", IndexingListener.NONE);
    int answered = 0;
    do {
      HttpResponse<String> r =
          post(
              "/api/search",
              "{\"query\":\"restore an older version\",\"collection\":\"sync\"}",
              token.value());
      if (r.statusCode() == 200) {
        assertThat(paths(r)).isNotEmpty();
        answered++;
      } else {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(json(r).path("error").path("code").asText()).isEqualTo("index_busy");
      }
    } while (!rebuild.isDone());
    rebuild.await();
    HttpResponse<String> after =
        post(
            "/api/search",
            "{\"query\":\"restore an older version\",\"collection\":\"sync\"}",
            token.value());
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(paths(after)).anyMatch(p -> p.endsWith("Version history.md"));
  }
}
