package dev.cairn.app.cli;

import dev.cairn.app.library.CairnHome;
import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.LibraryException;
import dev.cairn.app.library.LibraryService;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code cairn} command line. Exit status: 0 on success, 1 on failure with a one-line reason on
 * stderr, 2 on a usage error, 3 when an indexing run finished but some files failed, 4 when the
 * collection is being written by another Cairn (or task), 6 when a collection is damaged or needs a
 * rebuild (5 is the window's "cannot show a window here").
 */
@Command(
    name = "cairn",
    mixinStandardHelpOptions = true,
    version = "Cairn 0.1.0",
    description = "Search and chat with your own files, locally.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:success",
      "1:failure (a one-line reason on stderr)",
      "2:usage error",
      "3:indexing finished but some files could not be indexed",
      "4:the collection is being written by another Cairn; try again when it finishes",
      "6:the collection is damaged or needs a rebuild (the message names the command)"
    })
public final class CairnCli implements Runnable {
  /**
   * The subcommands, in the order {@code cairn --help} lists them. Not in the {@code @Command}
   * annotation: picocli would build the model of all of them at every start (about 0.15 s of a
   * served search's 0.7 s, issue 19); {@link #tree} adds only the one the arguments name.
   */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          IndexCommand.class,
          RebuildCommand.class,
          ReembedCommand.class,
          SearchCommand.class,
          AskCommand.class,
          StatsCommand.class,
          ValidateCommand.class,
          ModelsCommand.class,
          EvalCommand.class,
          ExportCommand.class,
          ImportCommand.class,
          McpCommand.class,
          ServeCommand.class,
          AppsCommand.class);

  /** Exit status of a failure (a one-line reason goes to stderr). */
  static final int EXIT_FAILURE = 1;

  /** Exit status of a usage error. */
  static final int EXIT_USAGE = 2;

  /** Exit status of an indexing run that finished but could not index some files. */
  static final int EXIT_FILES_FAILED = 3;

  /** Exit status when another writer (process or task) holds the collection. */
  static final int EXIT_BUSY = 4;

  /** Exit status of a damaged collection or one that needs a rebuild. */
  static final int EXIT_DAMAGED = 6;

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
    tree(this, List.of()).usage(out);
  }

  /**
   * The command tree for {@code args}: only the subcommand they name (the first word that is not
   * {@code --home} or its value) when it is one of {@link #SUBCOMMANDS}; every subcommand otherwise
   * (help, a usage error, a mistyped command: what picocli lists or suggests); none for {@code
   * --version}.
   */
  static CommandLine tree(CairnCli cli, List<String> args) {
    CommandLine cmd = new CommandLine(cli);
    Class<?> named = subcommandOf(args);
    for (Class<?> c : SUBCOMMANDS) {
      if (named == null || named == c) {
        cmd.addSubcommand(c);
      }
    }
    return cmd;
  }

  private static Class<?> subcommandOf(List<String> args) {
    String word = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--home")) {
        i++;
      } else if (!a.startsWith("-")) {
        word = a;
        break;
      } else if (a.equals("--version") || a.equals("-V")) {
        return Void.class; // prints the version only: no subcommand is needed
      } else if (!a.startsWith("--home=")) {
        return null; // another option of cairn itself (--help, a typo): the whole tree
      }
    }
    if (word == null) {
      return null;
    }
    for (Class<?> c : SUBCOMMANDS) {
      Command a = c.getAnnotation(Command.class);
      if (a.name().equals(word) || List.of(a.aliases()).contains(word)) {
        return c;
      }
    }
    return null;
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
    CommandLine cmd = tree(cli, List.of(args));
    cmd.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cmd.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cmd.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          err.println("cairn: " + oneLine(ex));
          err.flush();
          return exitCode(ex);
        });
    int code = cmd.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** The exit status of a command that failed with {@code ex}. */
  static int exitCode(Throwable ex) {
    if (ex instanceof UsageException) {
      return EXIT_USAGE;
    }
    if (ex instanceof LibraryException le) {
      return switch (le.kind()) {
        case BUSY -> EXIT_BUSY;
        case CORRUPT -> EXIT_DAMAGED;
        default -> EXIT_FAILURE;
      };
    }
    return EXIT_FAILURE;
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
