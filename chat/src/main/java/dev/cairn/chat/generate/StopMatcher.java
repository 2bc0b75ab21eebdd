package dev.cairn.chat.generate;

import java.util.List;

/**
 * Finds stop strings in streamed text. Text that might be the start of a stop string is held back
 * until the next piece shows whether it is; everything else is released at once. Not thread-safe.
 */
final class StopMatcher {
  private final List<String> stops;
  private final StringBuilder pending = new StringBuilder();
  private boolean stopped;

  StopMatcher(List<String> stops) {
    this.stops = List.copyOf(stops);
  }

  /** Whether a stop string was found. */
  boolean stopped() {
    return stopped;
  }

  /**
   * Adds a piece.
   *
   * @return the text that can be released now (possibly empty)
   */
  String append(String piece) {
    if (stopped) {
      return "";
    }
    pending.append(piece);
    if (stops.isEmpty()) {
      String out = pending.toString();
      pending.setLength(0);
      return out;
    }
    int first = -1;
    for (String s : stops) {
      int i = pending.indexOf(s);
      if (i >= 0 && (first < 0 || i < first)) {
        first = i;
      }
    }
    if (first >= 0) {
      stopped = true;
      String out = pending.substring(0, first);
      pending.setLength(0);
      return out;
    }
    int keep = 0;
    for (String s : stops) {
      for (int k = Math.min(s.length() - 1, pending.length()); k > keep; k--) {
        if (pending.toString().regionMatches(pending.length() - k, s, 0, k)) {
          keep = k;
          break;
        }
      }
    }
    String out = pending.substring(0, pending.length() - keep);
    pending.delete(0, pending.length() - keep);
    return out;
  }

  /** Releases held-back text at the end of the stream (none when a stop string was found). */
  String flush() {
    String out = stopped ? "" : pending.toString();
    pending.setLength(0);
    return out;
  }
}
