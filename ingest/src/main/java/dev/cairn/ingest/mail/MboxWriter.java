package dev.cairn.ingest.mail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Writes messages in mboxrd form: a From_ line, the message with every {@code >*From } line at a
 * line start escaped with one more {@code >}, and a blank line. What {@link MboxReader} reads back
 * is the message as given. Also rewrites single headers of a message (for generating distinct
 * copies of real messages). Stateless; the caller owns the stream.
 */
public final class MboxWriter {
  private MboxWriter() {}

  /** Appends one message. {@code fromLine} is the From_ line without its line break. */
  public static void append(OutputStream out, String fromLine, byte[] rfc822) throws IOException {
    if (!fromLine.startsWith("From ")) {
      throw new IllegalArgumentException("a From_ line starts with \"From \", got: " + fromLine);
    }
    out.write(fromLine.getBytes(StandardCharsets.ISO_8859_1));
    out.write('\n');
    int lineStart = 0;
    for (int i = 0; i <= rfc822.length; i++) {
      if (i == rfc822.length || rfc822[i] == '\n') {
        int end = i == rfc822.length ? i : i + 1;
        if (end > lineStart) {
          if (needsEscape(rfc822, lineStart, end)) {
            out.write('>');
          }
          out.write(rfc822, lineStart, end - lineStart);
        }
        lineStart = end;
      }
    }
    if (rfc822.length > 0 && rfc822[rfc822.length - 1] != '\n') {
      out.write('\n');
    }
    out.write('\n');
  }

  private static boolean needsEscape(byte[] b, int from, int to) {
    int k = from;
    while (k < to && b[k] == '>') {
      k++;
    }
    return k + 5 <= to
        && b[k] == 'F'
        && b[k + 1] == 'r'
        && b[k + 2] == 'o'
        && b[k + 3] == 'm'
        && b[k + 4] == ' ';
  }

  /**
   * The message with header {@code name} set to {@code value}: the first such header (with its
   * continuation lines) replaced, or a new one put first when there is none.
   */
  public static byte[] withHeader(byte[] rfc822, String name, String value) {
    String msg = new String(rfc822, StandardCharsets.ISO_8859_1);
    int headerEnd = headerEnd(msg);
    String head = msg.substring(0, headerEnd);
    String lower = name.toLowerCase(Locale.ROOT) + ":";
    int at = -1;
    int lineStart = 0;
    while (lineStart < head.length()) {
      if (head.regionMatches(true, lineStart, lower, 0, lower.length())) {
        at = lineStart;
        break;
      }
      int nl = head.indexOf('\n', lineStart);
      if (nl < 0) {
        break;
      }
      lineStart = nl + 1;
    }
    String header = name + ": " + value + "\n";
    String out;
    if (at < 0) {
      out = header + msg;
    } else {
      int end = head.indexOf('\n', at);
      end = end < 0 ? head.length() : end + 1;
      while (end < head.length() && (head.charAt(end) == ' ' || head.charAt(end) == '\t')) {
        int nl = head.indexOf('\n', end);
        end = nl < 0 ? head.length() : nl + 1;
      }
      out = msg.substring(0, at) + header + msg.substring(end);
    }
    return out.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static int headerEnd(String msg) {
    int lf = msg.indexOf("\n\n");
    int crlf = msg.indexOf("\r\n\r\n");
    if (lf < 0 && crlf < 0) {
      return msg.length();
    }
    if (lf < 0) {
      return crlf + 2;
    }
    if (crlf < 0) {
      return lf + 1;
    }
    return Math.min(lf + 1, crlf + 2);
  }
}
