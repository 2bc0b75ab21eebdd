package dev.cairn.app.cli;

import dev.cairn.app.library.QueryOperators;
import dev.cairn.app.library.SearchFilter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * Parses {@code --filter KEY=VALUE} options, or a mail search operator such as {@code --filter
 * from:kaminski} (the same as writing it in the query, {@link QueryOperators}), into a {@link
 * SearchFilter}.
 */
final class Filters {
  static final String KEYS =
      "folder, type, from, to, after, before, sender, recipient, mailfolder, has, language";

  private Filters() {}

  /**
   * Parses the filters. Keys: {@code folder} (a folder on disk), {@code type} (or {@code
   * filetype}), {@code from} and {@code to} (a date: both days included; any other value: the
   * sender and the recipient, as the {@code from:} and {@code to:} operators), {@code after} and
   * {@code before} (dates: on or after, before), {@code sender}, {@code recipient} (To or Cc),
   * {@code mailfolder} (the mail client's folder), {@code has=attachment}, {@code language} (or
   * {@code lang}). Dates are ISO dates ({@code 2001-05-31}, whole day, UTC) or instants ({@code
   * 2001-05-31T10:00:00Z}). {@code KEY:VALUE} is a query operator: there {@code from:} and {@code
   * to:} are the sender and the recipient.
   *
   * @throws IllegalArgumentException naming the bad option
   */
  static SearchFilter parse(List<String> options) {
    SearchFilter filter = SearchFilter.NONE;
    for (String option : options) {
      int eq = option.indexOf('=');
      int colon = option.indexOf(':');
      if (colon > 0 && (eq < 0 || colon < eq)) {
        String key = option.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        filter = QueryOperators.apply(key, option.substring(colon + 1), filter);
        continue;
      }
      if (eq <= 0 || eq == option.length() - 1) {
        throw new IllegalArgumentException(
            "filter '"
                + option
                + "' is not KEY=VALUE (keys: "
                + KEYS
                + ") nor an operator ("
                + QueryOperators.KEYS
                + ")");
      }
      String key = option.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      String value = option.substring(eq + 1).strip();
      filter =
          switch (key) {
            case "folder" ->
                filter.withFolder(Path.of(value).toAbsolutePath().normalize().toString());
            case "type", "filetype", "file_type" -> filter.withFileType(value);
            case "from" ->
                looksLikeDate(value)
                    ? filter.withFrom(date(value, false))
                    : filter.withSender(value);
            case "to" ->
                looksLikeDate(value)
                    ? filter.withTo(date(value, true))
                    : filter.withRecipient(value);
            case "after", "before" -> QueryOperators.apply(key, value, filter);
            case "sender" -> filter.withSender(value);
            case "recipient" -> filter.withRecipient(value);
            case "mailfolder", "mail_folder" -> filter.withMailFolder(value);
            case "has" -> QueryOperators.apply(key, value, filter);
            case "language", "lang" -> filter.withLanguage(value);
            default ->
                throw new IllegalArgumentException(
                    "unknown filter key '" + key + "' (keys: " + KEYS + ")");
          };
    }
    return filter;
  }

  /** A value that starts as an ISO date does ({@code YYYY-MM-DD}). */
  private static boolean looksLikeDate(String value) {
    return DATE_START.matcher(value).lookingAt();
  }

  private static final java.util.regex.Pattern DATE_START =
      java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private static Instant date(String value, boolean endOfDay) {
    try {
      if (value.length() == 10) {
        LocalDate d = LocalDate.parse(value);
        return endOfDay
            ? d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1)
            : d.atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "filter date '" + value + "' is neither YYYY-MM-DD nor an ISO instant");
    }
  }
}
