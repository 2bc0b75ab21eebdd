package dev.cairn.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.tika.detect.AutoDetectReader;
import org.apache.tika.exception.TikaException;
import org.apache.tika.metadata.Metadata;

/** Plain text and source code: charset detected by Tika, text kept as written (line ends LF). */
final class PlainTextExtractor {
  private PlainTextExtractor() {}

  static Extraction extract(Path file, String mediaType, ExtractionBudget budget)
      throws UnsupportedDocumentException, IOException {
    String text = read(file, budget);
    if (text.isBlank()) {
      throw new UnsupportedDocumentException(FileState.SKIPPED, "no text content");
    }
    ExtractedDocument doc = new ExtractedDocument(0, -1);
    doc.mediaType = mediaType;
    doc.title = file.getFileName().toString();
    doc.sections.add(new Section(text.strip(), 0, null));
    String note =
        budget.limitHit()
            ? "partly extracted: text limit of " + budget.maxChars() + " characters reached"
            : null;
    return new Extraction(mediaType, List.of(doc), note);
  }

  /** Reads a text file with charset detection, up to the budget; CR LF and CR become LF. */
  static String read(Path file, ExtractionBudget budget) throws IOException {
    StringBuilder sb = new StringBuilder();
    try (InputStream in = Files.newInputStream(file);
        BufferedReader r = new AutoDetectReader(in, new Metadata())) {
      char[] buf = new char[8192];
      int n;
      while ((n = r.read(buf)) > 0) {
        try {
          budget.take(n);
        } catch (TextLimitException e) {
          if (budget.abandoned()) {
            throw new IOException("extraction abandoned");
          }
          sb.append(buf, 0, (int) Math.max(0, Math.min(n, budget.maxChars() - sb.length())));
          break;
        }
        sb.append(buf, 0, n);
      }
    } catch (TikaException e) {
      throw new IOException("cannot detect the text encoding: " + e.getMessage(), e);
    }
    String s = sb.toString();
    if (s.indexOf('\r') >= 0) {
      s = s.replace("\r\n", "\n").replace('\r', '\n');
    }
    if (!s.isEmpty() && s.charAt(0) == '\uFEFF') {
      s = s.substring(1);
    }
    return s.replace("\u0000", "");
  }
}
