package dev.cairn.ingest;

import java.io.IOException;
import java.util.Set;

/** Markdown files by extension, read by {@link MarkdownExtractor}. Stateless, thread-safe. */
final class MarkdownFormat implements FormatExtractor {
  private static final Set<String> EXTENSIONS = Set.of("md", "markdown", "mdown", "mkd");

  @Override
  public boolean takes(DetectedFile file) {
    return EXTENSIONS.contains(file.extension());
  }

  @Override
  public Extraction extract(DetectedFile file, ExtractionBudget budget)
      throws UnsupportedDocumentException, IOException {
    return MarkdownExtractor.extract(file.path(), budget);
  }
}
