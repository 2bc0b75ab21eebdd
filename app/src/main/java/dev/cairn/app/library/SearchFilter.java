package dev.cairn.app.library;

import java.time.Instant;

/**
 * Restricts a search; applied inside both the vector and the lexical search, so k results come back
 * whenever k matching chunks exist. Every field is optional ({@code null} = no restriction).
 *
 * @param folder only files under this folder (absolute path prefix)
 * @param fileType only these file types: an extension such as {@code pdf}, {@code md} or {@code
 *     eml}, or several separated by commas ({@code pdf,docx}); a leading dot is ignored
 * @param from only chunks dated at or after this instant (documents without a date are excluded)
 * @param to only chunks dated at or before this instant (documents without a date are excluded)
 * @param sender only mail (messages and their attachments) whose sender contains this text
 *     (case-insensitive); the query's {@code from:}
 * @param language only documents detected at indexing to be in this language, an ISO 639-1 code
 *     such as {@code zh}, {@code my} or {@code en} (case-insensitive)
 * @param recipient only mail whose To or Cc contains this text (case-insensitive); the query's
 *     {@code to:}
 * @param mailFolder only mail in this mail folder or below it, by whole path segments ({@code
 *     inbox} matches {@code Inbox} and {@code Inbox/Projects}; an mbox is the folder of its name);
 *     the query's {@code folder:}
 * @param hasAttachment only mail whose message has an attachment; the query's {@code
 *     has:attachment}
 *     <p>Mail is dated by its message's date. The query's own operators are read by {@link
 *     QueryOperators}.
 */
public record SearchFilter(
    String folder,
    String fileType,
    Instant from,
    Instant to,
    String sender,
    String language,
    String recipient,
    String mailFolder,
    boolean hasAttachment) {
  /** No restriction. */
  public static final SearchFilter NONE =
      new SearchFilter(null, null, null, null, null, null, null, null, false);

  /** A filter without the recipient, mail folder and attachment restrictions. */
  public SearchFilter(
      String folder, String fileType, Instant from, Instant to, String sender, String language) {
    this(folder, fileType, from, to, sender, language, null, null, false);
  }

  /** A filter without a language restriction. */
  public SearchFilter(String folder, String fileType, Instant from, Instant to, String sender) {
    this(folder, fileType, from, to, sender, null, null, null, false);
  }

  public SearchFilter {
    folder = blankToNull(folder);
    fileType = blankToNull(fileType);
    sender = blankToNull(sender);
    language = blankToNull(language);
    recipient = blankToNull(recipient);
    mailFolder = blankToNull(mailFolder);
    if (language != null) {
      language = language.toLowerCase(java.util.Locale.ROOT);
      if (!language.matches("[a-z]{2,3}")) {
        throw new IllegalArgumentException(
            "language filter '" + language + "' is not an ISO 639 code such as zh, my or en");
      }
    }
    if (from != null && to != null && from.isAfter(to)) {
      throw new IllegalArgumentException(
          "filter date range is empty: from " + from + " is after to " + to);
    }
  }

  /** Whether this filter restricts nothing. */
  public boolean isEmpty() {
    return folder == null
        && fileType == null
        && from == null
        && to == null
        && sender == null
        && language == null
        && recipient == null
        && mailFolder == null
        && !hasAttachment;
  }

  public SearchFilter withFolder(String value) {
    return new SearchFilter(
        value, fileType, from, to, sender, language, recipient, mailFolder, hasAttachment);
  }

  public SearchFilter withFileType(String value) {
    return new SearchFilter(
        folder, value, from, to, sender, language, recipient, mailFolder, hasAttachment);
  }

  public SearchFilter withFrom(Instant value) {
    return new SearchFilter(
        folder, fileType, value, to, sender, language, recipient, mailFolder, hasAttachment);
  }

  public SearchFilter withTo(Instant value) {
    return new SearchFilter(
        folder, fileType, from, value, sender, language, recipient, mailFolder, hasAttachment);
  }

  public SearchFilter withSender(String value) {
    return new SearchFilter(
        folder, fileType, from, to, value, language, recipient, mailFolder, hasAttachment);
  }

  public SearchFilter withLanguage(String value) {
    return new SearchFilter(
        folder, fileType, from, to, sender, value, recipient, mailFolder, hasAttachment);
  }

  public SearchFilter withRecipient(String value) {
    return new SearchFilter(
        folder, fileType, from, to, sender, language, value, mailFolder, hasAttachment);
  }

  public SearchFilter withMailFolder(String value) {
    return new SearchFilter(
        folder, fileType, from, to, sender, language, recipient, value, hasAttachment);
  }

  public SearchFilter withHasAttachment(boolean value) {
    return new SearchFilter(
        folder, fileType, from, to, sender, language, recipient, mailFolder, value);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
