package dev.cairn.chat.prompt;

import java.util.Objects;

/**
 * A numbered source passage given to the model.
 *
 * @param number the citation number the model must use, {@code [number]} (1-based, unique)
 * @param title where it comes from ("report.pdf, page 3", an email subject...); may be empty
 * @param text the passage
 */
public record SourcePassage(int number, String title, String text) {
  public SourcePassage {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(text, "text");
    if (number < 1) {
      throw new IllegalArgumentException("source numbers start at 1, got " + number);
    }
  }
}
