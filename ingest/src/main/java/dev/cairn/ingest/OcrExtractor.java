package dev.cairn.ingest;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.tika.exception.TikaConfigException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.parser.ocr.TesseractOCRParser;
import org.apache.tika.sax.BodyContentHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.SAXException;

/**
 * Reads the pages that have no text layer with Tesseract, through Tika's {@link
 * TesseractOCRParser}: PDF pages are rendered with PDFBox at {@link OcrOptions#maxDpi()} (less for
 * a page over {@link OcrOptions#maxPixels()}), images are decoded subsampled to the same pixel cap,
 * and each page gets one Tesseract process bounded by {@link OcrOptions#pageTimeout()}. A page that
 * times out or crashes Tesseract is left out and named in the file's note; the other pages go on.
 * Every OCR'd section keeps its page number.
 *
 * <p>Thread-safe: Tesseract is probed once (lazily, on the first call that needs it) and the parser
 * holds no per-file state.
 */
final class OcrExtractor {
  private static final Logger LOG = LoggerFactory.getLogger(OcrExtractor.class);

  /** Media types read as images. */
  static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/tiff");

  /** A page with fewer letters or digits than this has no usable text layer. */
  static final int MIN_PAGE_CHARS = 10;

  private static final int MAX_FRAMES = 500;

  private final OcrOptions options;
  private OcrSupport support;
  private TesseractOCRParser parser;
  private String language;
  private String unavailable;

  OcrExtractor(OcrOptions options) {
    this.options = options;
  }

  /** Null when OCR can run, else the reason a file that needs it gets instead. */
  synchronized String unavailableReason() {
    if (support == null) {
      init();
    }
    return unavailable;
  }

  private void init() {
    if (!options.enabled()) {
      support = new OcrSupport(null, null, List.of(), "OCR is off");
      unavailable = "needs OCR — OCR is off in Settings";
      return;
    }
    support = OcrSupport.probe(options.tesseract());
    if (!support.available()) {
      LOG.info("OCR unavailable: {}", support.problem());
      unavailable = OcrSupport.needsOcrReason();
      return;
    }
    try {
      language = support.languageString(options.languages());
    } catch (IllegalArgumentException e) {
      unavailable = "needs OCR — " + e.getMessage();
      return;
    }
    TesseractOCRParser p = new TesseractOCRParser();
    if (support.executable() != null) {
      p.setTesseractPath(support.executable().getParent().toString() + java.io.File.separator);
      if (support.tessdata() != null) {
        // Tika would otherwise point TESSDATA_PREFIX at <tesseract folder>/tessdata
        p.setTessdataPath(support.tessdata().toString());
      }
    }
    try {
      p.initialize(Map.of());
    } catch (TikaConfigException e) {
      unavailable = "needs OCR — Tesseract could not be set up: " + FileExtractor.message(e);
      return;
    }
    parser = p;
    LOG.info("OCR with Tesseract ({}), languages {}", support.executable(), language);
  }

  static boolean isImage(String type) {
    return IMAGE_TYPES.contains(type);
  }

