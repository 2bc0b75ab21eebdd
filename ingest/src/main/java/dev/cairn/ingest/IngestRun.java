package dev.cairn.ingest;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The counters and the listener of one {@link Ingestor#ingest} call: what each path (plain file,
 * container, OCR pass) counts, and the only place that calls the {@link IngestListener}, one event
 * at a time under the ingestor's listener lock. Touches nothing else: no store, no file. Moved out
 * of {@link Ingestor} unchanged (decision 0022). Thread-safe: counters are atomic, {@link #seen}
 * and {@link #bytesTotal} are set by the scanning thread before any worker starts.
 */
final class IngestRun {
  private static final Logger LOG =
      LoggerFactory.getLogger(Ingestor.class); // same log category as before the move

  private final IngestListener listener;
  private final Object listenerLock;
  final long start = System.nanoTime();
  final AtomicInteger done = new AtomicInteger();
  final AtomicInteger indexed = new AtomicInteger();
  final AtomicInteger unchanged = new AtomicInteger();
  final AtomicInteger skipped = new AtomicInteger();
  final AtomicInteger failed = new AtomicInteger();
  final AtomicInteger chunksAdded = new AtomicInteger();
  final AtomicInteger chunksRemoved = new AtomicInteger();
  final AtomicLong bytesDone = new AtomicLong();
  int seen;
  long bytesTotal;

  IngestRun(IngestListener listener, Object listenerLock) {
    this.listener = listener;
    this.listenerLock = listenerLock;
  }

  IngestListener listener() {
    return listener;
  }

  /**
   * Counts a plain file's (or an OCR'd file's) stored commit and publishes it: INDEXED and
   * DUPLICATE count as indexed.
   */
  void fileCommitted(DocumentStore.Commit commit, ScannedFile f) {
    switch (commit.file().state()) {
      case INDEXED, DUPLICATE -> indexed.incrementAndGet();
      case SKIPPED, NEEDS_OCR -> skipped.incrementAndGet();
      case FAILED -> failed.incrementAndGet();
      case PENDING, MISSING -> {}
    }
    chunksAdded.addAndGet(commit.added().size());
    chunksRemoved.addAndGet(commit.removed().length);
    done.incrementAndGet();
    bytesDone.addAndGet(f.size());
    publish(commit, f);
  }

  /** A file that could not be stored (or streamed): counted failed, nothing published. */
  void notStored() {
    failed.incrementAndGet();
    done.incrementAndGet();
  }

  /** Sends a commit's chunk changes, its file record and the progress after it. */
  void publish(DocumentStore.Commit c, ScannedFile f) {
    emit(
        () -> {
          if (c.removed().length > 0) {
            listener.chunksRemoved(c.removed());
          }
          if (!c.added().isEmpty()) {
            listener.chunksAdded(c.added());
          }
          listener.fileDone(c.file());
          listener.progress(progress(f.key()));
        });
  }

  IngestSummary summary() {
    return new IngestSummary(
        seen,
        indexed.get(),
        unchanged.get(),
        skipped.get(),
        failed.get(),
        chunksAdded.get(),
        chunksRemoved.get(),
        Duration.ofNanos(System.nanoTime() - start));
  }

  IngestProgress progress(String current) {
    return progress(current, null);
  }

  IngestProgress progress(String current, ContainerProgress container) {
    double secs = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
    int d = done.get();
    double rate = d / secs;
    long bytes = bytesDone.get();
    Duration eta = Duration.ZERO;
    if (bytesTotal > 0 && bytes > 0 && bytes < bytesTotal) {
      eta = Duration.ofMillis((long) (secs * 1000 * (bytesTotal - bytes) / bytes));
    }
    return new IngestProgress(
        seen, d, failed.get(), bytes, bytesTotal, chunksAdded.get(), rate, eta, current, container);
  }

  /** Runs one listener call under the lock; a listener that throws is logged, not propagated. */
  void emit(Runnable call) {
    synchronized (listenerLock) {
      try {
        call.run();
      } catch (RuntimeException e) {
        LOG.warn("ingest listener threw {}", e.toString());
      }
    }
  }
}
