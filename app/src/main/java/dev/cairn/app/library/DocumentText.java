package dev.cairn.app.library;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The stored text of one file of a collection, as Cairn indexed it, in parts: one per page of a
 * paged document (PDF), one per message or attachment of a mail file, otherwise one for the whole
 * document. Read from the document store only: the file itself is not opened again.
 *
 * @param file the file (absolute, as the collection knows it)
 * @param parts the parts in document order; empty when the file produced no text
 */
public record DocumentText(Path file, List<Part> parts) {
  public DocumentText {
    Objects.requireNonNull(file, "file");
    parts = List.copyOf(parts);
  }

  /**
   * One part of a document.
   *
   * @param index 0-based position among the document's parts
   * @param title the document's (or message's) title; never null
   * @param mediaType the document's media type
   * @param page 1-based page for paged documents; 0 when none
   * @param messageId the email's Message-ID; {@code null} if not an email
   * @param text the part's text, re-assembled from its chunks (overlaps removed)
   */
  public record Part(
      int index, String title, String mediaType, int page, String messageId, String text) {
    public Part {
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(text, "text");
    }
  }

  /** The number of characters of all parts together. */
  public long totalChars() {
    return parts.stream().mapToLong(p -> p.text().length()).sum();
  }
}
