package dev.cairn.ingest.mail;

import com.pff.PSTAttachment;
import com.pff.PSTException;
import com.pff.PSTFile;
import com.pff.PSTFolder;
import com.pff.PSTMessage;
import com.pff.PSTObject;
import com.pff.PSTRecipient;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages of an Outlook PST/OST file read one at a time with java-libpst: {@link #list} walks
 * the folders (each message's key is its descriptor id, stable inside the file), {@link #read}
 * loads one message and writes it as a MIME message (From, To, Cc, Subject, Date, Message-ID,
 * In-Reply-To, the text or HTML body, and attachments stored by value up to {@code maxAttachment}
 * bytes, and attached messages as {@code message/rfc822} parts), so it is extracted like any other
 * message. OLE attachments (embedded Office objects) are left out. Not thread-safe: one reader, one
 * thread. Closing closes the file.
 */
public final class PstMessages implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(PstMessages.class);
  private static final DateTimeFormatter RFC_1123 =
      DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT).withZone(ZoneOffset.UTC);

  /** How deep attached messages inside attached messages are written. */
  static final int MAX_NESTING = 3;

  private final Path file;
  private final PSTFile pst;
  private final long maxAttachment;

  private PstMessages(Path file, PSTFile pst, long maxAttachment) {
    this.file = file;
    this.pst = pst;
    this.maxAttachment = maxAttachment;
  }

  /**
   * Opens a PST or OST file.
   *
   * @throws IOException when it is not one, or its header or index cannot be read
   */
  public static PstMessages open(Path file, long maxAttachment) throws IOException {
    try {
      return new PstMessages(file, new PSTFile(file.toFile()), maxAttachment);
    } catch (PSTException e) {
      throw new IOException("not a readable PST/OST file: " + e.getMessage(), e);
    }
  }

  /** Whether the file name says PST or OST. */
  public static boolean isPst(Path file) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".pst") || n.endsWith(".ost");
  }

  /**
   * Every message of every folder, sorted by key (the descriptor id); size is 1 per message (its
   * size is known only once it is loaded), folder the path below Outlook's top folder
   * ("Inbox/Projects"; "" for messages in the top folder itself).
   */
  public List<MailFolder.Entry> list() throws IOException {
    List<MailFolder.Entry> out = new ArrayList<>();
    try {
      walk(pst.getRootFolder(), "", 0, out);
    } catch (PSTException e) {
      throw new IOException("corrupt PST folder tree: " + e.getMessage(), e);
    }
    out.sort(Comparator.comparingLong(e -> Long.parseLong(e.key())));
    return out;
  }

  private void walk(PSTFolder folder, String path, int depth, List<MailFolder.Entry> out)
      throws IOException, PSTException {
    if (depth > 64) {
      throw new IOException("PST folder tree deeper than 64 levels at " + path);
    }
    if (folder.getContentCount() > 0) {
      for (Integer id : folder.getChildDescriptorNodes()) {
        out.add(new MailFolder.Entry(Long.toString(id), file, path, 1, 0));
      }
    }
    if (folder.hasSubfolders()) {
      for (PSTFolder sub : folder.getSubFolders()) {
        String name = sub.getDisplayName() == null ? "" : sub.getDisplayName().strip();
        // the root's children are Outlook's own ("Top of Personal Folders" in the language
        // Outlook was set to, "Search Root"): the folders a person made start below them
        walk(sub, depth == 0 ? "" : join(path, name), depth + 1, out);
      }
    }
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "/" + name;
  }

  /** The message with this key as MIME bytes. */
  public byte[] read(MailFolder.Entry e) throws IOException {
    PSTObject o;
    try {
      o = PSTObject.detectAndLoadPSTObject(pst, Long.parseLong(e.key()));
    } catch (PSTException | RuntimeException x) {
      throw new IOException("corrupt PST item " + e.key() + ": " + x.getMessage(), x);
    }
    if (!(o instanceof PSTMessage m)) {
      throw new IOException("PST item " + e.key() + " is not a message");
    }
    try {
      return mime(m, 0);
    } catch (PSTException | RuntimeException x) {
      throw new IOException("corrupt PST message " + e.key() + ": " + x.getMessage(), x);
    }
  }

  /**
   * A message as MIME bytes; an attached message (embedded, Outlook's "attach item") is a {@code
   * message/rfc822} part written the same way, nested up to {@value #MAX_NESTING} deep.
   */
  private byte[] mime(PSTMessage m, int depth) throws IOException, PSTException {
    StringBuilder h = new StringBuilder();
    String senderName = m.getSenderName();
    String senderAddress = smtp(m.getSenderAddrtype(), m.getSenderEmailAddress());
    if (senderAddress == null) {
      senderAddress = smtp(m.getSentRepresentingAddrtype(), m.getSentRepresentingEmailAddress());
    }
    header(h, "From", address(senderName, senderAddress));
    List<String> to = new ArrayList<>();
    List<String> cc = new ArrayList<>();
    for (int i = 0; i < m.getNumberOfRecipients(); i++) {
      PSTRecipient r = m.getRecipient(i);
      String a = address(r.getDisplayName(), smtp(r.getEmailAddressType(), r.getEmailAddress()));
      if (a == null) {
        continue;
      }
      if (r.getRecipientType() == PSTRecipient.MAPI_CC) {
        cc.add(a);
      } else if (r.getRecipientType() == PSTRecipient.MAPI_TO) {
        to.add(a);
      }
    }
    if (to.isEmpty() && m.getDisplayTo() != null && !m.getDisplayTo().isBlank()) {
      to.add(encodeWord(m.getDisplayTo().strip()));
    }
    header(h, "To", to.isEmpty() ? null : String.join(", ", to));
    header(h, "Cc", cc.isEmpty() ? null : String.join(", ", cc));
    header(h, "Subject", m.getSubject() == null ? null : encodeWord(m.getSubject().strip()));
    Date date =
        m.getMessageDeliveryTime() != null ? m.getMessageDeliveryTime() : m.getClientSubmitTime();
    header(h, "Date", date == null ? null : RFC_1123.format(date.toInstant()));
    header(h, "Message-ID", angle(m.getInternetMessageId()));
    header(h, "In-Reply-To", angle(m.getInReplyToId()));
    h.append("MIME-Version: 1.0\r\n");
    String boundary = "=_cairn_pst_" + m.getDescriptorNodeId();
    h.append("Content-Type: multipart/mixed; boundary=\"").append(boundary).append("\"\r\n\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(h.toString().getBytes(StandardCharsets.UTF_8));
    String body = m.getBody();
    String html = m.getBodyHTML();
    if (body != null && !body.isBlank()) {
      part(out, boundary, "text/plain; charset=UTF-8", null, body.getBytes(StandardCharsets.UTF_8));
    } else if (html != null && !html.isBlank()) {
      part(out, boundary, "text/html; charset=UTF-8", null, html.getBytes(StandardCharsets.UTF_8));
    } else {
      part(out, boundary, "text/plain; charset=UTF-8", null, new byte[0]);
    }
    for (int i = 0; i < m.getNumberOfAttachments(); i++) {
      PSTAttachment a = m.getAttachment(i);
      if (a.getAttachMethod() == PSTAttachment.ATTACHMENT_METHOD_EMBEDDED) {
        if (depth < MAX_NESTING) {
          attachMessage(out, boundary, m, a, i, depth);
        }
        continue;
      }
      if (a.getAttachMethod() != PSTAttachment.ATTACHMENT_METHOD_BY_VALUE
          || a.getFilesize() > maxAttachment) {
        continue;
      }
      String name =
          a.getLongFilename() != null && !a.getLongFilename().isBlank()
              ? a.getLongFilename()
              : a.getFilename();
      byte[] data;
      try (InputStream in = a.getFileInputStream()) {
        data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxAttachment + 1));
      }
      if (data.length > maxAttachment) {
        continue;
      }
      String type =
          a.getMimeTag() == null || a.getMimeTag().isBlank()
              ? "application/octet-stream"
              : a.getMimeTag().strip();
      part(out, boundary, type, name == null || name.isBlank() ? "attachment-" + i : name, data);
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /**
   * Writes attachment {@code i} of {@code m}, an attached message, as a {@code message/rfc822}
   * part. One that cannot be read is left out with a warning: the message that carries it is still
   * indexed.
   */
  private void attachMessage(
      ByteArrayOutputStream out, String boundary, PSTMessage m, PSTAttachment a, int i, int depth) {
    try {
      PSTMessage inner = a.getEmbeddedPSTMessage();
      if (inner == null) {
        return;
      }
      byte[] bytes = mime(inner, depth + 1);
      if (bytes.length > maxAttachment) {
        return;
      }
      String subject = inner.getSubject() == null ? "" : inner.getSubject().strip();
      String name = (subject.isEmpty() ? "message-" + i : subject) + ".eml";
      part(out, boundary, "message/rfc822", name.replaceAll("[\\\\/:*?<>|]", "_"), bytes);
    } catch (IOException | PSTException | RuntimeException x) {
      LOG.warn(
          "{}: attached message {} of PST message {} cannot be read, left out: {}",
          file,
          i,
          m.getDescriptorNodeId(),
          x.toString());
    }
  }

  private static void part(
      ByteArrayOutputStream out, String boundary, String type, String filename, byte[] data) {
    StringBuilder p = new StringBuilder();
    p.append("--").append(boundary).append("\r\n");
    p.append("Content-Type: ").append(type).append("\r\n");
    p.append("Content-Transfer-Encoding: base64\r\n");
    if (filename != null) {
      p.append("Content-Disposition: attachment; filename=\"")
          .append(encodeWord(filename.replace("\"", "'")))
          .append("\"\r\n");
    }
    p.append("\r\n");
    out.writeBytes(p.toString().getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(Base64.getMimeEncoder().encode(data));
    out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  private static void header(StringBuilder h, String name, String value) {
    if (value != null && !value.isBlank()) {
      h.append(name).append(": ").append(value.replaceAll("[\r\n]+", " ")).append("\r\n");
    }
  }

  /** An SMTP address, or null for an Exchange (EX) distinguished name or none. */
  private static String smtp(String type, String address) {
    if (address == null || address.isBlank() || !address.contains("@")) {
      return null;
    }
    return type != null && type.equalsIgnoreCase("EX") ? null : address.strip();
  }

  private static String address(String name, String email) {
    boolean hasName = name != null && !name.isBlank();
    if (email == null) {
      return hasName ? encodeWord(name.strip()) : null;
    }
    return hasName ? encodeWord(name.strip()) + " <" + email + ">" : "<" + email + ">";
  }

  private static String angle(String id) {
    if (id == null || id.isBlank()) {
      return null;
    }
    String s = id.strip();
    return s.startsWith("<") ? s : "<" + s + ">";
  }

  /** RFC 2047 encoded word for text that is not plain printable ASCII. */
  static String encodeWord(String s) {
    boolean ascii = s.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    if (ascii) {
      return s;
    }
    return "=?UTF-8?B?"
        + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8))
        + "?=";
  }

  @Override
  public void close() throws IOException {
    pst.close();
  }
}
