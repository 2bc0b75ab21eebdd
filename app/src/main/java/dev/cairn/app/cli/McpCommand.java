package dev.cairn.app.cli;

import dev.cairn.app.library.LibraryService;
import dev.cairn.app.server.CairnTools;
import dev.cairn.app.server.RequestLog;
import dev.cairn.app.server.StdioMcpServer;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cairn mcp [--collections a,b]}: an MCP server on stdin/stdout for assistants that start
 * Cairn themselves (Claude Desktop, VS Code). Standard output carries the protocol only; Cairn's
 * own lines go to stderr.
 */
@Command(
    name = "mcp",
    description = {
      "Serve the collections shared with other apps to an assistant over MCP (stdio).",
      "Read-only. Shares what `cairn apps expose` (or Settings → Connected apps) chose, or the"
          + " collections given with --collections for this run only."
    },
    mixinStandardHelpOptions = true)
final class McpCommand implements Callable<Integer> {
  @ParentCommand CairnCli cli;

  @Option(
      names = "--collections",
      split = ",",
      paramLabel = "NAME",
      description = "share these collections for this run instead of the saved choice")
  List<String> collections;

  @Override
  public Integer call() throws Exception {
    PrintStream protocol = cli.out;
    if (protocol == System.out) {
      // Anything else a library prints must not corrupt the protocol stream.
      System.setOut(cli.err);
    }
    try (LibraryService library = cli.openLibrary()) {
      CairnTools tools =
          new CairnTools(
              library, ServerScopes.scope(library, collections), new RequestLog(library.home()));
      cli.err.println(
          "cairn mcp: serving " + ServerScopes.describe(tools) + " on stdio (read-only)");
      StdioMcpServer.serve(tools, System.in, protocol);
      return 0;
    }
  }
}
