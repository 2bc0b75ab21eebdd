package dev.cairn.ingest;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a document's sections into chunks of at most {@code maxTokens} tokens (as counted by the
 * {@link TokenCounter}, special tokens not included), cutting at sentence and line boundaries and
 * carrying up to {@code overlapTokens} of trailing sentences into the next chunk. Chunks never
 * cross sections (pages, headings, chapters). A sentence longer than the budget is cut between
 * words, a word longer than the budget between characters. Offsets refer to the document text, i.e.
 * the sections joined with "\n\n". Stateless apart from its settings; thread-safe when the counter
 * is.
 */
final class Chunker {
  private final TokenCounter counter;
  private final int maxTokens;
  private final int overlapTokens;

  Chunker(TokenCounter counter, int maxTokens, int overlapTokens) {
    if (overlapTokens >= maxTokens) {
      throw new IllegalArgumentException(
          "overlap " + overlapTokens + " must be smaller than chunk size " + maxTokens);
    }
    this.counter = counter;
    this.maxTokens = maxTokens;
    this.overlapTokens = overlapTokens;
  }

  private record Unit(int start, int end, int tokens) {}

  List<ChunkDraft> chunk(List<Section> sections) {
    List<ChunkDraft> out = new ArrayList<>();
    int base = 0;
    for (Section s : sections) {
      chunkSection(s, base, out);
      base += s.text().length() + 2;
    }
    return out;
  }

  private void chunkSection(Section s, int base, List<ChunkDraft> out) {
    String text = s.text();
    List<Unit> units = units(text);
    List<Unit> cur = new ArrayList<>();
    int curTokens = 0;
    for (Unit u : units) {
      if (!cur.isEmpty() && curTokens + u.tokens > maxTokens) {
        emit(text, cur, s, base, out);
        List<Unit> carry = new ArrayList<>();
        int t = 0;
        for (int i = cur.size() - 1; i >= 1; i--) {
          Unit c = cur.get(i);
          if (t + c.tokens > overlapTokens) {
            break;
          }
          carry.add(0, c);
          t += c.tokens;
        }
        if (t + u.tokens > maxTokens) {
          carry.clear();
          t = 0;
        }
        cur = carry;
        curTokens = t;
      }
      cur.add(u);
      curTokens += u.tokens;
    }
    if (!cur.isEmpty()) {
      emit(text, cur, s, base, out);
    }
  }

  private void emit(String text, List<Unit> cur, Section s, int base, List<ChunkDraft> out) {
    int start = cur.get(0).start;
    int end = cur.get(cur.size() - 1).end;
    String t = text.substring(start, end);
    if (cur.size() > 1 && counter.count(t) > maxTokens) {
      // the counter is not additive over sentences: split the run in two and try again
      int mid = cur.size() / 2;
      emit(text, cur.subList(0, mid), s, base, out);
      emit(text, cur.subList(mid, cur.size()), s, base, out);
      return;
    }
    out.add(new ChunkDraft(t, s.page(), base + start, base + end, s.headingPath()));
  }

  /** Sentences (split further at line breaks), each trimmed, with oversized ones cut at words. */
  private List<Unit> units(String text) {
    List<Unit> units = new ArrayList<>();
    BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
    int lineStart = 0;
    int n = text.length();
    while (lineStart < n) {
      int lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) {
        lineEnd = n;
      }
      if (lineEnd > lineStart) {
        String line = text.substring(lineStart, lineEnd);
        it.setText(line);
        int a = it.first();
        for (int b = it.next(); b != BreakIterator.DONE; a = b, b = it.next()) {
          addTrimmed(text, lineStart + a, lineStart + b, units);
        }
      }
      lineStart = lineEnd + 1;
    }
    return units;
  }

  private void addTrimmed(String text, int start, int end, List<Unit> units) {
    while (start < end && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    if (start >= end) {
      return;
    }
    int tokens = counter.count(text.substring(start, end));
    if (tokens <= maxTokens) {
      units.add(new Unit(start, end, tokens));
      return;
    }
    // cut between words, into pieces small enough to serve as overlap
    int pieceMax = overlapTokens > 0 ? Math.max(8, overlapTokens) : maxTokens;
    int pieceStart = start;
    int pieceTokens = 0;
    int i = start;
    while (i < end) {
      int wordStart = i;
      while (i < end && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      int wordEnd = i;
      while (i < end && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      int wt = counter.count(text.substring(wordStart, wordEnd));
      if (wt > maxTokens) {
        if (wordStart > pieceStart) {
          addPiece(text, pieceStart, wordStart, units);
        }
        cutWord(text, wordStart, wordEnd, units);
        pieceStart = i;
        pieceTokens = 0;
        continue;
      }
      if (pieceTokens + wt > pieceMax && wordStart > pieceStart) {
        addPiece(text, pieceStart, wordStart, units);
        pieceStart = wordStart;
        pieceTokens = 0;
      }
      pieceTokens += wt;
    }
    if (pieceStart < end) {
      addPiece(text, pieceStart, end, units);
    }
  }

  private void addPiece(String text, int start, int end, List<Unit> units) {
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    if (end > start) {
      units.add(
          new Unit(start, end, Math.min(maxTokens, counter.count(text.substring(start, end)))));
    }
  }

  private void cutWord(String text, int start, int end, List<Unit> units) {
    int step = Math.max(1, maxTokens);
    for (int a = start; a < end; ) {
      int b = Math.min(end, a + step);
      while (b > a + 1 && counter.count(text.substring(a, b)) > maxTokens) {
        b = a + (b - a) / 2;
      }
      if (Character.isLowSurrogate(text.charAt(b - 1)) && b < end) {
        b++;
      } else if (b < end && Character.isHighSurrogate(text.charAt(b - 1))) {
        b++;
      }
      units.add(new Unit(a, b, Math.min(maxTokens, counter.count(text.substring(a, b)))));
      a = b;
    }
  }
}
