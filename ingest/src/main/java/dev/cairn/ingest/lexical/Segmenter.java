package dev.cairn.ingest.lexical;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into word runs and turns it into the token text of the segment index: runs of a
 * script written without spaces become overlapping character bigrams followed by the run's last
 * character ({@code 计算梯度} → {@code 计算 算梯 梯度 度}); a spaced word glued to such a run ({@code
 * References} in {@code References编}, one token for the main index) is added as a word of its own;
 * every other word is left to the main index, so that no occurrence is indexed twice. A word of any
 * length inside a no-space run is then found as a phrase of its bigrams, a single character as a
 * prefix of one token. Stateless and thread-safe.
 */
public final class Segmenter {
  /** The pieces of a spaced word that the main index keeps as tokens (letters and digits). */
  static final Pattern WORD_PART = Pattern.compile("[\\p{L}\\p{N}]+");

  private static final int ZWNJ = 0x200C;

  private Segmenter() {}

  /** The word runs of {@code text}, in order. */
  public static List<TextRun> runs(CharSequence text) {
    List<TextRun> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    Scripts.Kind curKind = null;
    int start = -1;
    int end = -1;
    int[] word = {0};
    for (int i = 0; i < text.length(); ) {
      int cp = Character.codePointAt(text, i);
      int next = i + Character.charCount(cp);
      Scripts.Kind k = Scripts.classify(cp);
      if (k == Scripts.Kind.SPACED && curKind == Scripts.Kind.NO_SPACE && isMark(cp)) {
        k = Scripts.Kind.NO_SPACE; // a shared combining mark stays with the letter it follows
      }
      switch (k) {
        case SEPARATOR -> {
          flush(out, cur, curKind, start, end, word);
          curKind = null;
          word[0]++;
        }
        case IGNORABLE -> {
          if (cp == ZWNJ && curKind == Scripts.Kind.SPACED) {
            // in Persian and Indic words the non-joiner stands between morphemes: a word break
            flush(out, cur, curKind, start, end, word);
            curKind = null;
            word[0]++;
          } else if (curKind != null) {
            end = next;
          }
        }
        default -> {
          if (k != curKind) {
            flush(out, cur, curKind, start, end, word);
            curKind = k;
            start = i;
          }
          cur.appendCodePoint(cp);
          end = next;
        }
      }
      i = next;
    }
    flush(out, cur, curKind, start, end, word);
    return out;
  }

  /**
   * The segment-index text of a chunk, or null when it has no character of a no-space script (such
   * chunks are searched through the main full-text index only).
   */
  public static String segments(CharSequence text) {
    if (!Scripts.hasNoSpace(text)) {
      return null;
    }
    StringBuilder sb = new StringBuilder(text.length() * 3);
    List<TextRun> runs = runs(text);
    java.util.BitSet gluedWords = new java.util.BitSet();
    for (TextRun r : runs) {
      if (r.noSpace()) {
        gluedWords.set(r.word());
      }
    }
    for (TextRun r : runs) {
      if (r.noSpace()) {
        appendBigrams(sb, r.text(), true);
      } else if (gluedWords.get(r.word())) {
        Matcher m = WORD_PART.matcher(r.text());
        while (m.find()) {
          sep(sb).append(m.group()); // split at marks, as the main index's tokenizer does
        }
      }
    }
    return sb.toString();
  }

  /**
   * The bigrams of one no-space run joined by spaces, with the run's last character appended when
   * {@code withTail}; a one-character run gives that character.
   */
  static String bigrams(String run, boolean withTail) {
    return appendBigrams(new StringBuilder(), run, withTail).toString();
  }

  private static StringBuilder appendBigrams(StringBuilder sb, String run, boolean withTail) {
    int[] cps = run.codePoints().toArray();
    for (int j = 0; j + 1 < cps.length; j++) {
      sep(sb).appendCodePoint(cps[j]).appendCodePoint(cps[j + 1]);
    }
    if (withTail || cps.length == 1) {
      sep(sb).appendCodePoint(cps[cps.length - 1]);
    }
    return sb;
  }

  private static StringBuilder sep(StringBuilder sb) {
    if (!sb.isEmpty()) {
      sb.append(' ');
    }
    return sb;
  }

  private static boolean isMark(int cp) {
    int t = Character.getType(cp);
    return t == Character.NON_SPACING_MARK
        || t == Character.COMBINING_SPACING_MARK
        || t == Character.ENCLOSING_MARK;
  }

  private static void flush(
      List<TextRun> out, StringBuilder cur, Scripts.Kind kind, int start, int end, int[] word) {
    if (kind != null && !cur.isEmpty()) {
      out.add(new TextRun(kind == Scripts.Kind.NO_SPACE, cur.toString(), start, end, word[0]));
    }
    cur.setLength(0);
  }
}
