package dev.cairn.app.cli;

import dev.cairn.app.library.LibraryService;
import dev.cairn.app.server.AccessToken;
import dev.cairn.app.server.CairnTools;
import dev.cairn.app.server.HttpServer;
import dev.cairn.app.server.RequestLog;
import dev.cairn.app.server.ServerSettingsStore;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cairn serve [--port N] [--collections a,b]}: the JSON API and the MCP streamable-HTTP
 * endpoint on 127.0.0.1, until the process is stopped (Ctrl-C).
 */
@Command(
    name = "serve",
    description = {
      "Serve the collections shared with other apps over HTTP on 127.0.0.1 (JSON API at /api,"
          + " MCP at /mcp) until stopped.",
      "Read-only. Every request needs the bearer token stored in <home>/server/token."
    },
    mixinStandardHelpOptions = true)
final class ServeCommand implements Callable<Integer> {
  @ParentCommand CairnCli cli;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "port on 127.0.0.1 (default: the one in Settings, 7436; 0 picks a free one)")
  Integer port;

  @Option(
      names = "--collections",
      split = ",",
      paramLabel = "NAME",
      description = "share these collections for this run instead of the saved choice")
  List<String> collections;

  @Override
  public Integer call() throws Exception {
    try (LibraryService library = cli.openLibrary()) {
      int chosen = port != null ? port : new ServerSettingsStore(library.home()).load().port();
      if (chosen != 0 && (chosen < 1024 || chosen > 65535)) {
        throw new CairnCli.UsageException("--port must be 0 or 1024 to 65535, got " + chosen);
      }
      CairnTools tools =
          new CairnTools(
              library, ServerScopes.scope(library, collections), new RequestLog(library.home()));
      AccessToken token = AccessToken.loadOrCreate(library.home());
      CountDownLatch stopped = new CountDownLatch(1);
      CountDownLatch closed = new CountDownLatch(1);
      try (HttpServer server = HttpServer.start(tools, token, chosen);
          LocalChannel local = LocalChannel.start(library, "cairn serve", cli.err)) {
        // The JVM halts when the hooks end: wait (briefly) until the servers are closed, so that
        // Ctrl-C also removes <home>/run/cairn.sock.
        Thread hook =
            new Thread(
                () -> {
                  stopped.countDown();
                  try {
                    closed.await(5, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "cairn-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        cli.out.println(
            "cairn serve: listening on http://127.0.0.1:"
                + server.port()
                + " (MCP at "
                + HttpServer.MCP_PATH
                + ", JSON API at "
                + HttpServer.API_PATH
                + "), serving "
                + ServerScopes.describe(tools));
        cli.out.println("bearer token in " + token.path() + " — stop with Ctrl-C");
        local.describe().ifPresent(cli.out::println);
        cli.out.flush();
        stopped.await();
      } finally {
        closed.countDown();
      }
      return 0;
    }
  }
}
