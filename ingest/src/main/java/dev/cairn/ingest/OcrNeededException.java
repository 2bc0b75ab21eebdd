package dev.cairn.ingest;

import java.util.Arrays;

/**
 * Thrown by the first (text) pass of extraction for a file that has pages only OCR can read: an
 * image, or a PDF with pages that have no text layer. Carries which pages those are and what text
 * the other pages gave, so the OCR pass reads only the missing pages. Its state is {@link
 * FileState#NEEDS_OCR}, its reason the install hint, which is what the file gets when no Tesseract
 * is there.
 */
final class OcrNeededException extends UnsupportedDocumentException {
  private static final long serialVersionUID = 1L;
  private final String mediaType;
  private final int[] pages;
  private final transient Extraction textPages;

  /**
   * @param mediaType the file's media type
   * @param pages 1-based pages without text (for an image: empty, meaning every frame)
   * @param textPages what the pages with a text layer gave, or null when none did
   */
  OcrNeededException(String mediaType, int[] pages, Extraction textPages) {
    super(FileState.NEEDS_OCR, OcrSupport.needsOcrReason());
    this.mediaType = mediaType;
    this.pages = pages.clone();
    this.textPages = textPages;
  }

  String mediaType() {
    return mediaType;
  }

  boolean image() {
    return !mediaType.equals("application/pdf");
  }

  int[] pages() {
    return pages.clone();
  }

  /** Pages to read, for the time budget (an image counts as one). */
  int pageCount() {
    return Math.max(1, pages.length);
  }

  Extraction textPages() {
    return textPages;
  }

  /** "pages 2, 5, 7" (at most 20 listed). */
  String pageList() {
    if (pages.length == 0) {
      return "the image";
    }
    String list =
        String.join(
            ", ",
            Arrays.stream(pages).limit(20).mapToObj(Integer::toString).toArray(String[]::new));
    return (pages.length == 1 ? "page " : "pages ") + list + (pages.length > 20 ? ", …" : "");
  }
}
