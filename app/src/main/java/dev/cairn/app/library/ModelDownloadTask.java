package dev.cairn.app.library;

/** Handle of a model download running in the background. Thread-safe: any thread may cancel it. */
public interface ModelDownloadTask {
  /** What is being downloaded. */
  ModelDownload model();

  /**
   * Stops the download at the next read. The partial file stays in {@code models/} and the next
   * download of the same model continues from it; {@link #await()} then throws a {@link
   * ModelDownloadException} of kind CANCELLED.
   */
  void cancel();

  /** Whether the download has ended (finished, cancelled or failed). */
  boolean isDone();

  /**
   * Waits for the end of the download.
   *
   * @return the checked model file, in place under {@code models/}
   * @throws ModelDownloadException if the download failed, was cancelled or the file's hash differs
   * @throws InterruptedException if the waiting thread is interrupted (the download goes on)
   */
  DownloadedModel await() throws ModelDownloadException, InterruptedException;
}
