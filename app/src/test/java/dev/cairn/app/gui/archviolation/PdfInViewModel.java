package dev.cairn.app.gui.archviolation;

import java.io.File;
import java.io.IOException;
import org.apache.pdfbox.Loader;

/** A deliberately bad view model for LayerRulesTest: it opens a PDF with PDFBox itself. */
public final class PdfInViewModel {
  private PdfInViewModel() {}

  static int pages(File pdf) throws IOException {
    try (var doc = Loader.loadPDF(pdf)) {
      return doc.getNumberOfPages();
    }
  }
}
