package dev.cairn.app.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small real folders copied from the shared evaluation data ({@code ../shared/data/docs}). */
final class SharedDocs {
  private SharedDocs() {}

  /** Obsidian's help notes about Sync, five Markdown files. */
  static final List<String> SYNC_NOTES =
      List.of(
          "Security and privacy.md",
          "Upgrade Sync encryption.md",
          "Version history.md",
          "Sync regions.md",
          "Headless Sync.md");

  static Path docs() {
    Path docs =
        Path.of(System.getProperty("cairn.shared.dir", "../shared"))
            .resolve("data")
            .resolve("docs");
    if (!Files.isDirectory(docs)) {
      throw new IllegalStateException(
          "shared test data not found at " + docs.toAbsolutePath() + " (set -Dcairn.shared.dir)");
    }
    return docs;
  }

  /** The five Sync notes copied into {@code into}. */
  static Path syncNotes(Path into) throws IOException {
    Files.createDirectories(into);
    Path sync = docs().resolve("markdown_obsidian_vaults/obsidian-help-en/Obsidian Sync");
    for (String note : SYNC_NOTES) {
      Files.copy(sync.resolve(note), into.resolve(note));
    }
    return into;
  }

  /** A two-page PDF paper and an email, copied into {@code into}. */
  static Path paperAndMail(Path into) throws IOException {
    Files.createDirectories(into);
    Path unstructured = docs().resolve("unstructured_example_docs");
    Files.copy(
        unstructured.resolve("pdf/layout-parser-paper-fast.pdf"),
        into.resolve("layout-parser-paper-fast.pdf"));
    Files.copy(unstructured.resolve("fake-email.eml"), into.resolve("fake-email.eml"));
    return into;
  }
}
