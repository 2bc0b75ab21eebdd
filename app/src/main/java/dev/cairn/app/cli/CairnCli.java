package dev.cairn.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cairn} command line. Exit status: 0 on success, 2 on a usage error, 1 on failure with
 * a one-line reason on stderr.
 */
@Command(
    name = "cairn",
    mixinStandardHelpOptions = true,
    version = "Cairn 0.1.0",
    description = "Search and chat with your own files, locally.")
public final class CairnCli implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Parses and runs {@code args}, returning the process exit status. */
  public static int run(String... args) {
    return new CommandLine(new CairnCli()).execute(args);
  }
}
