package dev.cairn.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How scanned pages and images are read with Tesseract.
 *
 * @param enabled false: images are skipped and text-less PDF pages stay unread ("OCR is off")
 * @param tesseract the {@code tesseract} executable, or null to find it on the {@code PATH}
 * @param languages Tesseract language packs to use together (e.g. {@code ["eng", "deu"]}); empty
 *     means {@code eng} when installed, else every installed pack
 * @param pageTimeout longest Tesseract may work on one page; a page over it is left out and named
 *     in the file's note
 * @param maxDpi PDF pages are rendered at this resolution at most
 * @param maxPixels pages and images are rendered or subsampled to at most this many pixels, so a
 *     2400-dpi scan or a poster costs no more than an ordinary page
 */
public record OcrOptions(
    boolean enabled,
    Path tesseract,
    List<String> languages,
    Duration pageTimeout,
    int maxDpi,
    long maxPixels) {

  /** Default: on, Tesseract from the PATH, default languages, 60 s per page, 300 dpi, 12 MP. */
  public static final OcrOptions DEFAULT =
      new OcrOptions(true, null, List.of(), Duration.ofSeconds(60), 300, 12_000_000L);

  /** OCR switched off. */
  public static final OcrOptions OFF = DEFAULT.withEnabled(false);

  public OcrOptions {
    languages = List.copyOf(Objects.requireNonNull(languages, "languages"));
    Objects.requireNonNull(pageTimeout, "pageTimeout");
    for (String l : languages) {
      if (!l.matches("[A-Za-z0-9_]+")) {
        throw new IllegalArgumentException("not a Tesseract language code: '" + l + "'");
      }
    }
    if (pageTimeout.toSeconds() < 1) {
      throw new IllegalArgumentException("pageTimeout must be at least 1 s, got " + pageTimeout);
    }
    if (maxDpi < 72 || maxDpi > 1200) {
      throw new IllegalArgumentException("maxDpi must be in [72, 1200], got " + maxDpi);
    }
    if (maxPixels < 100_000) {
      throw new IllegalArgumentException("maxPixels must be >= 100000, got " + maxPixels);
    }
  }

  public OcrOptions withEnabled(boolean on) {
    return new OcrOptions(on, tesseract, languages, pageTimeout, maxDpi, maxPixels);
  }

  public OcrOptions withTesseract(Path executable) {
    return new OcrOptions(enabled, executable, languages, pageTimeout, maxDpi, maxPixels);
  }

  public OcrOptions withLanguages(List<String> langs) {
    return new OcrOptions(enabled, tesseract, langs, pageTimeout, maxDpi, maxPixels);
  }

  public OcrOptions withPageTimeout(Duration timeout) {
    return new OcrOptions(enabled, tesseract, languages, timeout, maxDpi, maxPixels);
  }

  public OcrOptions withMaxPixels(long pixels) {
    return new OcrOptions(enabled, tesseract, languages, pageTimeout, maxDpi, pixels);
  }
}
