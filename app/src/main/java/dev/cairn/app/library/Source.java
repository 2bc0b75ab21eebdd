package dev.cairn.app.library;

import java.util.Objects;

/**
 * A numbered source of an answer; citation {@code [n]} in the answer text refers to it.
 *
 * @param n 1-based number
 * @param item the retrieved chunk with its provenance
 */
public record Source(int n, ResultItem item) {
  public Source {
    if (n < 1) {
      throw new IllegalArgumentException("source number must be >= 1, got " + n);
    }
    Objects.requireNonNull(item, "item");
  }
}
