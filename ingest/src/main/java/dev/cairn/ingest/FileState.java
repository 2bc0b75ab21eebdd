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
  FAILED
}
