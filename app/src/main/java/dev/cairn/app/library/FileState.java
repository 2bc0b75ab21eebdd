package dev.cairn.app.library;

/** Where one file of a collection stands. */
public enum FileState {
  /** Seen, not yet processed. */
  PENDING,
  /** Extracted, chunked and searchable. */
  INDEXED,
  /** Deliberately not indexed (unsupported type, empty, too large); the reason says why. */
  SKIPPED,
  /** Processing failed (encrypted, corrupt); the reason says why. */
  FAILED
}
