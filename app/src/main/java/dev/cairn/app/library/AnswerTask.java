package dev.cairn.app.library;

/** Handle of an answer being generated. Thread-safe. */
public interface AnswerTask {
  /** Stops generation; the listener then gets {@code onError} with kind CANCELLED. */
  void cancel();

  boolean isDone();

  /**
   * Waits for the answer.
   *
   * @throws LibraryException if answering failed or was cancelled
   */
  Answer await() throws LibraryException, InterruptedException;
}
