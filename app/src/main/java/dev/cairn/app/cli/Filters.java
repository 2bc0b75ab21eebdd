package dev.cairn.app.cli;

import dev.cairn.app.library.SearchFilter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** Parses {@code --filter KEY=VALUE} options into a {@link SearchFilter}. */
final class Filters {
  private Filters() {}

  /**
   * Parses the filters. Keys: {@code folder}, {@code type} (or {@code filetype}), {@code from},
   * {@code to}, {@code sender}, {@code language} (or {@code lang}). Dates are ISO dates ({@code
   * 2001-05-31}, whole day, UTC) or instants ({@code 2001-05-31T10:00:00Z}).
   *
   * @throws IllegalArgumentException naming the bad option
   */
  static SearchFilter parse(List<String> options) {
    SearchFilter filter = SearchFilter.NONE;
    for (String option : options) {
      int eq = option.indexOf('=');
      if (eq <= 0 || eq == option.length() - 1) {
        throw new IllegalArgumentException(
            "filter '"
                + option
                + "' is not KEY=VALUE (keys: folder, type, from, to, sender, language)");
      }
      String key = option.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      String value = option.substring(eq + 1).strip();
      filter =
          switch (key) {
            case "folder" ->
                filter.withFolder(Path.of(value).toAbsolutePath().normalize().toString());
            case "type", "filetype", "file_type" -> filter.withFileType(value);
            case "from" -> filter.withFrom(date(value, false));
            case "to" -> filter.withTo(date(value, true));
            case "sender" -> filter.withSender(value);
            case "language", "lang" -> filter.withLanguage(value);
            default ->
                throw new IllegalArgumentException(
                    "unknown filter key '"
                        + key
                        + "' (keys: folder, type, from, to, sender, language)");
          };
    }
    return filter;
  }

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
