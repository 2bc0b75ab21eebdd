package dev.cairn.ingest;

/**
 * Files skipped on purpose before any parsing: Thunderbird folder summaries ({@code .msf}, the mbox
 * beside them is indexed message by message) and PGP-encrypted files. Always ends in SKIPPED with
 * the reason. Stateless, thread-safe.
 */
final class RefusedFormat implements FormatExtractor {

  @Override
  public boolean takes(DetectedFile file) {
    return file.extension().equals("msf") || isPgp(file);
  }

  @Override
  public Extraction extract(DetectedFile file, ExtractionBudget budget)
      throws UnsupportedDocumentException {
    if (file.extension().equals("msf")) {
      throw new UnsupportedDocumentException(
          FileState.SKIPPED, "Thunderbird folder summary (the folder itself is indexed)");
    }
    throw new UnsupportedDocumentException(FileState.SKIPPED, "encrypted document (PGP)");
  }

  private static boolean isPgp(DetectedFile file) {
    return file.type().equals("application/pgp-encrypted")
        || file.extension().equals("gpg")
        || file.extension().equals("pgp");
  }
}
