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
 * @param sender only emails whose sender contains this text (case-insensitive)
 * @param language only documents detected at indexing to be in this language, an ISO 639-1 code
 *     such as {@code zh}, {@code my} or {@code en} (case-insensitive)
 */
public record SearchFilter(
    String folder, String fileType, Instant from, Instant to, String sender, String language) {
  /** No restriction. */
  public static final SearchFilter NONE = new SearchFilter(null, null, null, null, null, null);

  /** A filter without a language restriction. */
  public SearchFilter(String folder, String fileType, Instant from, Instant to, String sender) {
    this(folder, fileType, from, to, sender, null);
  }

  public SearchFilter {
    folder = blankToNull(folder);
    fileType = blankToNull(fileType);
    sender = blankToNull(sender);
    language = blankToNull(language);
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
        && language == null;
  }

  public SearchFilter withFolder(String value) {
    return new SearchFilter(value, fileType, from, to, sender, language);
  }

  public SearchFilter withFileType(String value) {
    return new SearchFilter(folder, value, from, to, sender, language);
  }

  public SearchFilter withFrom(Instant value) {
    return new SearchFilter(folder, fileType, value, to, sender, language);
  }

  public SearchFilter withTo(Instant value) {
    return new SearchFilter(folder, fileType, from, value, sender, language);
  }

  public SearchFilter withSender(String value) {
    return new SearchFilter(folder, fileType, from, to, value, language);
  }

  public SearchFilter withLanguage(String value) {
    return new SearchFilter(folder, fileType, from, to, sender, value);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
