package dev.cairn.chat.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an answer into {@link AnswerSegment}s as it streams in: text, quotes ({@code “…”}) and
 * citations ({@code [1]}, {@code [1][2]}, {@code [1, 2]}, {@code [1; 3]}, ranges {@code [2-4]} of
 * at most 50 numbers; zero and numbers of six or more digits are not sources). Each {@link #feed}
 * returns only the segments of the new text, so a view appends them without re-reading what it
 * already shows; a {@code [} that may still become a citation is held back until its bracket closes
 * (or {@link #finish} is called).
 *
 * <p>The one place that decides whether an answer was given from the sources ({@link
 * #answeredFromSources}).
 *
 * <p>Not thread-safe: one parser per answer, fed from one thread at a time. The static methods are
 * stateless.
 */
public final class CitationParser {

  private static final Pattern INNER = Pattern.compile("\\s*\\d+(?:\\s*[,;\\-–]\\s*\\d+)*\\s*");
  private static final Pattern MAYBE_INNER = Pattern.compile("[\\s\\d,;\\-–]*");
  private static final Pattern RANGE = Pattern.compile("(\\d+)\\s*[-–]\\s*(\\d+)");
  private static final int MAX_RANGE = 50;
  private static final int MAX_BRACKET = 64;

  /**
   * What an answer says, in its own words (not in a quote), when its sources lack the answer: the
   * reply the prompt asks for ({@link CitedPromptBuilder#NO_ANSWER}), the ways small models
   * rephrase it, and Cairn's own sentences for a question nothing matched.
   */
  private static final List<String> NOT_ANSWERED =
      List.of(
          "do not contain",
          "don't contain",
          "does not contain",
          "do not seem to contain",
          "not in the sources",
          "cannot be answered from");

  private final StringBuilder pending = new StringBuilder();
  private boolean inQuote;

  /**
   * Reads the next piece of the answer.
   *
   * @return the segments it completes, in order; empty when it only extends a held-back bracket
   */
  public List<AnswerSegment> feed(String more) {
    pending.append(more);
    List<AnswerSegment> out = new ArrayList<>();
    StringBuilder run = new StringBuilder();
    int i = 0;
    int n = pending.length();
    while (i < n) {
      char c = pending.charAt(i);
      if (c == '[') {
        int close = pending.indexOf("]", i + 1);
        if (close < 0) {
          String tail = pending.substring(i + 1);
          if (tail.length() < MAX_BRACKET && MAYBE_INNER.matcher(tail).matches()) {
            break; // may still become a citation: hold it back
          }
        } else {
          String inner = pending.substring(i + 1, close);
          List<Integer> cited = INNER.matcher(inner).matches() ? numbers(inner) : List.of();
          if (!cited.isEmpty()) {
            flush(run, out);
            out.add(new AnswerSegment.Citation(pending.substring(i, close + 1), cited));
            i = close + 1;
            continue;
          }
        }
        run.append(c);
      } else if (c == '“') {
        flush(run, out);
        inQuote = true;
        run.append(c);
      } else if (c == '”' && inQuote) {
        run.append(c);
        flush(run, out);
        inQuote = false;
      } else {
        run.append(c);
      }
      i++;
    }
    flush(run, out);
    pending.delete(0, i);
    return out;
  }

  /** Ends the answer: a held-back bracket is text after all. */
  public List<AnswerSegment> finish() {
    List<AnswerSegment> out = new ArrayList<>();
    StringBuilder run = new StringBuilder(pending);
    pending.setLength(0);
    flush(run, out);
    return out;
  }

  private void flush(StringBuilder run, List<AnswerSegment> out) {
    if (run.isEmpty()) {
      return;
    }
    String s = run.toString();
    out.add(inQuote ? new AnswerSegment.Quote(s) : new AnswerSegment.Text(s));
    run.setLength(0);
  }

  /**
   * A whole answer's segments, neighbouring texts (and quotes) merged. {@code null} reads as empty.
   */
  public static List<AnswerSegment> parse(String answer) {
    if (answer == null || answer.isEmpty()) {
      return List.of();
    }
    CitationParser p = new CitationParser();
    List<AnswerSegment> all = new ArrayList<>(p.feed(answer));
    all.addAll(p.finish());
    return merge(all);
  }

  /** Neighbouring segments of the same text kind joined into one. */
  public static List<AnswerSegment> merge(List<AnswerSegment> segments) {
    List<AnswerSegment> out = new ArrayList<>();
    for (AnswerSegment s : segments) {
      AnswerSegment last = out.isEmpty() ? null : out.getLast();
      if (last instanceof AnswerSegment.Text t && s instanceof AnswerSegment.Text u) {
        out.set(out.size() - 1, new AnswerSegment.Text(t.raw() + u.raw()));
      } else if (last instanceof AnswerSegment.Quote q
          && s instanceof AnswerSegment.Quote r
          && !q.raw().endsWith("”")) {
        out.set(out.size() - 1, new AnswerSegment.Quote(q.raw() + r.raw()));
      } else {
        out.add(s);
      }
    }
    return List.copyOf(out);
  }

  /** The distinct cited source numbers in ascending order. */
  public static List<Integer> cited(List<AnswerSegment> segments) {
    TreeSet<Integer> out = new TreeSet<>();
    for (AnswerSegment s : segments) {
      if (s instanceof AnswerSegment.Citation c) {
        out.addAll(c.sources());
      }
    }
    return List.copyOf(out);
  }

  /**
   * Whether the answer was given from its sources: {@code false} when its own words (quotes from
   * the sources do not count) say the sources do not contain the answer.
   */
  public static boolean answeredFromSources(List<AnswerSegment> segments) {
    StringBuilder own = new StringBuilder();
    for (AnswerSegment s : segments) {
      if (s instanceof AnswerSegment.Text t) {
        own.append(t.raw());
      }
    }
    String t = own.toString().toLowerCase(Locale.ROOT).replace('’', '\'');
    return NOT_ANSWERED.stream().noneMatch(t::contains);
  }

  /** {@link #answeredFromSources(List)} of a whole answer. */
  public static boolean answeredFromSources(String answer) {
    return answeredFromSources(parse(answer));
  }

  private static List<Integer> numbers(String inner) {
    TreeSet<Integer> out = new TreeSet<>();
    Matcher r = RANGE.matcher(inner);
    StringBuilder rest = new StringBuilder();
    int last = 0;
    while (r.find()) {
      rest.append(inner, last, r.start()).append(',');
      last = r.end();
      String a = r.group(1);
      String b = r.group(2);
      if (a.length() < 6 && b.length() < 6) {
        int from = Integer.parseInt(a);
        int to = Integer.parseInt(b);
        if (from <= to && to - from < MAX_RANGE) {
          for (int k = from; k <= to; k++) {
            out.add(k);
          }
        }
      }
    }
    rest.append(inner.substring(last));
    for (String part : rest.toString().split("[,;]")) {
      String p = part.strip();
      if (!p.isEmpty() && p.length() < 6) {
        out.add(Integer.parseInt(p));
      }
    }
    out.remove(0);
    return List.copyOf(out);
  }
}
