package dev.cairn.ingest;

import java.util.List;

/**
 * Receives ingestion events. Calls come from the ingestor's worker threads ({@code cairn-ingest-N})
 * but never concurrently: the ingestor serializes them. {@link #fileDone}, {@link #chunksAdded} and
 * {@link #chunksRemoved} are called after the file's transaction has committed, so the chunks are
 * readable from the store when the call arrives. Implementations must be quick (hand heavy work
 * such as embedding to another thread) and must not throw; an exception is logged and ignored.
 */
public interface IngestListener {
  /** No-op listener. */
  IngestListener NONE = new IngestListener() {};

  default void progress(IngestProgress p) {}

  default void fileDone(FileRecord r) {}

  default void chunksAdded(List<ChunkRecord> chunks) {}

  default void chunksRemoved(long[] chunkIds) {}

  /** Progress of the OCR pass, which runs after the run's text files; {@link #progress} too. */
  default void ocrProgress(OcrProgress p) {}
}
