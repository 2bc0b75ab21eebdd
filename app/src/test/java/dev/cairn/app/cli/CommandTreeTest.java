package dev.cairn.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The command line builds only the subcommand its arguments name (issue 19: the start of a served
 * search), and the whole tree wherever picocli must list or suggest commands.
 */
class CommandTreeTest {
  private static final CairnCli CLI = new CairnCli(System.out, System.err);

  private static List<String> names(String... args) {
    return List.copyOf(CairnCli.tree(CLI, List.of(args)).getSubcommands().keySet());
  }

  @Test
  void theNamedSubcommandIsTheOnlyOneBuilt() {
    assertThat(names("search", "kaminski", "-k", "3")).containsExactly("search");
    assertThat(names("--home", "/tmp/search-home", "stats")).containsExactly("stats");
    assertThat(names("--home=/tmp/x", "models", "list")).containsExactly("models");
    assertThat(names("eval", "beir", "dir")).containsExactly("eval");
    assertThat(names("--version")).isEmpty();
  }

  @Test
  void helpAndUnknownWordsGetTheWholeTreeInHelpOrder() {
    List<String> all =
        CairnCli.SUBCOMMANDS.stream()
            .map(c -> c.getAnnotation(picocli.CommandLine.Command.class).name())
            .toList();
    assertThat(all).hasSize(14).contains("search", "index", "serve", "apps");
    assertThat(names("--help")).containsExactlyElementsOf(all);
    assertThat(names()).containsExactlyElementsOf(all);
    assertThat(names("serach", "x")).containsExactlyElementsOf(all);
    assertThat(names("--home", "/tmp/h")).containsExactlyElementsOf(all);
  }

  @Test
  void usageListsEveryCommandAndATypoIsStillAUsageErrorWithASuggestion() {
    Run help = run("--help");
    assertThat(help.code).isZero();
    for (String c : List.of("index", "search", "ask", "stats", "serve", "apps", "eval")) {
      assertThat(help.out).contains("  " + c + " ");
    }
    Run typo = run("serach", "kaminski");
    assertThat(typo.code).isEqualTo(CairnCli.EXIT_USAGE);
    assertThat(typo.err).contains("serach").contains("search");
    Run version = run("--version");
    assertThat(version.code).isZero();
    assertThat(version.out.strip()).isEqualTo("Cairn 0.1.0");
  }

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        CairnCli.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            args);
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
