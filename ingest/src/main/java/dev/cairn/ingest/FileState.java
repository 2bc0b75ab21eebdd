package dev.cairn.ingest;

/** What happened to a file the last time ingestion saw it. */
public enum FileState {
  /** Seen by a scan and queued, not processed yet (or the process stopped before it finished). */
  PENDING,
  /** Extracted and chunked; its documents and chunks are in the store. */
  INDEXED,
  /** Deliberately not indexed (empty, encrypted, too large, unsupported type, no text layer). */
  SKIPPED,
  /** Extraction failed (corrupt file, parser error, timed out, permission denied). */
  FAILED,
  /**
   * Only OCR can read it (an image, or a PDF page with no text layer) and OCR is unavailable: no
   * Tesseract, OCR off, or a chosen language pack missing; the reason says which and how to fix it.
   */
  NEEDS_OCR,
  /**
   * The same text as another file already stored (a copy in another folder): embedded once, kept as
   * another place of that file; the reason names the file it duplicates.
   */
  DUPLICATE,
  /**
   * Kept from an imported collection but not found under the new roots: its documents stay
   * searchable until the user removes it or re-indexes.
   */
  MISSING
}
