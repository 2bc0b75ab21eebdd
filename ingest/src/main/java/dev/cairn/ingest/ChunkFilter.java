package dev.cairn.ingest;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Restricts searches to some chunks. Every field is optional (null or empty means "no
 * restriction"); the restrictions combine with AND.
 *
 * @param folderPrefix only files at or below this folder (absolute path)
 * @param fileTypes only files with one of these extensions, without the dot, case-insensitive
 *     ("pdf", "eml")
 * @param from only documents dated at or after this instant (the email/document date, else the
 *     file's modification time)
 * @param to only documents dated strictly before this instant
 * @param sender only mail (messages and their attachments) whose sender contains this text
 *     (case-insensitive)
 * @param language only documents detected to be in this language, an ISO 639-1 code ("zh", "my",
 *     "en"); lower-cased
 * @param recipient only mail whose To or Cc contains this text (case-insensitive)
 * @param mailFolder only mail in this mail folder or below it, matched by whole path segments
 *     ("inbox" matches "Inbox" and "Inbox/Projects"; case-insensitive)
 * @param hasAttachment only mail whose message has at least one attachment
 *     <p>The dates of mail are its message's date; the mail restrictions see every place of a
 *     message kept in several folders ({@link MessageMeta}).
 */
public record ChunkFilter(
    String folderPrefix,
    Set<String> fileTypes,
    Instant from,
    Instant to,
    String sender,
    String language,
    String recipient,
    String mailFolder,
    boolean hasAttachment) {

  /** No restriction at all. */
  public static final ChunkFilter NONE =
      new ChunkFilter(null, Set.of(), null, null, null, null, null, null, false);

  /** A filter without mail restrictions other than the sender. */
  public ChunkFilter(
      String folderPrefix,
      Set<String> fileTypes,
      Instant from,
      Instant to,
      String sender,
      String language) {
    this(folderPrefix, fileTypes, from, to, sender, language, null, null, false);
  }

  /** A filter without a language restriction. */
  public ChunkFilter(
      String folderPrefix, Set<String> fileTypes, Instant from, Instant to, String sender) {
    this(folderPrefix, fileTypes, from, to, sender, null);
  }

  public ChunkFilter {
    fileTypes =
        fileTypes == null
            ? Set.of()
            : fileTypes.stream()
                .map(t -> t.startsWith(".") ? t.substring(1) : t)
                .map(t -> t.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    if (folderPrefix != null && folderPrefix.isBlank()) {
      folderPrefix = null;
    }
    sender = sender == null || sender.isBlank() ? null : sender.strip();
    recipient = recipient == null || recipient.isBlank() ? null : recipient.strip();
    if (mailFolder != null && MessageMeta.normalFolder(mailFolder).isEmpty()) {
      mailFolder = null;
    }
    language =
        language == null || language.isBlank() ? null : language.strip().toLowerCase(Locale.ROOT);
    if (from != null && to != null && !from.isBefore(to)) {
      throw new IllegalArgumentException("filter 'from' " + from + " is not before 'to' " + to);
    }
  }

  /** True when this filter restricts nothing. */
  public boolean isUnrestricted() {
    return folderPrefix == null
        && fileTypes.isEmpty()
        && from == null
        && to == null
        && sender == null
        && language == null
        && recipient == null
        && mailFolder == null
        && !hasAttachment;
  }
}
