package dev.cairn.app.library;

/**
 * Handle of an indexing task running in the background. Thread-safe: any thread may pause, resume
 * or cancel it.
 */
public interface IndexingTask {
  /** The collection being indexed. */
  String collection();

  /** Pauses after the current file and batch; no effect when done. */
  void pause();

  /** Resumes a paused task. */
  void resume();

  /** Whether the task is paused. */
  boolean isPaused();

  /** Cancels the task; what was committed stays searchable. */
  void cancel();

  /** Whether the task has ended (finished, cancelled or failed). */
  boolean isDone();

  /**
   * Waits for the end of the task.
   *
   * @return the summary (with {@code cancelled} set if it was cancelled)
   * @throws LibraryException if the task failed
   * @throws InterruptedException if the waiting thread is interrupted
   */
  IndexingSummary await() throws LibraryException, InterruptedException;
}
