package dev.cairn.ingest;

import java.io.IOException;

/**
 * One format family of {@link FileExtractor}: which detected files it takes, and how it turns one
 * into an {@link Extraction}. {@link FormatRegistry} asks the families in a fixed order and hands
 * the file to the first that takes it.
 *
 * <p>Contract: {@link #takes} looks only at the {@link DetectedFile}'s name, extension and type,
 * never reads the stream. {@link #extract} may read the file and the detected stream but does not
 * close it (the registry owns it). It never returns null or an extraction without documents; a file
 * it cannot read ends in an {@link UnsupportedDocumentException} (SKIPPED or FAILED with a
 * user-readable reason) or an {@link OcrNeededException}. Implementations hold no per-file state
 * and are thread-safe.
 */
interface FormatExtractor {

  /** Whether this family reads the file (decided from its name, extension and detected type). */
  boolean takes(DetectedFile file);

  /**
   * Extracts the file.
   *
   * @throws UnsupportedDocumentException when no document can be taken from the file
   * @throws IOException when the file cannot be read (mapped to FAILED by {@link FileExtractor})
   */
  Extraction extract(DetectedFile file, ExtractionBudget budget)
      throws UnsupportedDocumentException, IOException;
}
