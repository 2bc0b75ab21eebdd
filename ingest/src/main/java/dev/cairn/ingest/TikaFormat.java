package dev.cairn.ingest;

/**
 * Everything no other family takes (PDF, Office, HTML, archives, mail items, ...): parsed by Tika
 * from the stream detection opened ({@link TikaParse}). Stateless, thread-safe.
 */
final class TikaFormat implements FormatExtractor {
  private final TikaParse tika;

  TikaFormat(TikaParse tika) {
    this.tika = tika;
  }

  @Override
  public boolean takes(DetectedFile file) {
    return true;
  }

  @Override
  public Extraction extract(DetectedFile file, ExtractionBudget budget)
      throws UnsupportedDocumentException {
    return tika.parse(file.stream(), file.metadata(), file.type(), budget);
  }
}
