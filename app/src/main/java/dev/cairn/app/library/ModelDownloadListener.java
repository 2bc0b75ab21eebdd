package dev.cairn.app.library;

/**
 * Receives the progress and the end of a model download, on the service's download thread ({@code
 * cairn-download-N}); implementations hand it to their own thread and must not block. Exactly one
 * of {@link #onFinished} and {@link #onFailed} is called, after {@link ModelDownloadTask#await()}
 * has its result.
 */
@FunctionalInterface
public interface ModelDownloadListener {
  /** About every 256 KiB, and once at the end after the file was checked and moved into place. */
  void onProgress(ModelDownloadProgress progress);

  /** The model is in place and checked. */
  default void onFinished(DownloadedModel model) {}

  /** The download failed or was cancelled (reason CANCELLED). */
  default void onFailed(ModelDownloadException error) {}
}
