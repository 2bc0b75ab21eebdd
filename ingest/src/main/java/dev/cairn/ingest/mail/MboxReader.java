package dev.cairn.ingest.mail;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Walks an mbox file message by message with bounded memory: only the message being read is held
 * (and not even that when it is over the limit), never the file.
 *
 * <p>A message starts at a {@code From } line (the mbox "From_" separator) that looks like one: a
 * sender and an asctime-like date with a time and a year ({@code From MAILER-DAEMON Sat Nov 21
 * 23:57:10 2026}, Thunderbird's {@code From - Mon Jan 01 ...}), and that follows a blank line or is
 * strictly in asctime form. So an unescaped (mboxo) "From here on..." line in a body does not split
 * a message. {@code >From } lines are unescaped the mboxrd way (one {@code >} removed from {@code
 * >+From }), which is also right for mboxo. LF and CRLF files both work.
 *
 * <p>Not thread-safe: one reader per thread. The caller closes it.
 */
public final class MboxReader implements Closeable {
  /** Longest piece of a line handled at once; longer lines are read in pieces. */
  private static final int SEGMENT = 64 * 1024;

  private static final Pattern FROM_LINE =
      Pattern.compile(
          "^From \\S+.*\\b\\d{1,2}:\\d{2}(:\\d{2})?\\b.*\\b\\d{4}\\b.*$", Pattern.DOTALL);
  private static final Pattern STRICT_FROM_LINE =
      Pattern.compile(
          "^From \\S+ +(Mon|Tue|Wed|Thu|Fri|Sat|Sun),? +(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
              + " +\\d{1,2} +\\d{1,2}:\\d{2}(:\\d{2})? +(\\S+ +)?\\d{4}\\s*$",
          Pattern.DOTALL);

  /** Headers that mail clients rewrite in place; left out of the content hash. */
  private static final Set<String> VOLATILE_HEADERS =
      Set.of(
          "status",
          "x-status",
          "x-mozilla-status",
          "x-mozilla-status2",
          "x-mozilla-keys",
          "x-keywords",
          "x-uid",
          "content-length",
          "lines");

  private final InputStream in;
  private final long maxMessageBytes;
  private final byte[] buf = new byte[256 * 1024];
  private int bufPos;
  private int bufLen;
  private long pos;
  private int nextIndex;
  private boolean eof;
  private boolean started;

  /** The From line that ends the previous message and starts the next one, once read. */
  private byte[] pending;

  private long pendingOffset;

  // one segment of a line, reused
  private final byte[] seg = new byte[SEGMENT];
  private int segLen;
  private long segOffset;

  private MboxReader(InputStream in, long offset, int firstIndex, long maxMessageBytes) {
    this.in = in;
    this.pos = offset;
    this.nextIndex = firstIndex;
    this.maxMessageBytes = maxMessageBytes;
  }

  /**
   * Opens a reader at {@code offset}, which must be the start of the file or of a message.
   *
   * @param firstIndex the index to give the first message read
   * @param maxMessageBytes messages longer than this are reported without their content
   */
  public static MboxReader open(Path file, long offset, int firstIndex, long maxMessageBytes)
      throws IOException {
    if (offset < 0 || firstIndex < 0 || maxMessageBytes <= 0) {
      throw new IllegalArgumentException(
          "offset "
              + offset
              + ", firstIndex "
              + firstIndex
              + ", maxMessageBytes "
              + maxMessageBytes
              + ": none may be negative");
    }
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      ch.position(offset);
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    return new MboxReader(Channels.newInputStream(ch), offset, firstIndex, maxMessageBytes);
  }

  /** Whether this line (bytes up to and including its line break) is an mbox From_ separator. */
  public static boolean isFromLine(byte[] line, int len) {
    if (len < 6
        || line[0] != 'F'
        || line[1] != 'r'
        || line[2] != 'o'
        || line[3] != 'm'
        || line[4] != ' ') {
      return false;
    }
    String s = new String(line, 0, Math.min(len, 400), StandardCharsets.ISO_8859_1).strip();
    return FROM_LINE.matcher(s).matches();
  }

  private static boolean isStrictFromLine(byte[] line, int len) {
    String s = new String(line, 0, Math.min(len, 400), StandardCharsets.ISO_8859_1).strip();
    return STRICT_FROM_LINE.matcher(s).matches();
  }

  /** Offset of the next unread message (after {@link #next} returned one: its end). */
  public long position() {
    return pending != null ? pendingOffset : pos;
  }

  /** The next message, or null at the end of the file. */
  public MboxMessage next() throws IOException {
    long start;
    if (pending != null) {
      start = pendingOffset;
      pending = null;
    } else {
      if (eof) {
        return null;
      }
      start = pos;
      if (!readSegment()) {
        eof = true;
        return null;
      }
      boolean first = !started;
      started = true;
      if (!(first && endsLine() && isFromLine(seg, segLen))) {
        // a file (or resume point) not starting with a From line: its first bytes are content
        return readBody(start, true);
      }
    }
    started = true;
    return readBody(start, false);
  }

  private MboxMessage readBody(long start, boolean segmentIsContent) throws IOException {
    Content content = new Content(maxMessageBytes);
    boolean lineStart = true;
    boolean prevBlank = false;
    boolean lastEndedLine = true;
    boolean process = segmentIsContent;
    while (true) {
      if (!process) {
        if (!readSegment()) {
          eof = true;
          break;
        }
      }
      process = false;
      boolean full = endsLine();
      if (lineStart
          && full
          && isFromLine(seg, segLen)
          && (prevBlank || isStrictFromLine(seg, segLen))) {
        pending = java.util.Arrays.copyOf(seg, segLen);
        pendingOffset = segOffset;
        break;
      }
      content.line(seg, segLen, lineStart, full);
      boolean blank =
          lineStart && (segLen == 1 || (segLen == 2 && seg[0] == '\r')) && seg[segLen - 1] == '\n';
      prevBlank = blank;
      lineStart = full;
      lastEndedLine = full;
    }
    long end = pending != null ? pendingOffset : pos;
    return new MboxMessage(
        nextIndex++,
        start,
        end - start,
        content.bytes(),
        content.messageId(),
        content.hash(),
        pending == null && !lastEndedLine);
  }

  private boolean endsLine() {
    return segLen > 0 && seg[segLen - 1] == '\n';
  }

  /** Reads up to one line (or {@link #SEGMENT} bytes of it) into {@code seg}; false at EOF. */
  private boolean readSegment() throws IOException {
    segLen = 0;
    segOffset = pos;
    while (segLen < SEGMENT) {
      if (bufPos == bufLen) {
        bufLen = in.read(buf, 0, buf.length);
        bufPos = 0;
        if (bufLen <= 0) {
          bufLen = 0;
          break;
        }
      }
      int n = Math.min(bufLen - bufPos, SEGMENT - segLen);
      int i = 0;
      while (i < n && buf[bufPos + i] != '\n') {
        i++;
      }
      boolean nl = i < n;
      int take = nl ? i + 1 : n;
      System.arraycopy(buf, bufPos, seg, segLen, take);
      segLen += take;
      bufPos += take;
      pos += take;
      if (nl) {
        break;
      }
    }
    return segLen > 0;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** The message's bytes, its Message-ID and its content hash, built line by line. */
  private static final class Content {
    private final long max;
    private ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    private final MessageDigest sha;
    private boolean inHeaders = true;
    private boolean volatileHeader;
    private StringBuilder messageIdHeader;
    private boolean inMessageId;
    private long size;

    Content(long max) {
      this.max = max;
      try {
        this.sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 missing from the JDK", e);
      }
    }

    void line(byte[] b, int len, boolean lineStart, boolean full) {
      int from = 0;
      if (lineStart && len > 5 && b[0] == '>') {
        int k = 0;
        while (k < len && b[k] == '>') {
          k++;
        }
        if (k + 5 <= len
            && b[k] == 'F'
            && b[k + 1] == 'r'
            && b[k + 2] == 'o'
            && b[k + 3] == 'm'
            && b[k + 4] == ' ') {
          from = 1; // mboxrd: one '>' less
        }
      }
      boolean hashed = true;
      if (inHeaders && lineStart) {
        boolean blank =
            len - from <= 2 && (b[len - 1] == '\n') && (len - from == 1 || b[from] == '\r');
        if (blank) {
          inHeaders = false;
          volatileHeader = false;
          inMessageId = false;
        } else if (b[from] == ' ' || b[from] == '\t') {
          hashed = !volatileHeader; // continuation of the previous header
          if (inMessageId) {
            messageIdHeader.append(' ').append(latin1(b, from, len).strip());
          }
        } else {
          String name = headerName(b, from, len);
          volatileHeader = name != null && VOLATILE_HEADERS.contains(name);
          hashed = !volatileHeader;
          inMessageId = "message-id".equals(name) && messageIdHeader == null;
          if (inMessageId) {
            String line = latin1(b, from, len);
            messageIdHeader = new StringBuilder(line.substring(line.indexOf(':') + 1).strip());
          }
        }
      } else if (inHeaders) {
        hashed = !volatileHeader;
      }
      int n = len - from;
      if (hashed) {
        sha.update(b, from, n);
      }
      size += n;
      if (out != null) {
        if (size > max) {
          out = null;
        } else {
          out.write(b, from, n);
        }
      }
    }

    private static String headerName(byte[] b, int from, int len) {
      for (int i = from; i < len && i < from + 100; i++) {
        if (b[i] == ':') {
          return latin1(b, from, i).strip().toLowerCase(Locale.ROOT);
        }
        if (b[i] == ' ' || b[i] == '\n') {
          return null;
        }
      }
      return null;
    }

    private static String latin1(byte[] b, int from, int to) {
      return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    byte[] bytes() {
      return out == null ? null : out.toByteArray();
    }

    String messageId() {
      if (messageIdHeader == null) {
        return null;
      }
      String v = messageIdHeader.toString().strip();
      int lt = v.indexOf('<');
      int gt = v.indexOf('>', lt + 1);
      if (lt >= 0 && gt > lt) {
        v = v.substring(lt + 1, gt).strip();
      }
      v = v.replaceAll("\\s+", "");
      return v.isEmpty() ? null : v;
    }

    String hash() {
      return HexFormat.of().formatHex(sha.digest());
    }
  }
}
