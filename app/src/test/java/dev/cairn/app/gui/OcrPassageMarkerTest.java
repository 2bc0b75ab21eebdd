package dev.cairn.app.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.cairn.ingest.OcrSupport;
import dev.cairn.ingest.OcrWords;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An OCR'd passage of a scanned page (the real, text-layer-free {@code linn.pdf} of the OCRmyPDF
 * tests) is marked on the page image by reading the scan again with Tesseract; the same for the
 * page saved as a PNG image. The word matching tolerates OCR's small errors.
 */
class OcrPassageMarkerTest {
  static final Path LINN = TestLibrary.docs().resolve("pdfs_scanned_ocrmypdf_tests/linn.pdf");
  static final String PASSAGE =
      "The LinnSequencer is a state-of-the-art composition and performance tool for the"
          + " professional musician. It is extremely powerful, yet amazingly simple to learn and"
          + " use.";

  static final OcrSupport TESSERACT = OcrSupport.probe(null);

  private static OcrPassageMarker marker() {
    return new OcrPassageMarker(() -> TESSERACT, "eng", Duration.ofSeconds(120));
  }

  @Test
  void theWordRunThatMostlyAgreesWithThePassageIsChosenThroughThePassageLength() {
    List<OcrWords.Word> page = new ArrayList<>();
    String text = "Header line 32 Track The Linn5equencer is a state—of—the-art composition tool";
    int x = 0;
    for (String w : text.split(" ")) {
      page.add(new OcrWords.Word(w, x, 10, 40, 12));
      x += 50;
    }
    List<OcrWords.Word> found =
        OcrPassageMarker.match(page, "The LinnSequencer is a state-of-the-art composition tool");
    assertThat(found).extracting(OcrWords.Word::text).first().isEqualTo("The");
    assertThat(found).hasSize(7);
    assertThat(found.getLast().text()).isEqualTo("tool");
    assertThat(OcrPassageMarker.match(page, "nothing of this is on the page at all")).isEmpty();
  }

  @Test
  void aScannedPdfPagesOcrPassageIsMarkedByReadingTheScanAgain() throws IOException {
    assumeThat(TESSERACT.available()).as("Tesseract is not installed here").isTrue();
    PdfPageRenderer renderer = new PdfPageRenderer(72, marker());
    var page = renderer.render(LINN, 1, PASSAGE, List.of("linnsequencer"));
    assertThat(page.passageMarked()).isTrue();
    assertThat(page.markedByOcr()).isTrue();
    assertThat(PdfPageRendererTest.yellowPixels(page.image())).isGreaterThan(400);

    // Without OCR the renderer cannot place the passage of a page that has no text layer.
    var plain = new PdfPageRenderer(72).render(LINN, 1, PASSAGE, List.of("linnsequencer"));
    assertThat(plain.passageMarked()).isFalse();
    assertThat(PdfPageRendererTest.yellowPixels(plain.image())).isZero();
  }

  @Test
  void anImageFilesOcrPassageIsMarked(@TempDir Path dir) throws IOException {
    assumeThat(TESSERACT.available()).as("Tesseract is not installed here").isTrue();
    Path png = dir.resolve("linn.png");
    try (PDDocument d = Loader.loadPDF(LINN.toFile())) {
      BufferedImage scan = new PDFRenderer(d).renderImageWithDPI(0, 200, ImageType.RGB);
      ImageIO.write(scan, "png", png.toFile());
    }
    assertThat(PdfPageRenderer.isImage(png)).isTrue();
    var shown = new PdfPageRenderer(72, marker()).renderImage(png, PASSAGE);
    assertThat(shown.passageMarked()).isTrue();
    assertThat(shown.image().getWidth()).isLessThanOrEqualTo(PdfPageRenderer.IMAGE_MAX_WIDTH);
    assertThat(PdfPageRendererTest.yellowPixels(shown.image())).isGreaterThan(1000);
  }
}
