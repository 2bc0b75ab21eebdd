package dev.cairn.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which conversation an email belongs to: the root of its {@code References} chain (the first
 * Message-ID there), else the message it replies to ({@code In-Reply-To}), else itself; a reply
 * that lost those headers ("Re: …" with none) joins the conversation of a message with the same
 * subject. Stateless.
 */
public final class MailThreads {
  private MailThreads() {}

  private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");
  private static final Pattern REPLY_PREFIX =
      Pattern.compile(
          "^\\s*(?:(?:re|fw|fwd|aw|wg|sv|vs|antw|tr|rif|r)\\s*(?:\\[\\d+\\])?\\s*:\\s*)+",
          Pattern.CASE_INSENSITIVE);

  /**
   * The mail headers threading needs, of one stored document.
   *
   * @param documentId the document
   * @param messageId its Message-ID, null when none (then it is no email for threading)
   * @param inReplyTo its In-Reply-To header, null when none
   * @param references its References header, null when none
   * @param subject its subject, null when none
   */
  public record Headers(
      long documentId, String messageId, String inReplyTo, String references, String subject) {}

  /**
   * The conversation key of each email among {@code headers} (documents without a Message-ID get
   * none). Replies that lost their threading headers are matched by subject against the others.
   */
  public static Map<Long, String> keys(List<Headers> headers) {
    Map<Long, String> out = new HashMap<>();
    Map<String, String> bySubject = new HashMap<>();
    for (Headers h : headers) {
      String key = byHeaders(h);
      if (key == null) {
        continue;
      }
      out.put(h.documentId(), key);
      String subject = normalizedSubject(h.subject());
      if (!subject.isEmpty() && !isReplyWithoutThreadHeaders(h)) {
        bySubject.putIfAbsent(subject, key);
      }
    }
    for (Headers h : headers) {
      if (out.containsKey(h.documentId()) && isReplyWithoutThreadHeaders(h)) {
        String joined = bySubject.get(normalizedSubject(h.subject()));
        if (joined != null) {
          out.put(h.documentId(), joined);
        }
      }
    }
    return out;
  }

  /** The key from the headers alone: the References root, else In-Reply-To, else itself. */
  static String byHeaders(Headers h) {
    String own = firstId(h.messageId());
    if (own == null) {
      return null;
    }
    String root = firstId(h.references());
    if (root != null) {
      return root;
    }
    String parent = firstId(h.inReplyTo());
    return parent != null ? parent : own;
  }

  /** The subject without "Re:", "Fwd:", "AW:" … prefixes, lower case, spaces collapsed. */
  public static String normalizedSubject(String subject) {
    if (subject == null) {
      return "";
    }
    return REPLY_PREFIX
        .matcher(subject)
        .replaceFirst("")
        .replaceAll("\\s+", " ")
        .strip()
        .toLowerCase(Locale.ROOT);
  }

  private static boolean isReplyWithoutThreadHeaders(Headers h) {
    return firstId(h.references()) == null
        && firstId(h.inReplyTo()) == null
        && h.subject() != null
        && REPLY_PREFIX.matcher(h.subject()).find();
  }

  private static String firstId(String header) {
    if (header == null) {
      return null;
    }
    Matcher m = MESSAGE_ID.matcher(header);
    if (m.find()) {
      return m.group();
    }
    String bare = header.strip();
    return bare.isEmpty() || bare.contains(" ") ? null : "<" + bare + ">";
  }
}
