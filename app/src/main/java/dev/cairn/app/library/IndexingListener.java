package dev.cairn.app.library;

/**
 * Receives events of one indexing task. All methods are called on a background thread of the
 * service (never the caller's thread); implementations must be quick and hand UI work to their own
 * UI thread. Every method has an empty default.
 */
public interface IndexingListener {
  /** A listener that ignores everything. */
  IndexingListener NONE = new IndexingListener() {};

  /** A progress snapshot (rate-limited). */
  default void progress(IndexingProgress progress) {}

  /** One file was processed (indexed, skipped or failed). */
  default void fileDone(FileEntry file) {}

  /** The task ended normally or by cancellation; called exactly once unless {@link #failed}. */
  default void finished(IndexingSummary summary) {}

  /**
   * Something the user should read, in one line (for example "resuming: 991 of 1,213 chunks already
   * embedded").
   */
  default void notice(String message) {}

  /** The task failed; called exactly once instead of {@link #finished}. */
  default void failed(LibraryException error) {}
}
