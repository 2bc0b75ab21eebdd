package dev.cairn.app.library;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one {@link IndexingRun} tells its {@link IndexingListener}: the counters (files seen, done
 * and failed, chunks stored and embedded), the phase, the file and container in hand, the throttled
 * {@link IndexingProgress} records built from them (at most one per 250 ms unless forced), notices,
 * file events and the final outcome. A listener that throws is logged and ignored.
 *
 * <p>Thread-safe: counted from the run's {@code cairn-index} and {@code cairn-embed} threads and
 * from pause/resume callers. Touches only the listener and the {@link RunControl} it reads the
 * paused state from; logs under {@link IndexingRun}'s logger, as before the split.
 */
final class RunProgress {
  private static final Logger LOG = LoggerFactory.getLogger(IndexingRun.class);
  private static final long PROGRESS_INTERVAL_NANOS = 250_000_000L;

  private final String collection;
  private final IndexingListener listener;
  private final RunControl control;

  private final AtomicInteger filesSeen = new AtomicInteger();
  private final AtomicInteger filesDone = new AtomicInteger();
  private final AtomicInteger filesFailed = new AtomicInteger();
  private final AtomicLong chunks = new AtomicLong();
  private final AtomicLong chunksEmbedded = new AtomicLong();
  private volatile String currentFile;
  private volatile String container;
  private volatile IndexingProgress.Phase phase = IndexingProgress.Phase.SCANNING;
  private volatile long startNanos;
  private volatile long firstEmbedNanos;
  private long lastProgressNanos;
  private volatile long baseChunks;

  RunProgress(String collection, IndexingListener listener, RunControl control) {
    this.collection = collection;
    this.listener = listener;
    this.control = control;
  }

  /** Marks the start of the run (rate, ETA and the summary's seconds count from here). */
  void start() {
    startNanos = System.nanoTime();
  }

  /** Seconds since {@link #start}. */
  double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Sets the phase the next progress record shows, without emitting one. */
  void setPhase(IndexingProgress.Phase p) {
    phase = p;
  }

  /** Sets the phase and emits a progress record at once. */
  void enterPhase(IndexingProgress.Phase p) {
    phase = p;
    emit(true);
  }

  /** Chunks this run stored (or queued again after an interrupted run). */
  void countChunks(int n) {
    chunks.addAndGet(n);
  }

  long chunks() {
    return chunks.get();
  }

  /** Chunks of the store before this run (set by a first build resumed from its spool). */
  long baseChunks() {
    return baseChunks;
  }

  /** Chunks embedded before this run (resumed from the spool) count as embedded and as chunks. */
  void countResumed(long alreadyEmbedded, long inStore) {
    chunksEmbedded.addAndGet(alreadyEmbedded);
    baseChunks = inStore;
  }

  void countEmbedded(int n) {
    if (firstEmbedNanos == 0) {
      firstEmbedNanos = System.nanoTime();
    }
    chunksEmbedded.addAndGet(n);
    emit(false);
  }

  /** The ingestion's own progress: files seen and the file (and container) in hand. */
  void ingested(dev.cairn.ingest.IngestProgress p) {
    filesSeen.set(p.filesSeen());
    currentFile = p.currentFile();
    container = p.container() == null ? null : p.container().describe();
    emit(false);
  }

  /** A file the ingestion finished (indexed, unchanged, skipped or failed). */
  void fileDone(dev.cairn.ingest.FileRecord file) {
    filesDone.incrementAndGet();
    FileEntry entry = FileEntry.of(file);
    if (entry.state() == FileState.FAILED) {
      filesFailed.incrementAndGet();
    }
    safely(() -> listener.fileDone(entry));
    emit(false);
  }

  void notice(String message) {
    LOG.info("collection {}: {}", collection, message);
    safely(() -> listener.notice(message));
  }

  void finished(IndexingSummary summary) {
    safely(() -> listener.finished(summary));
  }

  /** The run failed: the phase becomes FAILED (no progress record) and the listener is told. */
  void failed(LibraryException failure) {
    phase = IndexingProgress.Phase.FAILED;
    safely(() -> listener.failed(failure));
  }

  /** Emits a progress record: always when {@code force}, else at most once per interval. */
  void emit(boolean force) {
    long now = System.nanoTime();
    synchronized (this) {
      if (!force && now - lastProgressNanos < PROGRESS_INTERVAL_NANOS) {
        return;
      }
      lastProgressNanos = now;
    }
    long embedded = chunksEmbedded.get();
    double rate = 0;
    if (firstEmbedNanos != 0 && now > firstEmbedNanos) {
      rate = embedded / ((now - firstEmbedNanos) / 1e9);
    }
    Duration eta = null;
    long backlog = baseChunks + chunks.get() - embedded;
    int seen = filesSeen.get();
    int done = filesDone.get();
    if (rate > 0) {
      double elapsed = (now - startNanos) / 1e9;
      double filesLeft = done > 0 && seen > done ? elapsed * (seen - done) / done : 0;
      eta = Duration.ofMillis((long) (1000 * Math.max(filesLeft, backlog / rate)));
    }
    IndexingProgress p =
        new IndexingProgress(
            control.isPaused() ? IndexingProgress.Phase.PAUSED : phase,
            Math.max(seen, done),
            done,
            filesFailed.get(),
            baseChunks + chunks.get(),
            embedded,
            rate,
            eta,
            currentFile,
            container);
    safely(() -> listener.progress(p));
  }

  private void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("indexing listener of collection {} threw", collection, e);
    }
  }
}
