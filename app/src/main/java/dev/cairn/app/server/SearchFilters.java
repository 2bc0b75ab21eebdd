package dev.cairn.app.server;

import dev.cairn.app.library.QueryOperators;
import dev.cairn.app.library.SearchFilter;
import dev.cairn.app.server.ToolException.Code;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * The {@code filters} argument of {@code search} ({@code folder}, {@code type}, {@code from},
 * {@code to}, {@code after}, {@code before}, {@code sender}, {@code recipient}, {@code
 * mail_folder}, {@code has_attachment}), read as the command line's {@code --filter} options are;
 * the query's own operators ({@code from:}, ..., {@link QueryOperators}) are read by the search
 * itself. Stateless.
 */
final class SearchFilters {
  private SearchFilters() {}

  /** The filter in {@code a}'s {@code filters} object; {@link SearchFilter#NONE} when absent. */
  static SearchFilter parse(ToolArguments a) throws ToolException {
    Map<String, Object> f = a.object("filters").orElse(Map.of());
    ToolArguments fa =
        new ToolArguments(
            "search filters",
            f,
            Set.of(
                "folder",
                "type",
                "from",
                "to",
                "after",
                "before",
                "sender",
                "recipient",
                "mail_folder",
                "has_attachment"));
    try {
      SearchFilter filter =
          new SearchFilter(
              fa.optionalText("folder").orElse(null),
              fa.optionalText("type").orElse(null),
              date(fa.optionalText("from").orElse(null), false),
              date(fa.optionalText("to").orElse(null), true),
              fa.optionalText("sender").orElse(null),
              null,
              fa.optionalText("recipient").orElse(null),
              fa.optionalText("mail_folder").orElse(null),
              fa.bool("has_attachment", false));
      for (String key : new String[] {"after", "before"}) {
        String value = fa.optionalText(key).orElse(null);
        if (value != null && !value.isBlank()) {
          filter = QueryOperators.apply(key, value, filter);
        }
      }
      return filter;
    } catch (IllegalArgumentException e) {
      throw new ToolException(Code.INVALID_ARGUMENT, "search filters: " + e.getMessage());
    }
  }

  private static Instant date(String value, boolean endOfDay) throws ToolException {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      if (value.strip().length() == 10) {
        LocalDate d = LocalDate.parse(value.strip());
        return endOfDay
            ? d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1)
            : d.atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new ToolException(
          Code.INVALID_ARGUMENT,
          "search filters: date '" + value + "' is neither YYYY-MM-DD nor an ISO instant");
    }
  }
}
