package dev.cairn.app.gui;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * A {@link TaskExecutor} that runs everything at once on the calling thread. Meant for view-model
 * unit tests, where no JavaFX toolkit runs and results must be visible as soon as a call returns.
 */
public final class CurrentThreadTaskExecutor implements TaskExecutor {

  @Override
  public <T> BackgroundTask submit(
      String name, Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
    T result;
    try {
      result = work.call();
    } catch (Exception | Error e) {
      onFailure.accept(e);
      return DONE;
    }
    onSuccess.accept(result);
    return DONE;
  }

  @Override
  public void runOnUi(Runnable action) {
    action.run();
  }

  @Override
  public void close() {}

  private static final BackgroundTask DONE =
      new BackgroundTask() {
        @Override
        public void cancel() {}

        @Override
        public boolean isDone() {
          return true;
        }
      };
}
