package dev.cairn.ingest;

import java.io.IOException;
import java.util.Set;

/**
 * Plain text and source code: files with a known text or code extension, and anything detected as
 * {@code text/plain} except CSV (which Tika reads as a table). Read by {@link PlainTextExtractor}.
 * Stateless, thread-safe.
 */
final class PlainTextFormat implements FormatExtractor {
  private static final Set<String> EXTENSIONS =
      Set.of(
          "txt",
          "text",
          "log",
          "json",
          "jsonl",
          "yaml",
          "yml",
          "toml",
          "ini",
          "cfg",
          "conf",
          "properties",
          "java",
          "kt",
          "kts",
          "scala",
          "groovy",
          "py",
          "js",
          "mjs",
          "cjs",
          "ts",
          "tsx",
          "jsx",
          "go",
          "rs",
          "c",
          "h",
          "cc",
          "cpp",
          "cxx",
          "hpp",
          "cs",
          "rb",
          "php",
          "swift",
          "sh",
          "bash",
          "zsh",
          "ps1",
          "sql",
          "r",
          "lua",
          "pl",
          "css",
          "scss",
          "less",
          "rst",
          "org",
          "tex",
          "adoc",
          "base",
          "canvas",
          "gradle",
          "bat",
          "vue",
          "svelte",
          "dart",
          "hs",
          "ml",
          "ex",
          "exs",
          "erl",
          "clj",
          "el",
          "vim",
          "dockerfile",
          "makefile",
          "cmake");

  @Override
  public boolean takes(DetectedFile file) {
    return EXTENSIONS.contains(file.extension())
        || (file.type().equals("text/plain") && !file.extension().equals("csv"));
  }

  @Override
  public Extraction extract(DetectedFile file, ExtractionBudget budget)
      throws UnsupportedDocumentException, IOException {
    return PlainTextExtractor.extract(file.path(), file.type(), budget);
  }
}
