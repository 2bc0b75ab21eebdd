package dev.cairn.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.tika.detect.EncodingDetector;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;

/**
 * Takes the charset a part declares in its Content-Type (a mail body part: {@code text/plain;
 * charset=ISO-8859-1}) before guessing: Tika's detectors treat the declaration as a hint only, and
 * on a short body guess wrong (an ISO-8859-1 "Grüße" read as KOI8-R "Grьяe"). A declared US-ASCII
 * is not trusted (8-bit text under that label is common), nor an unknown charset name; then the
 * default detection decides. Stateless and thread-safe.
 */
final class DeclaredCharsetDetector implements EncodingDetector {
  private final EncodingDetector fallback;

  DeclaredCharsetDetector(EncodingDetector fallback) {
    this.fallback = fallback;
  }

  @Override
  public Charset detect(InputStream input, Metadata metadata) throws IOException {
    // Tika's mail parser passes a part's declared charset as Content-Encoding
    Charset declared = named(metadata.get(Metadata.CONTENT_ENCODING));
    if (declared == null) {
      declared = declared(metadata.get(Metadata.CONTENT_TYPE));
    }
    if (declared != null) {
      return declared;
    }
    return fallback.detect(input, metadata);
  }

  static Charset declared(String contentType) {
    if (contentType == null) {
      return null;
    }
    try {
      MediaType t = MediaType.parse(contentType);
      return t == null ? null : named(t.getParameters().get("charset"));
    } catch (RuntimeException e) {
      return null; // malformed type: detect instead
    }
  }

  static Charset named(String cs) {
    if (cs == null || cs.isBlank()) {
      return null;
    }
    try {
      Charset c = Charset.forName(cs.strip().replace("\"", "").toLowerCase(Locale.ROOT));
      return c.equals(StandardCharsets.US_ASCII) ? null : c;
    } catch (RuntimeException e) {
      return null; // unknown charset name: detect instead
    }
  }
}
