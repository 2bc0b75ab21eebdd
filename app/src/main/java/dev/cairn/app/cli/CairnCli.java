package dev.cairn.app.cli;

import dev.cairn.app.library.CairnHome;
import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.LibraryException;
import dev.cairn.app.library.LibraryService;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code cairn} command line. Exit status: 0 on success, 2 on a usage error, 1 on failure with
 * a one-line reason on stderr.
 */
@Command(
    name = "cairn",
    mixinStandardHelpOptions = true,
    version = "Cairn 0.1.0",
    description = "Search and chat with your own files, locally.",
    subcommands = {
      IndexCommand.class,
      SearchCommand.class,
      AskCommand.class,
      StatsCommand.class,
      ValidateCommand.class,
      ModelsCommand.class,
      EvalCommand.class,
      ExportCommand.class,
      ImportCommand.class
    })
public final class CairnCli implements Runnable {

  /** Exit status of a failure (a one-line reason goes to stderr). */
  static final int EXIT_FAILURE = 1;

  /** Exit status of a usage error. */
  static final int EXIT_USAGE = 2;

  @Option(
      names = "--home",
      paramLabel = "DIR",
      description = "Cairn's home folder (default: the platform data folder)",
      scope = CommandLine.ScopeType.INHERIT)
  Path home;

  final PrintStream out;
  final PrintStream err;

  CairnCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(out);
  }

  /** The home folder chosen on the command line or the platform default. */
  Path resolvedHome() {
    return home != null ? home.toAbsolutePath().normalize() : CairnHome.defaultHome();
  }

  /** Opens the library service for the chosen home; the caller closes it. */
  LibraryService openLibrary() throws LibraryException {
    return DefaultLibraryService.open(resolvedHome());
  }

  /** Opens the library service, talking to {@code ollamaHost} instead of the configured one. */
  LibraryService openLibrary(java.net.URI ollamaHost) throws LibraryException {
    return ollamaHost == null
        ? openLibrary()
        : DefaultLibraryService.open(resolvedHome(), ollamaHost);
  }

  /** Parses and runs {@code args}, returning the process exit status. */
  public static int run(String... args) {
    return run(System.out, System.err, args);
  }

  /** Parses and runs {@code args} writing to the given streams, returning the exit status. */
  public static int run(PrintStream out, PrintStream err, String... args) {
    CairnCli cli = new CairnCli(out, err);
    CommandLine cmd = new CommandLine(cli);
    cmd.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cmd.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cmd.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          err.println("cairn: " + oneLine(ex));
          err.flush();
          return ex instanceof UsageException ? EXIT_USAGE : EXIT_FAILURE;
        });
    int code = cmd.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** A failure message in one line: the exception's own message, or its type if it has none. */
  static String oneLine(Throwable ex) {
    String msg = ex.getMessage();
    if (msg == null || msg.isBlank()) {
      msg = ex.getClass().getSimpleName();
    }
    return msg.replace('\n', ' ').replace('\r', ' ').strip();
  }

  /** Thrown by a command for a usage error found after parsing (exit status 2). */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
