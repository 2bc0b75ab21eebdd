package dev.cairn.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.IndexingListener;
import dev.cairn.app.library.TestCorpus;
import dev.cairn.ingest.mail.MboxWriter;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP {@code search} tool, called by the real MCP SDK client over HTTP, takes the mail filters
 * both as operators in its query and as fields of its {@code filters} object, with the same
 * results, and refuses an unknown filter naming the accepted ones. Real linux-s390 list messages.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class McpMailFiltersTest {
  @TempDir static Path temp;
  static DefaultLibraryService library;
  static ExposedServer served;

  @BeforeAll
  static void start() throws Exception {
    Path s390 = TestCorpus.sharedData().resolve("docs/emails_mailing_list_linux_s390/eml");
    Path mail = Files.createDirectories(temp.resolve("docs/Mail"));
    try (OutputStream out = Files.newOutputStream(mail.resolve("lists.mbox"))) {
      for (String n : List.of("0002", "0046", "0075", "0100", "0147", "0165")) {
        MboxWriter.append(
            out,
            "From MAILER-DAEMON Thu Jul  9 10:00:00 2026",
            Files.readAllBytes(s390.resolve(n + ".eml")));
      }
    }
    Path home = temp.resolve("home");
    library = DefaultLibraryService.open(home);
    library.index("mail", List.of(temp.resolve("docs")), IndexingListener.NONE).await();
    served = ExposedServer.start(home, library, List.of("mail"));
  }

  @AfterAll
  static void stop() {
    if (served != null) {
      served.close();
    } else if (library != null) {
      library.close();
    }
  }

  static McpSyncClient client() {
    return served.mcpClient();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> results(McpSchema.CallToolResult r) {
    assertThat(r.isError()).as(String.valueOf(r.structuredContent())).isFalse();
    return (List<Map<String, Object>>) ((Map<String, Object>) r.structuredContent()).get("results");
  }

  @Test
  void operatorsInTheQueryAndFilterFieldsGiveTheSameMail() {
    try (McpSyncClient client = client()) {
      List<Map<String, Object>> byOperators =
          results(
              client.callTool(
                  new McpSchema.CallToolRequest(
                      "search",
                      Map.of(
                          "query",
                          "s390 to:hca@linux.ibm.com after:2026-07-10",
                          "collection",
                          "mail",
                          "k",
                          10))));
      List<Map<String, Object>> byFields =
          results(
              client.callTool(
                  new McpSchema.CallToolRequest(
                      "search",
                      Map.of(
                          "query",
                          "s390",
                          "collection",
                          "mail",
                          "k",
                          10,
                          "filters",
                          Map.of("recipient", "hca@linux.ibm.com", "after", "2026-07-10")))));
      // To of 0100 (10 July) and Cc of 0165 (13 July); 0002 and 0046 are of 9 July
      assertThat(byOperators)
          .isNotEmpty()
          .extracting(m -> (String) m.get("title"))
          .allMatch(t -> t.contains("zcrypt") || t.contains("GIT PULL"));
      assertThat(byFields)
          .extracting(m -> m.get("title"))
          .isEqualTo(byOperators.stream().map(m -> m.get("title")).toList());
      List<Map<String, Object>> folder =
          results(
              client.callTool(
                  new McpSchema.CallToolRequest(
                      "search",
                      Map.of(
                          "query",
                          "s390",
                          "collection",
                          "mail",
                          "filters",
                          Map.of("mail_folder", "lists", "has_attachment", true)))));
      assertThat(folder).as("none of these list messages has an attachment").isEmpty();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void anUnknownFilterOrABadOperatorIsAnInvalidArgumentThatSaysWhy() {
    try (McpSyncClient client = client()) {
      McpSchema.CallToolResult unknown =
          client.callTool(
              new McpSchema.CallToolRequest(
                  "search",
                  Map.of("query", "s390", "collection", "mail", "filters", Map.of("cc", "x"))));
      assertThat(unknown.isError()).isTrue();
      Map<String, Object> error =
          (Map<String, Object>) ((Map<String, Object>) unknown.structuredContent()).get("error");
      assertThat(error.get("code")).isEqualTo("invalid_argument");
      assertThat((String) error.get("message"))
          .contains("unknown argument(s) [cc]")
          .contains("recipient")
          .contains("mail_folder")
          .contains("has_attachment");
      McpSchema.CallToolResult bad =
          client.callTool(
              new McpSchema.CallToolRequest(
                  "search", Map.of("query", "s390 before:yesterday", "collection", "mail")));
      Map<String, Object> badError =
          (Map<String, Object>) ((Map<String, Object>) bad.structuredContent()).get("error");
      assertThat(badError.get("code")).isEqualTo("invalid_argument");
      assertThat((String) badError.get("message")).contains("before:yesterday is not a date");
    }
  }
}
