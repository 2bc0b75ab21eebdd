package dev.cairn.ingest;

import java.util.Set;

/**
 * Types with no text to take (binaries, databases, fonts, audio, video, images OCR does not read):
 * extraction ends in SKIPPED "unsupported file type: TYPE". Stateless, thread-safe.
 */
final class UnsupportedFormat implements FormatExtractor {
  private static final Set<String> PREFIXES = Set.of("image/", "audio/", "video/", "font/");
  private static final Set<String> TYPES =
      Set.of(
          "application/octet-stream",
          "application/x-executable",
          "application/x-sharedlib",
          "application/x-msdownload",
          "application/java-vm",
          "application/x-sqlite3",
          "application/vnd.sqlite3",
          "application/x-font-ttf");

  @Override
  public boolean takes(DetectedFile file) {
    return isUnsupported(file.type());
  }

  @Override
  public Extraction extract(DetectedFile file, ExtractionBudget budget)
      throws UnsupportedDocumentException {
    throw new UnsupportedDocumentException(
        FileState.SKIPPED, "unsupported file type: " + file.type());
  }

  static boolean isUnsupported(String type) {
    if (TYPES.contains(type)) {
      return true;
    }
    for (String p : PREFIXES) {
      if (type.startsWith(p)) {
        return true;
      }
    }
    return false;
  }
}
