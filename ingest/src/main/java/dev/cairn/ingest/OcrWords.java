package dev.cairn.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The words Tesseract reads on one image, each with its box in the image's pixels (Tesseract's
 * {@code tsv} output), for marking an OCR'd passage on a scanned page. One process per call,
 * bounded by a timeout; thread-safe.
 */
public final class OcrWords {
  private OcrWords() {}

  /**
   * One word as Tesseract read it.
   *
   * @param text the word
   * @param left left edge in pixels
   * @param top top edge in pixels
   * @param width width in pixels
   * @param height height in pixels
   */
  public record Word(String text, int left, int top, int width, int height) {}

  /**
   * Runs Tesseract on {@code image} (PNG, TIFF or JPEG) and returns its words in reading order.
   *
   * @param support the Tesseract found on this machine; must be {@link OcrSupport#available()}
   * @param languages language packs joined as Tesseract takes them ({@code eng+deu}); empty for all
   *     installed ones
   * @throws IOException when Tesseract is missing, fails, or does not finish within {@code timeout}
   */
  public static List<Word> read(OcrSupport support, Path image, String languages, Duration timeout)
      throws IOException {
    if (!support.available()) {
      throw new IOException(support.problem());
    }
    String langs =
        languages == null || languages.isBlank()
            ? String.join("+", support.languages())
            : languages;
    String exe = support.executable() == null ? "tesseract" : support.executable().toString();
    Path base = image.resolveSibling(image.getFileName() + ".words");
    Path out = base.resolveSibling(base.getFileName() + ".tsv");
    Process p =
        new ProcessBuilder(exe, image.toString(), base.toString(), "-l", langs, "tsv")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String tsv;
    try {
      p.getOutputStream().close();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IOException("Tesseract did not finish the page in " + timeout.toSeconds() + " s");
      }
      if (p.exitValue() != 0) {
        throw new IOException(
            "Tesseract exited with " + p.exitValue() + " on " + image.getFileName());
      }
      tsv = Files.readString(out, StandardCharsets.UTF_8);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while Tesseract read the page", e);
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
      Files.deleteIfExists(out);
    }
    return parse(tsv);
  }

  /** The word rows (level 5, non-empty text) of Tesseract's TSV output. */
  static List<Word> parse(String tsv) {
    List<Word> words = new ArrayList<>();
    for (String line : tsv.split("\\R")) {
      String[] f = line.split("\t", -1);
      if (f.length < 12 || !f[0].equals("5") || f[11].isBlank()) {
        continue;
      }
      try {
        words.add(
            new Word(
                f[11].strip(),
                Integer.parseInt(f[6]),
                Integer.parseInt(f[7]),
                Integer.parseInt(f[8]),
                Integer.parseInt(f[9])));
      } catch (NumberFormatException e) {
        // a header or damaged row: not a word
      }
    }
    return words;
  }
}
