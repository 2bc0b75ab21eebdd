package dev.cairn.app.library;

import java.util.Locale;

/** How a query is matched. */
public enum SearchMode {
  /** Vector and lexical search fused by rank. */
  HYBRID,
  /** Semantic similarity through the Cairn vector index. */
  VECTOR,
  /** Words through SQLite FTS5 BM25. */
  LEXICAL;

  /**
   * Parses {@code hybrid}, {@code vector} or {@code lexical} (any case).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static SearchMode parse(String text) {
    for (SearchMode m : values()) {
      if (m.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown search mode '" + text + "' (expected hybrid, vector or lexical)");
  }

  /** The lower-case name used on the command line. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
