package dev.cairn.chat.llama;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs blocking ollama4j calls on named daemon threads so every call has a hard deadline and can be
 * cancelled, whatever the client library does internally. Owned by the embedder or chat model that
 * created it and shut down by its {@code close()}.
 */
public final class OllamaCalls implements AutoCloseable {

  /** How a bounded call ended badly. */
  public sealed interface Failure permits Timeout, Failed, Interrupted {}

  /** The call did not finish within its deadline. */
  public record Timeout(Duration after) implements Failure {}

  /** The call threw. */
  public record Failed(Throwable cause) implements Failure {}

  /** The waiting thread was interrupted (cancelled). */
  public record Interrupted() implements Failure {}

  /** A call's outcome: a value or a failure. */
  public record Outcome<T>(T value, Failure failure) {}

  private final ExecutorService pool;
  private volatile Future<?> running;

  public OllamaCalls(String threadPrefix) {
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, threadPrefix + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Runs {@code call} and waits at most {@code deadline}. */
  public <T> Outcome<T> call(Callable<T> call, Duration deadline) {
    Future<T> f = pool.submit(call);
    running = f;
    try {
      return new Outcome<>(f.get(deadline.toMillis(), TimeUnit.MILLISECONDS), null);
    } catch (CancellationException e) {
      return new Outcome<>(null, new Interrupted());
    } catch (TimeoutException e) {
      f.cancel(true);
      return new Outcome<>(null, new Timeout(deadline));
    } catch (ExecutionException e) {
      return new Outcome<>(null, new Failed(e.getCause()));
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      return new Outcome<>(null, new Interrupted());
    }
  }

  /**
   * Interrupts the call in progress (its waiter gets {@link Interrupted}); a blocked HTTP read in
   * java.net.http is interruptible, so the connection is dropped at once.
   */
  public void cancelRunning() {
    Future<?> f = running;
    if (f != null) {
      f.cancel(true);
    }
  }

  /** Submits a task without waiting. */
  public Future<?> submit(Runnable task) {
    return pool.submit(task);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
