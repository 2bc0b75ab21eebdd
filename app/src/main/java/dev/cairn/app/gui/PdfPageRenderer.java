package dev.cairn.app.gui;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * Renders one page of a PDF to an image with PDFBox and marks a passage on it: the characters of
 * the page that match the start of the passage (whitespace and case ignored) get a translucent
 * yellow box; when the passage cannot be found, the query words are marked instead. Stateless and
 * thread-safe; slow (tens to hundreds of ms), so call it off the UI thread.
 */
public final class PdfPageRenderer {

  /** Characters of the passage used to find it on the page. */
  private static final int PASSAGE_PROBE = 80;

  /**
   * A rendered page.
   *
   * @param image the page with the marks drawn on it
   * @param page the 1-based page rendered
   * @param pageCount pages in the document
   * @param passageMarked whether the passage itself (not only query words) was found and marked
   */
  public record RenderedPage(
      BufferedImage image, int page, int pageCount, boolean passageMarked, boolean markedByOcr) {}

  /** Resolution a scanned page is read again at to find the passage's words. */
  static final float OCR_DPI = 300;

  /** Most pixels a page or image is read at (a poster or a 2400-dpi scan is scaled down). */
  static final double OCR_MAX_PIXELS = 12_000_000;

  /** Widest image file shown (a photo is scaled down to this). */
  static final int IMAGE_MAX_WIDTH = 1400;

  private final float dpi;
  private final OcrPassageMarker ocr;

  public PdfPageRenderer(float dpi) {
    this(dpi, null);
  }

  /**
   * @param ocr reads scanned pages and images again to mark an OCR'd passage; null to mark only
   *     passages of a text layer
   */
  PdfPageRenderer(float dpi, OcrPassageMarker ocr) {
    if (!(dpi >= 24 && dpi <= 600)) {
      throw new IllegalArgumentException("dpi must be between 24 and 600, got " + dpi);
    }
    this.dpi = dpi;
    this.ocr = ocr;
  }

