package dev.cairn.ingest;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns one file into {@link ExtractedDocument}s: the entry point of extraction. The file's type is
 * detected and its {@link FormatExtractor} chosen by {@link FormatRegistry} (Markdown, plain text
 * and source code, EPUB, e-mail, refused and unsupported types, images for OCR, and Tika for
 * everything else); this class maps read errors to FAILED reasons and holds the reason wording the
 * whole module shares ({@link #message}, {@link #corruptReason}). OCR is not done here: images and
 * PDFs with text-less pages end in an {@link OcrNeededException} for the OCR pass ({@link
 * OcrExtractor}). Thread-safe: the shared Tika configuration is immutable and nothing else is
 * shared between calls.
 */
final class FileExtractor {
  private final FormatRegistry formats;
  private final EmailFormat messages;

  FileExtractor() {
    TikaParse tika = new TikaParse();
    this.formats = new FormatRegistry(tika);
    this.messages = new EmailFormat(tika);
  }

  /**
   * Extracts a file.
   *
   * @throws UnsupportedDocumentException with SKIPPED or FAILED and a user-readable reason when no
   *     document can be taken from the file
   */
  Extraction extract(Path file, ExtractionBudget budget) throws UnsupportedDocumentException {
    try {
      return formats.extract(file, budget);
    } catch (AccessDeniedException e) {
      throw new UnsupportedDocumentException(FileState.FAILED, "permission denied", e);
    } catch (NoSuchFileException e) {
      throw new UnsupportedDocumentException(FileState.FAILED, "file disappeared while reading", e);
    } catch (IOException e) {
      throw new UnsupportedDocumentException(FileState.FAILED, "unreadable: " + message(e), e);
    }
  }

  /**
   * Extracts one message of a mail container (RFC 822 bytes) the way a {@code .eml} file is: the
   * message, then its attachments as children.
   *
   * @param name a name for the message in Tika's metadata (the container's file name)
   * @throws UnsupportedDocumentException with SKIPPED or FAILED and a reason when the message
   *     yields no document
   */
  Extraction extractMessage(byte[] rfc822, String name, ExtractionBudget budget)
      throws UnsupportedDocumentException {
    try {
      return messages.extractMessage(rfc822, name, budget);
    } catch (IOException e) {
      throw new UnsupportedDocumentException(FileState.FAILED, "unreadable: " + message(e), e);
    }
  }

  static String corruptReason(Throwable t) {
    String msg = message(t);
    if (msg.toLowerCase(Locale.ROOT).contains("zip bomb")) {
      return "zip bomb suspected: " + msg;
    }
    return "corrupt: " + msg;
  }

  /** The deepest cause's message on one line, at most 200 characters. */
  static String message(Throwable t) {
    Throwable root = t;
    String best = null;
    for (Throwable c = t; c != null; c = c.getCause()) {
      root = c;
      if (c.getMessage() != null && !c.getMessage().isBlank()) {
        best = c.getMessage();
      }
      if (c.getCause() == c) {
        break;
      }
    }
    if (root.getMessage() != null && !root.getMessage().isBlank()) {
      best = root.getMessage();
    }
    String m = best == null ? root.getClass().getSimpleName() : best;
    m = m.replaceAll("\\s+", " ").strip();
    return m.length() > 200 ? m.substring(0, 200) + "…" : m;
  }

  static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 || dot == name.length() - 1
        ? ""
        : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    return null;
  }
}
