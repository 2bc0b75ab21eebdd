package dev.cairn.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;

/**
 * RFC 822 messages: {@code .eml} files and the messages of mail containers. Repairs what MIME
 * parsers trip on (a message saved as UTF-16, leading empty lines before the headers), then parses
 * with Tika ({@link TikaParse}): the message, then its attachments as children. Touches only the
 * file or bytes it is given. Stateless, thread-safe.
 */
final class EmailFormat implements FormatExtractor {
  static final String TYPE = "message/rfc822";

  /** A line that is an RFC 5322 header field ("Name: value"). */
  private static final Pattern HEADER_LINE = Pattern.compile("^[!-9;-~]+:");

  private final TikaParse tika;

  EmailFormat(TikaParse tika) {
    this.tika = tika;
  }

  @Override
  public boolean takes(DetectedFile file) {
    return file.type().equals(TYPE);
  }

  @Override
  public Extraction extract(DetectedFile file, ExtractionBudget budget)
      throws UnsupportedDocumentException, IOException {
    Path path = file.path();
    Metadata md = file.metadata();
    if (isUtf16(path)) {
      // a whole message saved as UTF-16: MIME parsers expect bytes in an ASCII-compatible charset
      byte[] utf8 = utf16ToUtf8(path);
      try (TikaInputStream converted = TikaInputStream.get(utf8)) {
        return tika.parse(converted, md, TYPE, budget);
      }
    }
    if (startsWithBlankLine(path)) {
      // some exported messages start with an empty line, which would make the headers body text
      try (InputStream raw = Files.newInputStream(path);
          TikaInputStream trimmed = TikaInputStream.get(skipLeadingLineBreaks(raw))) {
        return tika.parse(trimmed, md, TYPE, budget);
      }
    }
    return tika.parse(file.stream(), md, TYPE, budget);
  }

  /**
   * Extracts one message of a mail container (RFC 822 bytes) the way a {@code .eml} file is.
   *
   * @param name a name for the message in Tika's metadata (the container's file name)
   */
  Extraction extractMessage(byte[] rfc822, String name, ExtractionBudget budget)
      throws UnsupportedDocumentException, IOException {
    Metadata md = new Metadata();
    md.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
    md.set(TikaCoreProperties.CONTENT_TYPE_USER_OVERRIDE, TYPE);
    int start = 0;
    while (start < rfc822.length && (rfc822[start] == '\n' || rfc822[start] == '\r')) {
      start++;
    }
    // Leading empty lines before headers would make the headers body text: drop them. A message
    // with no headers at all (an empty line, then the body) keeps its empty line, or its body
    // would be read as headers and lost.
    String next =
        new String(
            rfc822, start, Math.min(200, rfc822.length - start), StandardCharsets.ISO_8859_1);
    if (start > 0 && !HEADER_LINE.matcher(next).find()) {
      start = 0;
    }
    try (TikaInputStream in =
        TikaInputStream.get(
            start == 0 ? rfc822 : Arrays.copyOfRange(rfc822, start, rfc822.length))) {
      return tika.parse(in, md, TYPE, budget);
    }
  }

  private static boolean isUtf16(Path file) throws IOException {
    byte[] b = new byte[4];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(b, 0, 4);
    }
    return n == 4
        && ((b[0] == (byte) 0xFF && b[1] == (byte) 0xFE)
            || (b[0] == (byte) 0xFE && b[1] == (byte) 0xFF)
            || (b[0] != 0 && b[1] == 0 && b[2] != 0 && b[3] == 0)
            || (b[0] == 0 && b[1] != 0 && b[2] == 0 && b[3] != 0));
  }

  private static byte[] utf16ToUtf8(Path file) throws IOException {
    byte[] raw = Files.readAllBytes(file);
    Charset cs;
    if (raw[0] == (byte) 0xFF && raw[1] == (byte) 0xFE) {
      cs = StandardCharsets.UTF_16LE;
      raw = Arrays.copyOfRange(raw, 2, raw.length);
    } else if (raw[0] == (byte) 0xFE && raw[1] == (byte) 0xFF) {
      cs = StandardCharsets.UTF_16BE;
      raw = Arrays.copyOfRange(raw, 2, raw.length);
    } else {
      cs = raw[1] == 0 ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE;
    }
    return new String(raw, cs).getBytes(StandardCharsets.UTF_8);
  }

  private static boolean startsWithBlankLine(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      int b = in.read();
      return b == '\n' || b == '\r';
    }
  }

  private static InputStream skipLeadingLineBreaks(InputStream raw) throws IOException {
    PushbackInputStream in = new PushbackInputStream(raw, 1);
    int b;
    while ((b = in.read()) == '\n' || b == '\r') {
      // skip
    }
    if (b >= 0) {
      in.unread(b);
    }
    return in;
  }
}
