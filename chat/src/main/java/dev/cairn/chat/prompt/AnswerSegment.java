package dev.cairn.chat.prompt;

import java.util.List;
import java.util.Objects;

/**
 * A piece of an answer as {@link CitationParser} reads it. The {@link #raw()} texts of an answer's
 * segments, concatenated, give back the answer exactly.
 */
public sealed interface AnswerSegment {

  /** The characters of the answer this segment covers. */
  String raw();

  /** Words of the answer itself. */
  record Text(String raw) implements AnswerSegment {
    public Text {
      Objects.requireNonNull(raw, "raw");
    }
  }

  /**
   * Words quoted from a source between typographic quotes, the quote marks included: they are the
   * source's words, not the answer's (an extractive answer quotes its passages so).
   */
  record Quote(String raw) implements AnswerSegment {
    public Quote {
      Objects.requireNonNull(raw, "raw");
    }
  }

  /**
   * A citation such as {@code [2]}, {@code [1, 3]} or {@code [2-4]}.
   *
   * @param raw the bracket as written
   * @param sources the cited source numbers, distinct, ascending, never empty, each &gt;= 1
   */
  record Citation(String raw, List<Integer> sources) implements AnswerSegment {
    public Citation {
      Objects.requireNonNull(raw, "raw");
      sources = List.copyOf(sources);
      if (sources.isEmpty()) {
        throw new IllegalArgumentException("a citation cites at least one source: " + raw);
      }
    }
  }
}
