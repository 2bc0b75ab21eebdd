package dev.cairn.app.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PdfPageRendererTest {
  private static final Path PAPER =
      TestLibrary.docs().resolve("unstructured_example_docs/pdf/layout-parser-paper-fast.pdf");

  private final PdfPageRenderer renderer = new PdfPageRenderer(72);

  @Test
  void theCitedPassageIsFoundOnItsPageAndMarkedInYellow() throws IOException {
    String passage = middleOfPage(PAPER, 1, 200);
    var page = renderer.render(PAPER, 1, passage, List.of());
    assertThat(page.passageMarked()).isTrue();
    assertThat(page.page()).isEqualTo(1);
    assertThat(page.pageCount()).isGreaterThanOrEqualTo(1);
    assertThat(page.image().getWidth()).isBetween(500, 700); // US letter / A4 at 72 dpi
    assertThat(yellowPixels(page.image())).isGreaterThan(500);
  }

  @Test
  void whenThePassageIsNotOnThePageTheQueryWordsAreMarkedInstead() throws IOException {
    var page =
        renderer.render(PAPER, 1, "this sentence is nowhere in the paper", List.of("layout"));
    assertThat(page.passageMarked()).isFalse();
    assertThat(yellowPixels(page.image())).isGreaterThan(20);
  }

  @Test
  void aPageOutsideTheDocumentIsRejectedWithThePageCount() {
    assertThatThrownBy(() -> renderer.render(PAPER, 99, "x", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("page 99")
        .hasMessageContaining("layout-parser-paper-fast.pdf");
  }

  @Test
  void aFileThatIsNotAPdfFailsWithAnIoError(@TempDir Path dir) throws IOException {
    Path fake = Files.writeString(dir.resolve("notes.pdf"), "just text");
    assertThatThrownBy(() -> renderer.render(fake, 1, "x", List.of()))
        .isInstanceOf(IOException.class);
  }

  private static String middleOfPage(Path pdf, int page, int length) throws IOException {
    try (PDDocument d = Loader.loadPDF(pdf.toFile())) {
      PDFTextStripper s = new PDFTextStripper();
      s.setStartPage(page);
      s.setEndPage(page);
      String text = s.getText(d).replaceAll("\\s+", " ");
      int from = text.length() / 3;
      return text.substring(from, Math.min(text.length(), from + length));
    }
  }

  static int yellowPixels(BufferedImage image) {
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (r > 200 && g > 180 && b < 190 && r - b > 60) {
          n++;
        }
      }
    }
    return n;
  }
}