  /** True for the image files the preview shows (and OCR reads): PNG, JPEG, TIFF, BMP, GIF. */
  static boolean isImage(Path file) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".png")
        || n.endsWith(".jpg")
        || n.endsWith(".jpeg")
        || n.endsWith(".tif")
        || n.endsWith(".tiff")
        || n.endsWith(".bmp")
        || n.endsWith(".gif");
  }

  /**
   * Shows an image file (a photographed receipt, a scan saved as PNG) with its OCR'd passage marked
   * where Tesseract finds it again.
   *
   * @throws IOException when the file cannot be read as an image
   */
  public RenderedPage renderImage(Path file, String passage) throws IOException {
    BufferedImage original = javax.imageio.ImageIO.read(file.toFile());
    if (original == null) {
      throw new IOException(file.getFileName() + " is not an image this Java can read");
    }
    double readScale =
        Math.min(
            1, Math.sqrt(OCR_MAX_PIXELS / ((double) original.getWidth() * original.getHeight())));
    BufferedImage forOcr = readScale < 1 ? scaled(original, readScale) : original;
    double showScale = Math.min(1, IMAGE_MAX_WIDTH / (double) original.getWidth());
    BufferedImage shown = scaled(original, showScale);
    List<Rectangle2D> boxes =
        ocr == null || !ocr.available() ? List.of() : ocr.passageBoxes(forOcr, passage);
    mark(shown, boxes, (float) (showScale / readScale));
    return new RenderedPage(shown, 1, 1, !boxes.isEmpty(), !boxes.isEmpty());
  }

  private static BufferedImage scaled(BufferedImage src, double scale) {
    int w = Math.max(1, (int) Math.round(src.getWidth() * scale));
    int h = Math.max(1, (int) Math.round(src.getHeight() * scale));
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          java.awt.RenderingHints.KEY_INTERPOLATION,
          java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(src, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /**
   * Renders {@code page} (1-based) of {@code pdf}.
   *
   * @throws IOException when the file cannot be read or is not a PDF
   * @throws IllegalArgumentException when the page is outside the document
   */
  public RenderedPage render(Path pdf, int page, String passage, List<String> terms)
      throws IOException {
    try (PDDocument document = Loader.loadPDF(pdf.toFile())) {
      int pages = document.getNumberOfPages();
      if (page < 1 || page > pages) {
        throw new IllegalArgumentException(
            "page "
                + page
                + " is outside "
                + pdf.getFileName()
                + ", which has "
                + pages
                + " pages");
      }
      BufferedImage image =
          new PDFRenderer(document).renderImageWithDPI(page - 1, dpi, ImageType.RGB);
      List<TextPosition> glyphs = glyphs(document, page);
      float scale = dpi / 72f;
      List<Rectangle2D> boxes = passageBoxes(glyphs, passage);
      boolean passageMarked = !boxes.isEmpty();
      if (!passageMarked && glyphs.isEmpty() && ocr != null && ocr.available()) {
        // A scanned page: its passage came from OCR, so read the page again for word boxes.
        var box = document.getPage(page - 1).getMediaBox();
        double inches = (box.getWidth() / 72.0) * (box.getHeight() / 72.0);
        float readDpi = (float) Math.min(OCR_DPI, Math.sqrt(OCR_MAX_PIXELS / inches));
        BufferedImage scan =
            new PDFRenderer(document).renderImageWithDPI(page - 1, readDpi, ImageType.GRAY);
        List<Rectangle2D> found = ocr.passageBoxes(scan, passage);
        if (!found.isEmpty()) {
          mark(image, found, dpi / readDpi);
          return new RenderedPage(image, page, pages, true, true);
        }
      }
      if (!passageMarked) {
        boxes = termBoxes(glyphs, terms);
      }
      mark(image, boxes, scale);
      return new RenderedPage(image, page, pages, passageMarked, false);
    }
  }

  private static List<TextPosition> glyphs(PDDocument document, int page) throws IOException {
    List<TextPosition> glyphs = new ArrayList<>();
    PDFTextStripper stripper =
        new PDFTextStripper() {
          @Override
          protected void writeString(String text, List<TextPosition> positions) {
            glyphs.addAll(positions);
          }
        };
    stripper.setSortByPosition(true);
    stripper.setStartPage(page);
    stripper.setEndPage(page);
    stripper.writeText(document, new StringWriter());
    return glyphs;
  }

  /** Boxes of the glyphs that spell the first characters of the passage, spaces ignored. */
  static List<Rectangle2D> passageBoxes(List<TextPosition> glyphs, String passage) {
    if (passage == null || passage.isBlank()) {
      return List.of();
    }
    String probe = squash(passage);
    if (probe.length() > PASSAGE_PROBE) {
      probe = probe.substring(0, PASSAGE_PROBE);
    }
    StringBuilder page = new StringBuilder();
    List<Integer> owner = new ArrayList<>();
    for (int g = 0; g < glyphs.size(); g++) {
      String unicode = squash(glyphs.get(g).getUnicode());
      for (int c = 0; c < unicode.length(); c++) {
        page.append(unicode.charAt(c));
        owner.add(g);
      }
    }
    int at = page.indexOf(probe);
    if (at < 0 && probe.length() > 30) {
      probe = probe.substring(0, 30);
      at = page.indexOf(probe);
    }
    if (at < 0) {
      return List.of();
    }
    int endGlyph = owner.get(Math.min(owner.size() - 1, at + squash(passage).length() - 1));
    int end = Math.max(endGlyph, owner.get(at + probe.length() - 1));
    List<Rectangle2D> boxes = new ArrayList<>();
    for (int g = owner.get(at); g <= end; g++) {
      if (glyphs.get(g).getDir() == 0) { // rotated text (margin stamps) has other coordinates
        boxes.add(box(glyphs.get(g)));
      }
    }
    return boxes;
  }

  /** Boxes of the whole words equal to one of the terms (case-insensitive). */
  static List<Rectangle2D> termBoxes(List<TextPosition> glyphs, List<String> terms) {
    List<Rectangle2D> boxes = new ArrayList<>();
    if (terms == null || terms.isEmpty()) {
      return boxes;
    }
    List<String> wanted = terms.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
    int start = 0;
    StringBuilder word = new StringBuilder();
    for (int g = 0; g <= glyphs.size(); g++) {
      String u = g < glyphs.size() ? glyphs.get(g).getUnicode() : " ";
      boolean letter = !u.isEmpty() && Character.isLetterOrDigit(u.codePointAt(0));
      if (letter) {
        if (word.isEmpty()) {
          start = g;
        }
        word.append(u.toLowerCase(Locale.ROOT));
      } else if (!word.isEmpty()) {
        if (wanted.contains(word.toString())) {
          for (int i = start; i < g; i++) {
            if (glyphs.get(i).getDir() == 0) {
              boxes.add(box(glyphs.get(i)));
            }
          }
        }
        word.setLength(0);
      }
    }
    return boxes;
  }

  private static Rectangle2D box(TextPosition t) {
    double height = Math.max(t.getHeightDir(), t.getFontSizeInPt() * 0.8);
    return new Rectangle2D.Double(
        t.getXDirAdj(), t.getYDirAdj() - height, Math.max(1, t.getWidthDirAdj()), height * 1.25);
  }

  private static void mark(BufferedImage image, List<Rectangle2D> boxes, float scale) {
    if (boxes.isEmpty()) {
      return;
    }
    Graphics2D g = image.createGraphics();
    try {
      g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.35f));
      g.setColor(new Color(255, 213, 0));
      for (Rectangle2D b : boxes) {
        g.fill(
            new Rectangle2D.Double(
                b.getX() * scale, b.getY() * scale, b.getWidth() * scale, b.getHeight() * scale));
      }
    } finally {
      g.dispose();
    }
  }

  private static String squash(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints()
        .filter(cp -> !Character.isWhitespace(cp) && cp != '-' && cp != '\u00ad')
        .map(Character::toLowerCase)
        .forEach(out::appendCodePoint);
    return out.toString();
  }
}
