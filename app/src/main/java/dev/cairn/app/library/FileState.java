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
  FAILED,
  /** Only OCR can read it and OCR is unavailable; the reason says how to install Tesseract. */
  NEEDS_OCR,
  /** The same text as another indexed file; found through it ("also in"), the reason names it. */
  DUPLICATE,
  /** From an imported collection, not found under the new folders; its text stays searchable. */
  MISSING
}
