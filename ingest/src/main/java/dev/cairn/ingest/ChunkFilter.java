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
 * @param sender only email documents whose sender contains this text (case-insensitive)
 * @param language only documents detected to be in this language, an ISO 639-1 code ("zh", "my",
 *     "en"); lower-cased
 */
public record ChunkFilter(
    String folderPrefix,
    Set<String> fileTypes,
    Instant from,
    Instant to,
    String sender,
    String language) {

  /** No restriction at all. */
  public static final ChunkFilter NONE = new ChunkFilter(null, Set.of(), null, null, null, null);

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
    if (sender != null && sender.isBlank()) {
      sender = null;
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
        && language == null;
  }
}
