package dev.cairn.ingest.mail;

import dev.cairn.ingest.TestData;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The real messages of the shared Enron and linux-s390 mbox archives (1,689), and big mailboxes
 * generated from them: copy {@code c} of message {@code i} gets the Message-ID {@code
 * <c{c}.{original}>} (or {@code <c{c}.n{i}@generated.cairn>} when it had none) and a Date one
 * minute after the previous message, so every copy is a distinct message.
 */
public final class RealMailboxes {
  public static final String ENRON = "emails_enron_sample/enron_sample.mbox";
  public static final String S390 = "emails_mailing_list_linux_s390/linux-s390_400.mbox";
  private static final DateTimeFormatter RFC_1123 =
      DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final Instant BASE = Instant.parse("2001-01-01T00:00:00Z");

  private RealMailboxes() {}

  /** The real messages of one shared mbox, as RFC 822 bytes. */
  public static List<MboxMessage> read(String relative) throws IOException {
    List<MboxMessage> out = new ArrayList<>();
    try (MboxReader r = MboxReader.open(TestData.doc(relative), 0, 0, Long.MAX_VALUE)) {
      MboxMessage m;
      while ((m = r.next()) != null) {
        out.add(m);
      }
    }
    return out;
  }

  /** Both archives' messages, Enron first. */
  public static List<MboxMessage> all() throws IOException {
    List<MboxMessage> out = new ArrayList<>(read(ENRON));
    out.addAll(read(S390));
    return out;
  }

  /** Message {@code i} of copy {@code copy}, with its rewritten Message-ID and Date. */
  public static byte[] copyOf(MboxMessage m, int copy, long serial) {
    String id =
        m.messageId() != null
            ? "<c" + copy + "." + m.messageId() + ">"
            : "<c" + copy + ".n" + m.index() + "@generated.cairn>";
    byte[] b = MboxWriter.withHeader(m.content(), "Message-ID", id);
    return MboxWriter.withHeader(b, "Date", RFC_1123.format(BASE.plusSeconds(60 * serial)));
  }

  /**
   * Writes {@code count} messages (the real ones, copied as often as needed) to {@code out}.
   *
   * @return the Message-IDs written, in order (without angle brackets)
   */
  public static List<String> generate(List<MboxMessage> real, int count, Path out)
      throws IOException {
    List<String> ids = new ArrayList<>(count);
    try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
      append(real, 0, count, o, ids);
    }
    return ids;
  }

  /** Appends messages {@code from} to {@code from + count} of the endless copy sequence. */
  public static void append(
      List<MboxMessage> real, long from, int count, OutputStream o, List<String> ids)
      throws IOException {
    for (long serial = from; serial < from + count; serial++) {
      MboxMessage m = real.get((int) (serial % real.size()));
      int copy = (int) (serial / real.size());
      byte[] msg = copyOf(m, copy, serial);
      MboxWriter.append(o, "From MAILER-DAEMON Sat Nov 21 23:57:10 2026", msg);
      ids.add(
          m.messageId() != null
              ? "c" + copy + "." + m.messageId()
              : "c" + copy + ".n" + m.index() + "@generated.cairn");
    }
  }
}
