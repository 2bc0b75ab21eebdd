package dev.cairn.app.library;

import java.nio.file.Path;

/** A running embedding model download ({@link LibraryService#downloadEmbeddingModel}). */
public interface EmbeddingModelDownloadTask {
  /** Stops it; the file in flight stays as {@code .part} and the next download resumes it. */
  void cancel();

  /**
   * Waits for the end.
   *
   * @return the model folder, ready to be chosen as {@code onnx:<name>}
   * @throws ModelDownloadException CANCELLED, CHECKSUM_MISMATCH, NETWORK, HTTP_STATUS or
   *     FILE_SYSTEM, in words
   */
  Path await() throws ModelDownloadException, InterruptedException;
}
