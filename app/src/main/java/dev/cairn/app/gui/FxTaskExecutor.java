package dev.cairn.app.gui;

import dev.cairn.app.platform.NamedThreads;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The window's {@link TaskExecutor}: a small pool of daemon threads named {@code cairn-gui-N} for
 * the work, {@link Platform#runLater} for the results.
 */
public final class FxTaskExecutor implements TaskExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(FxTaskExecutor.class);

  private final ExecutorService pool;

  /** Creates an executor with {@code threads} background threads. */
  public FxTaskExecutor(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    // below the UI thread's priority, as are the threads it starts (model runtimes)
    this.pool = Executors.newFixedThreadPool(threads, new NamedThreads("cairn-gui", false));
  }

  @Override
  public <T> BackgroundTask submit(
      String name, Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
    AtomicBoolean cancelled = new AtomicBoolean();
    Future<?> future =
        pool.submit(
            () -> {
              long start = System.nanoTime();
              try {
                T result = work.call();
                LOG.debug("{} finished in {} ms", name, (System.nanoTime() - start) / 1_000_000);
                if (!cancelled.get()) {
                  runOnUi(() -> onSuccess.accept(result));
                }
              } catch (InterruptedException | CancellationException e) {
                LOG.debug("{} cancelled", name);
              } catch (Exception | Error e) {
                LOG.warn("{} failed: {}", name, e.toString());
                if (!cancelled.get()) {
                  runOnUi(() -> onFailure.accept(e));
                }
              }
            });
    return new BackgroundTask() {
      @Override
      public void cancel() {
        cancelled.set(true);
        future.cancel(true);
      }

      @Override
      public boolean isDone() {
        return future.isDone();
      }
    };
  }

  @Override
  public void runOnUi(Runnable action) {
    if (Platform.isFxApplicationThread()) {
      action.run();
    } else {
      Platform.runLater(action);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("background GUI work did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
