package dev.cairn.app.cli;

import dev.cairn.app.library.FileEntry;
import dev.cairn.app.library.FileState;
import dev.cairn.app.library.IndexingListener;
import dev.cairn.app.library.IndexingProgress;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Prints an indexing task's progress to stderr: a line at most every two seconds (and at the end),
 * each failed file, and each notice. Thread-safe.
 */
final class StderrProgress implements IndexingListener {
  private final CairnCli cli;
  private long lastPrint;
  private final Set<Path> failed = new HashSet<>();

  StderrProgress(CairnCli cli) {
    this.cli = cli;
  }

  @Override
  public synchronized void progress(IndexingProgress p) {
    long now = System.nanoTime();
    boolean terminal =
        p.phase() == IndexingProgress.Phase.DONE || p.phase() == IndexingProgress.Phase.CANCELLED;
    if (!terminal && lastPrint != 0 && now - lastPrint < 2_000_000_000L) {
      return;
    }
    lastPrint = now;
    cli.err.printf(
        Locale.ROOT,
        "[%s] files %d/%d (failed %d), chunks %d, embedded %d (%.1f/s)%s%s%n",
        p.phase().name().toLowerCase(Locale.ROOT),
        p.filesDone(),
        p.filesSeen(),
        p.filesFailed(),
        p.chunks(),
        p.chunksEmbedded(),
        p.ratePerSecond(),
        p.eta() == null ? "" : ", eta " + p.eta().toSeconds() + " s",
        p.container() == null ? "" : "; " + p.container());
    cli.err.flush();
  }

  @Override
  public synchronized void fileDone(FileEntry file) {
    if (file.state() == FileState.FAILED) {
      failed.add(file.path());
      cli.err.println("failed: " + file.path() + ": " + file.reason());
    }
  }

  /** The files this task reported as failed so far. */
  synchronized Set<Path> failedFiles() {
    return Set.copyOf(failed);
  }

  @Override
  public synchronized void notice(String message) {
    cli.err.println(message);
    cli.err.flush();
  }
}