  /** 1-based pages of a PDF whose extracted text has fewer than {@link #MIN_PAGE_CHARS}. */
  static int[] pagesWithoutText(List<Section> sections, int pageCount) {
    int[] chars = new int[pageCount + 1];
    for (Section s : sections) {
      if (s.page() >= 1 && s.page() <= pageCount) {
        chars[s.page()] += (int) s.text().chars().filter(Character::isLetterOrDigit).count();
      }
    }
    List<Integer> out = new ArrayList<>();
    for (int p = 1; p <= pageCount; p++) {
      if (chars[p] < MIN_PAGE_CHARS) {
        out.add(p);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Per-page outcome counters of one file, for the note and for benchmarks. */
  record PageResult(int page, String text, String problem) {}

  /**
   * OCRs the pages named by {@code need} and merges them with the pages that had text.
   *
   * @throws UnsupportedDocumentException NEEDS_OCR when Tesseract is unavailable, SKIPPED when no
   *     page gave text, FAILED when the file cannot be rendered or every page failed
   */
  Extraction extract(Path file, OcrNeededException need, ExtractionBudget budget)
      throws UnsupportedDocumentException {
    String reason = unavailableReason();
    if (reason != null) {
      throw new UnsupportedDocumentException(FileState.NEEDS_OCR, reason);
    }
    List<PageResult> results =
        need.image() ? readImage(file, budget) : readPdfPages(file, need.pages(), budget);
    List<Section> sections = new ArrayList<>();
    Set<Integer> ocrPages = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    for (PageResult r : results) {
      if (r.problem() != null) {
        problems.add("page " + r.page() + ": " + r.problem());
      } else if (!r.text().isBlank()) {
        try {
          budget.take(r.text().length());
        } catch (TextLimitException e) {
          problems.add("text limit of " + budget.maxChars() + " characters reached");
          break;
        }
        sections.add(new Section(r.text(), r.page(), null));
        ocrPages.add(r.page());
      }
    }
    Extraction textPages = need.textPages();
    if (sections.isEmpty() && textPages == null) {
      if (!problems.isEmpty()) {
        throw new UnsupportedDocumentException(
            FileState.FAILED, "OCR failed on " + String.join("; ", problems));
      }
      throw new UnsupportedDocumentException(FileState.SKIPPED, "no text found by OCR");
    }
    ExtractedDocument root;
    List<ExtractedDocument> docs = new ArrayList<>();
    if (textPages != null) {
      docs.addAll(textPages.documents());
      root = docs.getFirst();
    } else {
      root = new ExtractedDocument(0, -1);
      root.mediaType = need.mediaType();
      root.title = file.getFileName().toString();
      docs.add(root);
    }
    root.sections.addAll(sections);
    root.sections.sort(Comparator.comparingInt(Section::page));
    if (!ocrPages.isEmpty()) {
      root.metadata.put("ocr_pages", ocrPages.stream().map(String::valueOf).toList());
    }
    String note = textPages == null ? null : textPages.note();
    if (!problems.isEmpty()) {
      String p = "OCR incomplete: " + String.join("; ", problems);
      note = note == null ? p : note + "; " + p;
    }
    return new Extraction(need.mediaType(), docs, note);
  }

  private List<PageResult> readPdfPages(Path file, int[] pages, ExtractionBudget budget)
      throws UnsupportedDocumentException {
    List<PageResult> out = new ArrayList<>();
    try (PDDocument doc = Loader.loadPDF(file.toFile())) {
      PDFRenderer renderer = new PDFRenderer(doc);
      renderer.setSubsamplingAllowed(true);
      for (int page : pages) {
        checkAbandoned(budget);
        if (page > doc.getNumberOfPages()) {
          continue;
        }
        PDRectangle box = doc.getPage(page - 1).getCropBox();
        float dpi = dpiFor(box.getWidth() / 72.0, box.getHeight() / 72.0);
        BufferedImage img;
        try {
          img = renderer.renderImageWithDPI(page - 1, dpi, ImageType.GRAY);
        } catch (IOException | RuntimeException e) {
          out.add(new PageResult(page, "", "could not render: " + FileExtractor.message(e)));
          continue;
        }
        out.add(tesseract(page, img));
      }
    } catch (IOException e) {
      throw new UnsupportedDocumentException(FileState.FAILED, FileExtractor.corruptReason(e), e);
    }
    return out;
  }

  /** The rendering resolution: {@code maxDpi}, lowered so the page stays under the pixel cap. */
  float dpiFor(double widthInches, double heightInches) {
    double area = Math.max(1e-6, widthInches * heightInches);
    double capped = Math.sqrt(options.maxPixels() / area);
    return (float) Math.max(1, Math.min(options.maxDpi(), capped));
  }

  private List<PageResult> readImage(Path file, ExtractionBudget budget)
      throws UnsupportedDocumentException {
    List<PageResult> out = new ArrayList<>();
    try (ImageInputStream iis = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = iis == null ? null : ImageIO.getImageReaders(iis);
      if (readers == null || !readers.hasNext()) {
        throw new UnsupportedDocumentException(FileState.FAILED, "corrupt: unreadable image");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(iis);
        int frames = Math.min(MAX_FRAMES, Math.max(1, reader.getNumImages(true)));
        for (int i = 0; i < frames; i++) {
          checkAbandoned(budget);
          long pixels = (long) reader.getWidth(i) * reader.getHeight(i);
          int step = (int) Math.ceil(Math.sqrt(pixels / (double) options.maxPixels()));
          ImageReadParam param = reader.getDefaultReadParam();
          if (step > 1) {
            param.setSourceSubsampling(step, step, 0, 0);
          }
          BufferedImage img;
          try {
            img = reader.read(i, param);
          } catch (IOException | RuntimeException e) {
            out.add(new PageResult(i + 1, "", "could not decode: " + FileExtractor.message(e)));
            continue;
          }
          out.add(tesseract(i + 1, img));
        }
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw new UnsupportedDocumentException(FileState.FAILED, FileExtractor.corruptReason(e), e);
    }
    return out;
  }

  private static void checkAbandoned(ExtractionBudget budget) throws UnsupportedDocumentException {
    if (budget.abandoned() || Thread.currentThread().isInterrupted()) {
      throw new UnsupportedDocumentException(FileState.FAILED, "extraction abandoned");
    }
  }

  /** One Tesseract run on one page image, bounded by the page timeout. */
  private PageResult tesseract(int page, BufferedImage img) {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", png);
    } catch (IOException e) {
      return new PageResult(page, "", "could not encode page image: " + e.getMessage());
    }
    TesseractOCRConfig config = new TesseractOCRConfig();
    config.setLanguage(language);
    config.setTimeoutSeconds((int) Math.min(Integer.MAX_VALUE, options.pageTimeout().toSeconds()));
    ParseContext ctx = new ParseContext();
    ctx.set(TesseractOCRConfig.class, config);
    BodyContentHandler text = new BodyContentHandler(-1);
    Metadata md = new Metadata();
    try (TikaInputStream in = TikaInputStream.get(png.toByteArray())) {
      parser.parse(in, text, md, ctx);
    } catch (IOException | SAXException | TikaException | RuntimeException e) {
      String m = FileExtractor.message(e);
      if (m.toLowerCase(java.util.Locale.ROOT).contains("timeout")
          || m.toLowerCase(java.util.Locale.ROOT).contains("timed out")) {
        m = "timed out after " + options.pageTimeout().toSeconds() + " s";
      }
      LOG.warn("OCR of page {} failed: {}", page, m);
      return new PageResult(page, "", m);
    }
    return new PageResult(page, clean(text.toString()), null);
  }

  /** Drops form feeds and runs of blank lines that Tesseract leaves between blocks. */
  static String clean(String s) {
    return s.replace('\f', '\n')
        .replaceAll("[ \\t]+\\n", "\n")
        .replaceAll("\\n{3,}", "\n\n")
        .strip();
  }
}
