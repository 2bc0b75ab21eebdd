package dev.cairn.ingest;

/**
 * Images that only OCR can read: extraction ends at once in an {@link OcrNeededException} for the
 * OCR pass ({@link OcrExtractor}). Stateless, thread-safe.
 */
final class ImageFormat implements FormatExtractor {

  @Override
  public boolean takes(DetectedFile file) {
    return OcrExtractor.isImage(file.type());
  }

  @Override
  public Extraction extract(DetectedFile file, ExtractionBudget budget)
      throws UnsupportedDocumentException {
    throw new OcrNeededException(file.type(), new int[0], null);
  }
}
