package dev.cairn.ingest;

import java.io.IOException;
import java.util.List;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.detect.EncodingDetector;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.html.HtmlMapper;
import org.apache.tika.parser.html.IdentityHtmlMapper;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.xml.sax.SAXException;

/**
 * One Tika parse of one stream into an {@link Extraction}: a fresh {@link AutoDetectParser}, {@link
 * ParseContext} and content handlers per call (no OCR, PDF inline images off), embedded resources
 * turned into child documents by an {@link EmbeddedTree}, then the outcome decided: kept documents,
 * a "partly extracted" note, an {@link OcrNeededException} for PDFs with text-less pages, or an
 * {@link UnsupportedDocumentException} (encrypted, corrupt, abandoned, no text). Touches only the
 * stream it is given; does not close it. Thread-safe: the shared {@link TikaConfig} is immutable
 * and nothing else is shared between calls.
 */
final class TikaParse {
  private final TikaConfig tika;

  TikaParse() {
    this.tika = TikaConfig.getDefaultConfig();
  }

  /** Tika's detector of the shared configuration. */
  Detector detector() {
    return tika.getDetector();
  }

  /**
   * Parses the stream.
   *
   * @param type the detected media type, the root document's type when Tika reports none
   */
  Extraction parse(TikaInputStream in, Metadata md, String type, ExtractionBudget budget)
      throws UnsupportedDocumentException {
    AutoDetectParser parser = new AutoDetectParser(tika);
    ParseContext ctx = new ParseContext();
    PDFParserConfig pdf = new PDFParserConfig();
    pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
    pdf.setExtractInlineImages(false);
    pdf.setCatchIntermediateIOExceptions(true);
    ctx.set(PDFParserConfig.class, pdf);
    TesseractOCRConfig ocr = new TesseractOCRConfig();
    ocr.setSkipOcr(true);
    ctx.set(TesseractOCRConfig.class, ocr);
    ctx.set(HtmlMapper.class, IdentityHtmlMapper.INSTANCE);
    ctx.set(EncodingDetector.class, new DeclaredCharsetDetector(tika.getEncodingDetector()));
    EmbeddedTree tree = new EmbeddedTree(parser, ctx, budget);
    ctx.set(EmbeddedDocumentExtractor.class, tree);

    ExtractedDocument root = tree.newDocument(-1);
    ParseHandlers h = new ParseHandlers(budget);
    Throwable failure = null;
    tree.enter(root, md);
    try {
      parser.parse(in, h.tee(), md, ctx);
    } catch (SAXException | TikaException | IOException | RuntimeException e) {
      failure = e;
    } catch (StackOverflowError e) {
      failure = new TikaException("parser stack overflow");
    } finally {
      tree.leave();
    }
    h.finish();
    MetadataFill.fill(root, md, h, type);
    if (budget.abandoned()) {
      List<ExtractedDocument> done = tree.kept();
      if (budget.partsDone() == 0 || done.isEmpty()) {
        throw new UnsupportedDocumentException(FileState.FAILED, "extraction abandoned");
      }
      // A container whose parts were extracted until one of them stalled: keep what was done.
      return new Extraction(
          type,
          done,
          "partly extracted: part "
              + (budget.partsDone() + 1)
              + " took longer than the time limit; the "
              + budget.partsDone()
              + " parts before it are indexed");
    }

    if (budget.bomb() != null) {
      throw new UnsupportedDocumentException(FileState.FAILED, budget.bomb());
    }
    List<ExtractedDocument> kept = tree.kept();
    String note = null;

    if (failure != null) {
      if (budget.limitHit()) {
        note = "partly extracted: text limit of " + budget.maxChars() + " characters reached";
      } else {
        Throwable enc = findEncrypted(failure);
        if (enc != null && kept.isEmpty()) {
          throw new UnsupportedDocumentException(FileState.SKIPPED, encryptedReason(type), failure);
        }
        String reason = FileExtractor.corruptReason(failure);
        if (kept.isEmpty()) {
          throw new UnsupportedDocumentException(FileState.FAILED, reason, failure);
        }
        note = "partly extracted: " + reason;
      }
    }
    Integer pdfPages = md.getInt(org.apache.tika.metadata.PagedText.N_PAGES);
    if (type.equals("application/pdf") && pdfPages != null && !budget.limitHit()) {
      int[] textless = OcrExtractor.pagesWithoutText(root.sections, pdfPages);
      if (textless.length > 0) {
        throw new OcrNeededException(
            type, textless, kept.isEmpty() ? null : new Extraction(type, kept, note));
      }
    }
    if (kept.isEmpty()) {
      if (type.equals("application/pdf")) {
        throw new UnsupportedDocumentException(FileState.SKIPPED, "no text layer (scanned image)");
      }
      throw new UnsupportedDocumentException(FileState.SKIPPED, "no text content");
    }
    return new Extraction(type, kept, note);
  }

  static String encryptedReason(String type) {
    String kind =
        switch (type) {
          case "application/pdf" -> "PDF";
          case "application/zip", "application/x-7z-compressed", "application/x-rar-compressed" ->
              "archive";
          default -> "document";
        };
    return "encrypted " + kind + " (password required)";
  }

  static Throwable findEncrypted(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String cn = c.getClass().getName();
      if (c instanceof EncryptedDocumentException
          || cn.equals("org.apache.poi.EncryptedDocumentException")
          || cn.equals("org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException")) {
        return c;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }
}
