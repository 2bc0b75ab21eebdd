package dev.cairn.app.cli;

import dev.cairn.app.library.IndexingListener;
import dev.cairn.app.library.IndexingProgress;
import dev.cairn.app.library.IndexingSummary;
import dev.cairn.app.library.IndexingTask;
import dev.cairn.app.library.LibraryService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cairn index PATH... [--collection NAME]}: progress on stderr, a summary on stdout. */
@Command(
    name = "index",
    description = "Add files or folders to a collection and index them.",
    mixinStandardHelpOptions = true)
final class IndexCommand implements Callable<Integer> {
  @ParentCommand CairnCli cli;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "files or folders to index")
  List<Path> paths;

  @Option(
      names = "--collection",
      paramLabel = "NAME",
      defaultValue = LibraryService.DEFAULT_COLLECTION,
      description = "collection name (default: ${DEFAULT-VALUE})")
  String collection;

  @Override
  public Integer call() throws Exception {
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new CairnCli.UsageException("no such file or folder: " + p.toAbsolutePath());
      }
    }
    List<Path> absolute = paths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    try (LibraryService library = cli.openLibrary()) {
      IndexingTask task = library.index(collection, absolute, new StderrProgress(cli));
      IndexingSummary s = task.await();
      cli.out.printf(
          Locale.ROOT,
          "indexed %d files, unchanged %d, skipped %d, failed %d; %d chunks in %.1f s%s%n",
          s.indexed(),
          s.unchanged(),
          s.skipped(),
          s.failed(),
          s.chunks(),
          s.seconds(),
          s.cancelled() ? " (cancelled)" : "");
      return 0;
    }
  }

  /** Prints a progress line to stderr at most every two seconds, and each failed file. */
  private static final class StderrProgress implements IndexingListener {
    private final CairnCli cli;
    private long lastPrint;

    StderrProgress(CairnCli cli) {
      this.cli = cli;
    }

    @Override
    public synchronized void progress(IndexingProgress p) {
      long now = System.nanoTime();
      boolean terminal =
          p.phase() == IndexingProgress.Phase.DONE || p.phase() == IndexingProgress.Phase.CANCELLED;
      if (!terminal && now - lastPrint < 2_000_000_000L) {
        return;
      }
      lastPrint = now;
      cli.err.printf(
          Locale.ROOT,
          "[%s] files %d/%d (failed %d), chunks %d, embedded %d (%.1f/s)%s%n",
          p.phase().name().toLowerCase(Locale.ROOT),
          p.filesDone(),
          p.filesSeen(),
          p.filesFailed(),
          p.chunks(),
          p.chunksEmbedded(),
          p.ratePerSecond(),
          p.eta() == null ? "" : ", eta " + p.eta().toSeconds() + " s");
      cli.err.flush();
    }

    @Override
    public void fileDone(dev.cairn.app.library.FileEntry file) {
      if (file.state() == dev.cairn.app.library.FileState.FAILED) {
        synchronized (this) {
          cli.err.println("failed: " + file.path() + ": " + file.reason());
        }
      }
    }
  }
}
