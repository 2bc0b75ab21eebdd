package dev.cairn.app.gui;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs slow work off the JavaFX application thread and hands results back to it. View models get
 * one injected so that they never block the UI thread and so that their tests can run everything on
 * the calling thread ({@link CurrentThreadTaskExecutor}).
 *
 * <p>Thread-safety: every method may be called from any thread. {@code onSuccess} and {@code
 * onFailure} always run through {@link #runOnUi(Runnable)}. The executor owns its threads and stops
 * them in {@link #close()}.
 */
public interface TaskExecutor extends AutoCloseable {

  /**
   * Runs {@code work} in the background and delivers its result (or failure) on the UI thread.
   *
   * @param name what the work is, used in thread names and log lines ("index", "search")
   * @return a handle that can cancel the work while it has not finished yet
   */
  <T> BackgroundTask submit(
      String name, Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure);

  /** Runs {@code action} on the UI thread: later when called off it, maybe at once when on it. */
  void runOnUi(Runnable action);

  /** Stops the background threads; work still running is interrupted. */
  @Override
  void close();

  /** A handle on submitted work. */
  interface BackgroundTask {
    /** Interrupts the work if it is still running; its callbacks will not run afterwards. */
    void cancel();

    boolean isDone();
  }
}
