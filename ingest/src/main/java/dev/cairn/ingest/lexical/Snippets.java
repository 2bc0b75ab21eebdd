package dev.cairn.ingest.lexical;

import java.text.BreakIterator;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;

/**
 * Builds the snippet of a chunk for a {@link LexicalQuery} in Java, for hits of the segment index
 * (whose stored tokens are bigrams, not the text): the window of the chunk with the most distinct
 * matched terms, every match inside it wrapped in the markers, cut only at grapheme boundaries so
 * that no surrogate pair, combining sequence or emoji ZWJ sequence is ever split. Stateless.
 */
public final class Snippets {
  /** Length of a snippet window in UTF-16 chars, before markers and ellipses. */
  public static final int WINDOW = 160;

  private static final int LEAD = 40;
  private static final java.util.regex.Pattern MARKS = java.util.regex.Pattern.compile("\\p{M}+");

  private Snippets() {}

  /** A matched span of the source text and the index of the query term it matched. */
  record Span(int start, int end, int term) {}

  /**
   * The snippet of {@code text} for {@code query}, matches wrapped in {@code open}/{@code close},
   * "…" where text was cut; the start of the text when nothing matches.
   */
  public static String snippet(String text, LexicalQuery query, String open, String close) {
    List<Span> spans = spans(text, query);
    int from = 0;
    if (!spans.isEmpty()) {
      int bestAt = 0;
      int bestTerms = -1;
      for (int i = 0; i < spans.size(); i++) {
        int limit = spans.get(i).start() + WINDOW - LEAD;
        long distinct =
            spans.subList(i, spans.size()).stream()
                .filter(sp -> sp.end() <= limit)
                .mapToInt(Span::term)
                .distinct()
                .count();
        if (distinct > bestTerms) {
          bestTerms = (int) distinct;
          bestAt = i;
        }
      }
      from = Math.max(0, spans.get(bestAt).start() - LEAD);
    }
    int to = Math.min(text.length(), from + WINDOW);
    from = graphemeBoundary(text, from);
    to = graphemeBoundary(text, to);
    StringBuilder sb = new StringBuilder(to - from + 16);
    if (from > 0) {
      sb.append('…');
    }
    int pos = from;
    for (Span s : spans) {
      if (s.start() < pos || s.end() > to) {
        continue;
      }
      sb.append(text, pos, s.start()).append(open).append(text, s.start(), s.end()).append(close);
      pos = s.end();
    }
    sb.append(text, pos, to);
    if (to < text.length()) {
      sb.append('…');
    }
    return sb.toString();
  }

  /** Every match of the query's terms in the text, in text order, not overlapping. */
  static List<Span> spans(String text, LexicalQuery query) {
    List<Span> found = new ArrayList<>();
    List<String> words = query.words().stream().map(Snippets::fold).toList();
    for (TextRun r : Segmenter.runs(text)) {
      if (r.noSpace()) {
        for (int t = 0; t < query.noSpaceRuns().size(); t++) {
          addRunMatches(text, r, query.noSpaceRuns().get(t), words.size() + t, found);
        }
      } else if (!words.isEmpty()) {
        int[] srcOf = sourceOffsets(text, r);
        Matcher m = Segmenter.WORD_PART.matcher(r.text());
        while (m.find()) {
          int t = words.indexOf(fold(m.group()));
          if (t >= 0) {
            found.add(new Span(srcOf[m.start()], srcEnd(srcOf, r, m.end()), t));
          }
        }
      }
    }
    found.sort(Comparator.comparingInt(Span::start).thenComparingInt(s -> -s.end()));
    List<Span> out = new ArrayList<>();
    int end = -1;
    for (Span s : found) {
      if (s.start() >= end) {
        out.add(s);
        end = s.end();
      }
    }
    return out;
  }

  /** Occurrences of {@code term} inside one no-space run, format characters skipped. */
  private static void addRunMatches(String text, TextRun run, String term, int t, List<Span> out) {
    int at = run.text().indexOf(term);
    if (at < 0) {
      return;
    }
    int[] srcOf = sourceOffsets(text, run);
    while (at >= 0) {
      int endIdx = at + term.length();
      out.add(new Span(srcOf[at], srcEnd(srcOf, run, endIdx), t));
      at = run.text().indexOf(term, endIdx);
    }
  }

  /** The end in the source of a match ending at {@code endIdx} of the run's text. */
  private static int srcEnd(int[] srcOf, TextRun run, int endIdx) {
    return endIdx == run.text().length() ? run.end() : srcOf[endIdx - 1] + 1;
  }

  /** For each char of the run's text, its offset in the source (format characters skipped). */
  private static int[] sourceOffsets(String text, TextRun run) {
    int[] srcOf = new int[run.text().length() + 1];
    int k = 0;
    for (int i = run.start(); i < run.end(); ) {
      int cp = text.codePointAt(i);
      int n = Character.charCount(cp);
      if (Scripts.classify(cp) != Scripts.Kind.IGNORABLE) {
        for (int j = 0; j < n && k < srcOf.length - 1; j++) {
          srcOf[k++] = i + j;
        }
      }
      i += n;
    }
    srcOf[run.text().length()] = run.end();
    return srcOf;
  }

  /** Lower case without Latin diacritics, as the full-text tokenizer folds words. */
  static String fold(String word) {
    String lower = word.toLowerCase(Locale.ROOT);
    if (isAscii(lower)) {
      return lower; // nothing to decompose: the common case, kept cheap
    }
    String nfd = Normalizer.normalize(lower, Normalizer.Form.NFD);
    return MARKS.matcher(nfd).replaceAll("");
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static int graphemeBoundary(String text, int at) {
    if (at <= 0 || at >= text.length()) {
      return Math.max(0, Math.min(at, text.length()));
    }
    BreakIterator it = BreakIterator.getCharacterInstance(Locale.ROOT);
    it.setText(text);
    return it.isBoundary(at) ? at : it.preceding(at);
  }
}
