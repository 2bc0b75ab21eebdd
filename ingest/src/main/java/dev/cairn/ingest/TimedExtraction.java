package dev.cairn.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one extraction on its own daemon thread ({@code cairn-extract-N}) under a time limit that
 * applies to each embedded part as it is extracted, abandoning a parse that overruns (its thread is
 * interrupted, its budget abandoned) and keeping, for a container, what was extracted before the
 * stalled part (waiting up to {@link #ABANDON_GRACE}). Owns the extractor threads it starts;
 * touches nothing but the file it is given (through the step) and the {@link ExtractionBudget}.
 * Moved out of {@link Ingestor} unchanged. Thread-safe: each call has its own thread and budget.
 */
final class TimedExtraction {
  private static final Logger LOG =
      LoggerFactory.getLogger(Ingestor.class); // same log category as before the move
  private static final AtomicInteger EXTRACT_THREADS = new AtomicInteger();

  private final IngestOptions options;
  private final FileExtractor extractor;

  TimedExtraction(IngestOptions options, FileExtractor extractor) {
    this.options = options;
    this.extractor = extractor;
  }

  /** How long an abandoned container extraction may take to hand over what it extracted. */
  static final Duration ABANDON_GRACE = Duration.ofSeconds(10);

  Extraction extract(Path file, long size) throws UnsupportedDocumentException {
    return extract(file, size, options.fileTimeLimit(), null, b -> extractor.extract(file, b));
  }

  /** One extraction step under a time limit and, when {@code cancel} is given, a cancel. */
  interface Step {
    Extraction run(ExtractionBudget budget) throws UnsupportedDocumentException;
  }

  Extraction extract(Path file, long size, Duration limit, CancellationToken cancel, Step step)
      throws UnsupportedDocumentException {
    ExtractionBudget budget = new ExtractionBudget(options.maxTextChars(), size);
    CompletableFuture<Extraction> result = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try {
                result.complete(step.run(budget));
              } catch (UnsupportedDocumentException e) {
                result.completeExceptionally(e);
              } catch (OutOfMemoryError e) {
                result.completeExceptionally(
                    new UnsupportedDocumentException(
                        FileState.FAILED, "out of memory while extracting"));
              } catch (Throwable e) {
                result.completeExceptionally(
                    new UnsupportedDocumentException(
                        FileState.FAILED, FileExtractor.corruptReason(e), e));
              }
            },
            "cairn-extract-" + EXTRACT_THREADS.incrementAndGet());
    t.setDaemon(true);
    t.start();
    long limitNanos = limit.toNanos();
    try {
      // The limit applies to each embedded part (a message of a mailbox) as it is extracted, so
      // a big container runs as long as its parts keep coming; one part over the limit stops it.
      while (true) {
        if (cancel != null && cancel.isCancelled()) {
          budget.abandon();
          t.interrupt();
          throw new UnsupportedDocumentException(FileState.PENDING, "cancelled");
        }
        long wait = limitNanos - budget.idleNanos();
        if (wait <= 0) {
          break;
        }
        if (cancel != null) {
          wait = Math.min(wait, TimeUnit.MILLISECONDS.toNanos(200)); // check the cancel again
        }
        try {
          return result.get(wait, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          // a part finished meanwhile, or the cancel is due for a check
        }
      }
      budget.abandon();
      t.interrupt();
      if (budget.partsDone() > 0) {
        // the parser stops at its next event; what it extracted before the stalled part is kept
        try {
          return result.get(ABANDON_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException ignored) {
          // nothing to keep
        }
      }
      LOG.warn("{}: extraction abandoned after {} without progress", file, limit);
      throw new UnsupportedDocumentException(FileState.FAILED, "timed out after " + seconds(limit));
    } catch (InterruptedException e) {
      budget.abandon();
      t.interrupt();
      Thread.currentThread().interrupt();
      throw new UnsupportedDocumentException(FileState.FAILED, "interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnsupportedDocumentException u) {
        throw u;
      }
      throw new UnsupportedDocumentException(
          FileState.FAILED, FileExtractor.corruptReason(e.getCause()), e.getCause());
    }
  }

  private static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0
        ? (ms / 1000) + " s"
        : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
  }
}
