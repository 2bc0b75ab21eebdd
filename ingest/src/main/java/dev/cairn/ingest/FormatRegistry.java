package dev.cairn.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;

/**
 * Detects a file's type with Tika (plus the e-mail fix-ups magic needs) and picks its {@link
 * FormatExtractor}: the families are asked in a fixed order (Markdown, plain text and code, EPUB,
 * refused formats, images, unsupported types, e-mail) and whatever none of them takes goes to Tika
 * ({@link TikaFormat}). Owns the family list; touches only the file it is given. Thread-safe: the
 * families are stateless and the detector is Tika's shared one.
 */
final class FormatRegistry {
  private static final Pattern HEADER_START =
      Pattern.compile(
          "(?i)^(date|from|message-id|received|return-path|subject|to|mime-version|delivered-to):");

  private final Detector detector;
  private final List<FormatExtractor> families;
  private final FormatExtractor fallback;

  FormatRegistry(TikaParse tika) {
    this.detector = tika.detector();
    this.families =
        List.of(
            new MarkdownFormat(),
            new PlainTextFormat(),
            new EpubFormat(),
            new RefusedFormat(),
            new ImageFormat(),
            new UnsupportedFormat(),
            new EmailFormat(tika));
    this.fallback = new TikaFormat(tika);
  }

  /** Detects the file and extracts it with the family that takes it. */
  Extraction extract(Path file, ExtractionBudget budget)
      throws UnsupportedDocumentException, IOException {
    try (DetectedFile detected = detect(file)) {
      return pick(detected).extract(detected, budget);
    }
  }

  /**
   * Opens the file and detects its type. The caller closes the result.
   *
   * @throws IOException when the file cannot be opened or read
   */
  DetectedFile detect(Path file) throws IOException {
    String name = file.getFileName().toString();
    String ext = FileExtractor.extension(name);
    Metadata md = new Metadata();
    md.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
    TikaInputStream in = TikaInputStream.get(file, md);
    try {
      String type = detector.detect(in, md).getBaseType().toString();
      if (type.equals("text/plain")
          && (ext.isEmpty() || ext.equals("eml"))
          && looksLikeEmail(file)) {
        type = "message/rfc822";
      }
      if (ext.equals("eml") && type.startsWith("text/")) {
        // the extension is explicit; magic can mistake a message with an HTML body for a page
        type = "message/rfc822";
        md.set(TikaCoreProperties.CONTENT_TYPE_USER_OVERRIDE, type);
      }
      return new DetectedFile(file, name, ext, type, md, in);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** The first family that takes the file; Tika for everything no other family takes. */
  FormatExtractor pick(DetectedFile file) {
    for (FormatExtractor f : families) {
      if (f.takes(file)) {
        return f;
      }
    }
    return fallback;
  }

  /** A header-like first line after leading blank lines (which fool magic-based detection). */
  private static boolean looksLikeEmail(Path file) throws IOException {
    byte[] head = new byte[1024];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    }
    String s = new String(head, 0, n, StandardCharsets.ISO_8859_1).stripLeading();
    return HEADER_START.matcher(s).find();
  }
}
