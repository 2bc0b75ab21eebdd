package dev.cairn.app.gui;

import dev.cairn.ingest.OcrSupport;
import dev.cairn.ingest.OcrWords;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javax.imageio.ImageIO;

/**
 * Finds an OCR'd passage on a scanned page: Tesseract reads the page image again with word boxes,
 * and the run of words that best matches the passage's first words (OCR is not exact: most of them
 * must agree, in order) is marked, as far as the passage's length. Slow (a Tesseract process per
 * page, seconds); call it off the UI thread. Thread-safe.
 */
final class OcrPassageMarker {
  /** Passage words compared to find where it starts on the page. */
  static final int PROBE_WORDS = 12;

  private final Supplier<OcrSupport> support;
  private final String languages;
  private final Duration timeout;

  /**
   * @param support the machine's Tesseract, probed on first use (off the UI thread)
   * @param languages language packs as Tesseract takes them ({@code eng+deu}); empty for all
   * @param timeout the longest a page may take
   */
  OcrPassageMarker(Supplier<OcrSupport> support, String languages, Duration timeout) {
    this.support = support;
    this.languages = languages;
    this.timeout = timeout;
  }

  /** True when Tesseract can run here. */
  boolean available() {
    return support.get().available();
  }

  /** Boxes (in {@code image}'s pixels) of the passage's words, or empty when it is not found. */
  List<Rectangle2D> passageBoxes(BufferedImage image, String passage) throws IOException {
    if (passage == null || passage.isBlank() || !available()) {
      return List.of();
    }
    Path dir = Files.createTempDirectory("cairn-ocr-preview");
    Path png = dir.resolve("page.png");
    try {
      ImageIO.write(image, "png", png.toFile());
      return boxes(match(OcrWords.read(support.get(), png, languages, timeout), passage));
    } finally {
      Files.deleteIfExists(png);
      Files.deleteIfExists(dir);
    }
  }

  /**
   * The page words that spell the passage: the start where most of its first {@link #PROBE_WORDS}
   * words agree in order (at least half, and at least three), through as many words as the passage
   * has.
   */
  static List<OcrWords.Word> match(List<OcrWords.Word> page, String passage) {
    List<String> want = words(passage);
    if (want.isEmpty() || page.isEmpty()) {
      return List.of();
    }
    List<String> have = page.stream().map(w -> normal(w.text())).toList();
    int probe = Math.min(PROBE_WORDS, want.size());
    int needed = Math.max(Math.min(3, probe), (probe + 1) / 2);
    int bestStart = -1;
    int bestScore = 0;
    for (int start = 0; start < have.size(); start++) {
      int score = 0;
      for (int j = 0; j < probe && start + j < have.size(); j++) {
        if (!want.get(j).isEmpty() && want.get(j).equals(have.get(start + j))) {
          score++;
        }
      }
      if (score > bestScore) {
        bestScore = score;
        bestStart = start;
      }
    }
    if (bestScore < needed) {
      return List.of();
    }
    return page.subList(bestStart, Math.min(page.size(), bestStart + want.size()));
  }

  private static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    for (String w : text.strip().split("\\s+")) {
      String n = normal(w);
      if (!n.isEmpty()) {
        out.add(n);
      }
    }
    return out;
  }

  private static String normal(String word) {
    StringBuilder b = new StringBuilder();
    word.codePoints()
        .filter(Character::isLetterOrDigit)
        .map(Character::toLowerCase)
        .forEach(b::appendCodePoint);
    return b.toString().toLowerCase(Locale.ROOT);
  }

  private static List<Rectangle2D> boxes(List<OcrWords.Word> words) {
    List<Rectangle2D> out = new ArrayList<>(words.size());
    for (OcrWords.Word w : words) {
      out.add(new Rectangle2D.Double(w.left(), w.top(), w.width(), w.height()));
    }
    return out;
  }
}
