package dev.cairn.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.server.ServerSettingsStore;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn apps}: what other apps may see, changed and shown from the command line. */
class AppsCommandTest {
  @TempDir Path tmp;
  Path home;

  @BeforeEach
  void twoCollections() throws Exception {
    home = tmp.resolve("home");
    try (DefaultLibraryService library = DefaultLibraryService.open(home)) {
      library.createCollection("mail");
      library.createCollection("notes");
    }
  }

  private Cli.Result cairn(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--home";
    all[1] = home.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return Cli.run(all);
  }

  @Test
  void nothingIsSharedUntilExposedAndHideTakesItBack() throws Exception {
    Cli.Result none = cairn("apps");
    assertThat(none.code()).as(none.err()).isZero();
    assertThat(none.out()).contains("shared with other apps (read-only): nothing");

    assertThat(cairn("apps", "expose", "notes").code()).isZero();
    assertThat(new ServerSettingsStore(home).load().exposedCollections()).containsExactly("notes");
    assertThat(cairn("apps").out()).contains("(read-only): notes");

    assertThat(cairn("apps", "hide", "notes").code()).isZero();
    assertThat(new ServerSettingsStore(home).load().exposedCollections()).isEmpty();
  }

  @Test
  void exposingACollectionThatDoesNotExistIsAUsageErrorThatNamesTheOthers() throws Exception {
    Cli.Result r = cairn("apps", "expose", "nosuch");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no collection 'nosuch'").contains("mail").contains("notes");
    assertThat(new ServerSettingsStore(home).load().exposedCollections()).isEmpty();
  }

  @Test
  void configPrintsTheClaudeDesktopAndVsCodeSnippetsForThisHome() throws Exception {
    Cli.Result claude = cairn("apps", "config", "claude", "--launcher", "/opt/cairn/cairn");
    assertThat(claude.code()).as(claude.err()).isZero();
    JsonNode c = new ObjectMapper().readTree(claude.out());
    assertThat(c.path("mcpServers").path("cairn").path("command").asText())
        .isEqualTo("/opt/cairn/cairn");
    assertThat(c.path("mcpServers").path("cairn").path("args").toString())
        .isEqualTo("[\"--home\",\"" + home.toAbsolutePath().normalize() + "\",\"mcp\"]");

    JsonNode v = new ObjectMapper().readTree(cairn("apps", "config", "vscode").out());
    assertThat(v.path("servers").path("cairn").path("type").asText()).isEqualTo("stdio");

    JsonNode h = new ObjectMapper().readTree(cairn("apps", "config", "http").out());
    assertThat(h.path("servers").path("cairn").path("url").asText())
        .isEqualTo("http://127.0.0.1:7436/mcp");

    assertThat(cairn("apps", "config", "emacs").code()).isEqualTo(2);
  }

  @Test
  void mcpWithAnUnknownCollectionIsAUsageError() {
    Cli.Result r = cairn("mcp", "--collections", "nosuch");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no collection 'nosuch'");
    assertThat(r.out()).isEmpty();
  }
}
