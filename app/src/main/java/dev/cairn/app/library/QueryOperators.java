package dev.cairn.app.library;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mail search operators written in the query itself, as in a mail client's search box: {@code
 * from:}, {@code to:}, {@code folder:}, {@code after:}, {@code before:} and {@code has:attachment}
 * ({@code budget from:kaminski after:2001-05-01}). Each becomes a {@link SearchFilter} restriction
 * and leaves the words the search looks for; the restrictions are applied inside the lexical and
 * the vector search, never to a cut top k.
 *
 * <p>An operator starts at a word boundary (start or after a space) and takes the text up to the
 * next space, or a double-quoted value ({@code from:"Vince Kaminski"}). Anything else with a colon
 * ({@code mailto:x}, {@code note: this}, {@code http://...}) stays query text. {@code after:D}
 * keeps mail dated on or after day {@code D} (UTC), {@code before:D} mail dated before it; an ISO
 * instant is taken as is. The same restriction given twice with different values, in the query or
 * in the query and the request's filter, is an error, never a silent choice.
 *
 * <p>Stateless and thread-safe.
 */
public final class QueryOperators {
  /** The operator keys, as a message lists them. */
  public static final String KEYS = "from:, to:, folder:, after:, before:, has:attachment";

  private static final Pattern OPERATOR =
      Pattern.compile(
          "(?<![^\\s])(from|to|folder|after|before|has):(\"[^\"]*\"|[^\\s\"]\\S*)",
          Pattern.CASE_INSENSITIVE);

  private QueryOperators() {}

  /**
   * A query split into its words and its filter.
   *
   * @param text the query without its operators, spaces collapsed where they stood
   * @param filter the request's filter with the operators' restrictions added
   */
  public record Parsed(String text, SearchFilter filter) {}

  /**
   * Splits {@code query}'s operators off into {@code base}.
   *
   * @throws IllegalArgumentException naming the operator, when a value is bad (a date that is no
   *     date, {@code has:} other than attachment) or contradicts another
   */
  public static Parsed parse(String query, SearchFilter base) {
    Objects.requireNonNull(query, "query");
    SearchFilter filter = base == null ? SearchFilter.NONE : base;
    Matcher m = OPERATOR.matcher(query);
    StringBuilder text = new StringBuilder();
    int last = 0;
    while (m.find()) {
      String value = m.group(2);
      if (value.startsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      filter = apply(m.group(1).toLowerCase(Locale.ROOT), value, filter);
      text.append(query, last, m.start()).append(' ');
      last = m.end();
    }
    text.append(query.substring(last));
    return new Parsed(text.toString().replaceAll("\\s+", " ").strip(), filter);
  }

  /**
   * {@link #parse} for a search, which needs words to look for.
   *
   * @throws IllegalArgumentException as {@link #parse}, and for a query that is only operators
   */
  public static Parsed forSearch(String query, SearchFilter base) {
    Parsed p = parse(query, base);
    if (p.text().isBlank()) {
      throw new IllegalArgumentException(
          "the query '"
              + query.strip()
              + "' has only filters; add the words to look for in the filtered mail");
    }
    return p;
  }

  /** {@link #forSearch}, a bad query being an {@link LibraryException.Kind#INVALID_REQUEST}. */
  static Parsed inSearch(String query, SearchFilter base) throws LibraryException {
    try {
      return forSearch(query, base);
    } catch (IllegalArgumentException e) {
      throw new LibraryException(LibraryException.Kind.INVALID_REQUEST, e.getMessage(), e);
    }
  }

  /**
   * Adds one operator ({@code key} without its colon, lower case) to {@code filter}.
   *
   * @throws IllegalArgumentException for an unknown key, a bad value, or a contradiction
   */
  public static SearchFilter apply(String key, String value, SearchFilter filter) {
    String v = value == null ? "" : value.strip();
    if (v.isEmpty()) {
      throw new IllegalArgumentException(key + ": has no value");
    }
    return switch (key) {
      case "from" -> filter.withSender(same("from:", filter.sender(), v));
      case "to" -> filter.withRecipient(same("to:", filter.recipient(), v));
      case "folder" -> filter.withMailFolder(same("folder:", filter.mailFolder(), v));
      case "after" -> filter.withFrom(same("after:", filter.from(), day(key, v)));
      case "before" -> filter.withTo(same("before:", filter.to(), day(key, v).minusMillis(1)));
      case "has" -> {
        if (!v.equalsIgnoreCase("attachment") && !v.equalsIgnoreCase("attachments")) {
          throw new IllegalArgumentException(
              "has:" + v + " is not a filter; has: knows attachment");
        }
        yield filter.withHasAttachment(true);
      }
      default ->
          throw new IllegalArgumentException(
              "unknown search operator '" + key + ":' (operators: " + KEYS + ")");
    };
  }

  private static <T> T same(String operator, T current, T value) {
    if (current != null && !current.equals(value)) {
      throw new IllegalArgumentException(
          operator
              + " "
              + shown(value)
              + " contradicts the filter's "
              + shown(current)
              + " already given; give one");
    }
    return value;
  }

  private static String shown(Object v) {
    return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
  }

  /** A day's start (UTC) or an instant. */
  private static Instant day(String key, String value) {
    try {
      if (value.length() == 10) {
        return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          key + ":" + value + " is not a date: write YYYY-MM-DD or an ISO instant", e);
    }
  }
}
