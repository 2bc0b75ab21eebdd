package dev.cairn.app.cli;

import dev.cairn.app.library.ResultItem;

/** Short readable descriptions of results for terminal output. */
final class Describe {
  private Describe() {}

  /** "path (p. 3) — title › heading" with the parts that are known. */
  static String location(ResultItem item) {
    StringBuilder sb = new StringBuilder(item.path().toString());
    if (item.page() > 0) {
      sb.append(" (p. ").append(item.page()).append(')');
    }
    if (item.title() != null && !item.title().isBlank()) {
      sb.append(" — ").append(item.title().strip());
    }
    if (item.headingPath() != null && !item.headingPath().isBlank()) {
      sb.append(" › ").append(item.headingPath());
    }
    if (item.sender() != null) {
      sb.append(" from ").append(item.sender());
    }
    return sb.toString();
  }
}
