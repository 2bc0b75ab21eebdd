package dev.cairn.ingest;

/** EPUB books, read chapter by chapter by {@link EpubExtractor}. Stateless, thread-safe. */
final class EpubFormat implements FormatExtractor {

  @Override
  public boolean takes(DetectedFile file) {
    return file.type().equals("application/epub+zip");
  }

  @Override
  public Extraction extract(DetectedFile file, ExtractionBudget budget)
      throws UnsupportedDocumentException {
    return EpubExtractor.extract(file.path(), budget);
  }
}
