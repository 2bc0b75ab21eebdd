package dev.cairn.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * What ingesting one plain file (or one OCR job) came to, before anything is written: the {@link
 * OutcomeRecorder} turns it into the single store call. Replaces the former {@code
 * store.replaceFile(f, state, reason, null, null, List.of(), List.of())} call sites and the null /
 * sentinel commits of {@link Ingestor}. Touches nothing; plain values.
 */
sealed interface IngestOutcome {

  /** Extracted text, chunked: stored INDEXED with the extraction's note. */
  record Indexed(String hash, Extraction extraction, List<List<ChunkDraft>> chunksPerDoc)
      implements IngestOutcome {}

  /** Stored without documents in the given state (SKIPPED, NEEDS_OCR or FAILED from a parser). */
  record Skipped(FileState state, String reason, String hash, String mediaType)
      implements IngestOutcome {}

  /** Stored FAILED without a hash (unreadable, permission denied, a scan problem). */
  record Failed(String reason) implements IngestOutcome {}

  /** The file vanished between scan and read: its stored rows are removed. */
  record Disappeared() implements IngestOutcome {}

  /** Same content hash as stored: only size and mtime are updated. */
  record Unchanged() implements IngestOutcome {}

  /** Handed to the OCR pass; nothing stored yet. */
  record DeferredToOcr() implements IngestOutcome {}

  /** The run was cancelled while the file was being read; the file stays PENDING. */
  record Cancelled() implements IngestOutcome {}

  /** Chunks an extraction: INDEXED, or SKIPPED "no text content" when it gives no chunk. */
  static IngestOutcome extracted(String hash, Extraction ex, Chunker chunker) {
    List<List<ChunkDraft>> chunks = new ArrayList<>();
    int total = 0;
    for (ExtractedDocument d : ex.documents()) {
      List<ChunkDraft> c = chunker.chunk(d.sections);
      chunks.add(c);
      total += c.size();
    }
    if (total == 0) {
      return new Skipped(FileState.SKIPPED, "no text content", hash, ex.mediaType());
    }
    return new Indexed(hash, ex, chunks);
  }
}
