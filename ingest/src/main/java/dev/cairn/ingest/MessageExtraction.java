package dev.cairn.ingest;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Extracts the messages of one container, each under its own time limit, on one daemon thread
 * ({@code cairn-mail-N}). A message over the limit is abandoned (its parser aborts at the next SAX
 * event, its thread is interrupted and replaced) and reported FAILED "timed out after 60 s"; the
 * next message gets a fresh thread. Not thread-safe: one container, one caller. Closing stops the
 * thread.
 */
final class MessageExtraction implements AutoCloseable {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final FileExtractor extractor;
  private final Duration limit;
  private final long maxChars;
  private ExecutorService thread = newThread();

  MessageExtraction(FileExtractor extractor, Duration limit, long maxChars) {
    this.extractor = extractor;
    this.limit = limit;
    this.maxChars = maxChars;
  }

  private static ExecutorService newThread() {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, "cairn-mail-" + THREADS.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** One message's documents; throws with FAILED/SKIPPED and the reason when it has none. */
  Extraction extract(byte[] rfc822, String name) throws UnsupportedDocumentException {
    ExtractionBudget budget = new ExtractionBudget(maxChars, rfc822.length);
    Future<Extraction> f = thread.submit(() -> extractor.extractMessage(rfc822, name, budget));
    try {
      return f.get(limit.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      budget.abandon();
      f.cancel(true);
      thread.shutdownNow();
      thread = newThread();
      long ms = limit.toMillis();
      String shown =
          ms % 1000 == 0
              ? (ms / 1000) + " s"
              : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
      throw new UnsupportedDocumentException(FileState.FAILED, "timed out after " + shown);
    } catch (InterruptedException e) {
      budget.abandon();
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new UnsupportedDocumentException(FileState.PENDING, "interrupted");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof UnsupportedDocumentException u) {
        throw u;
      }
      if (c instanceof OutOfMemoryError) {
        throw new UnsupportedDocumentException(FileState.FAILED, "out of memory while extracting");
      }
      throw new UnsupportedDocumentException(FileState.FAILED, FileExtractor.corruptReason(c), c);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
