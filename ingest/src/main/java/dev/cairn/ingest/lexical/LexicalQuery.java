package dev.cairn.ingest.lexical;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;

/**
 * A user's keyword query reduced to its terms: words of spaced scripts (lower-cased, as the main
 * full-text index folds them) and runs of no-space scripts (searched as the exact sequence of
 * characters inside longer runs of the text). Punctuation and FTS5 syntax in the user's text never
 * reach SQLite unquoted. Immutable.
 *
 * @param words terms of spaced scripts, distinct, in query order
 * @param noSpaceRuns runs of no-space scripts, distinct, in query order
 */
public record LexicalQuery(List<String> words, List<String> noSpaceRuns) {
  /** At most this many terms are kept (later ones are dropped). */
  public static final int MAX_TERMS = 64;

  public LexicalQuery {
    words = List.copyOf(words);
    noSpaceRuns = List.copyOf(noSpaceRuns);
  }

  /** Parses a user's text; a text without words gives an {@link #isEmpty() empty} query. */
  public static LexicalQuery parse(String text) {
    List<String> words = new ArrayList<>();
    List<String> runs = new ArrayList<>();
    if (text != null) {
      for (TextRun r : Segmenter.runs(text)) {
        if (words.size() + runs.size() >= MAX_TERMS) {
          break;
        }
        if (r.noSpace()) {
          if (!runs.contains(r.text())) {
            runs.add(r.text());
          }
        } else {
          Matcher m = Segmenter.WORD_PART.matcher(r.text());
          while (m.find() && words.size() + runs.size() < MAX_TERMS) {
            String w = m.group().toLowerCase(Locale.ROOT);
            if (!words.contains(w)) {
              words.add(w);
            }
          }
        }
      }
    }
    return new LexicalQuery(words, runs);
  }

  /** Whether the query has no term at all. */
  public boolean isEmpty() {
    return words.isEmpty() && noSpaceRuns.isEmpty();
  }

  /** Whether the query has a run of a no-space script (and so needs the segment index). */
  public boolean hasNoSpaceRuns() {
    return !noSpaceRuns.isEmpty();
  }

  /** The FTS5 MATCH expression over the spaced words alone (the main index), or null if none. */
  public String wordsMatch() {
    if (words.isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (String w : words) {
      or(sb).append(quote(w));
    }
    return sb.toString();
  }

  /**
   * The FTS5 MATCH expression for the segment index: every word, every no-space run of two or more
   * characters as the phrase of its bigrams, a single character as a token prefix; OR-ed.
   */
  public String segmentsMatch() {
    StringBuilder sb = new StringBuilder();
    for (String w : words) {
      or(sb).append(quote(w));
    }
    for (String r : noSpaceRuns) {
      if (r.codePointCount(0, r.length()) == 1) {
        or(sb).append(quote(r)).append('*');
      } else {
        or(sb).append(quote(Segmenter.bigrams(r, false)));
      }
    }
    return sb.toString();
  }

  private static StringBuilder or(StringBuilder sb) {
    if (!sb.isEmpty()) {
      sb.append(" OR ");
    }
    return sb;
  }

  private static String quote(String s) {
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
