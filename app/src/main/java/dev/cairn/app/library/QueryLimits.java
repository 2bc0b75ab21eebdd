package dev.cairn.app.library;

import dev.cairn.chat.embed.Embedder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Bounds on what a query or question costs, whatever its length: the vector search embeds only what
 * the embedding model reads (its window), the lexical search uses at most {@value
 * #MAX_LEXICAL_TERMS} words, a question at most {@value #MAX_QUESTION_CHARS} characters. Each cut
 * comes with a one-line notice for the user. Stateless and thread-safe.
 */
public final class QueryLimits {
  /** Words the lexical search uses at most. */
  public static final int MAX_LEXICAL_TERMS = 32;

  /** Characters of a question kept for retrieval and the prompt. */
  public static final int MAX_QUESTION_CHARS = 2_000;

  private QueryLimits() {}

  /**
   * A query cut to its bounds.
   *
   * @param vectorText what the vector search embeds
   * @param lexicalText what the lexical search matches
   * @param notices one line per cut made
   */
  record Bounded(String vectorText, String lexicalText, List<String> notices) {}

  /**
   * Bounds {@code query}; {@code embedder} may be {@code null} for a lexical-only search (the
   * vector text is then left as is).
   */
  static Bounded forSearch(String query, Embedder embedder) {
    List<String> notices = new ArrayList<>();
    String[] words = query.strip().split("\\s+");
    String lexical = query;
    if (words.length > MAX_LEXICAL_TERMS) {
      lexical = String.join(" ", Arrays.copyOf(words, MAX_LEXICAL_TERMS));
      notices.add(
          String.format(
              Locale.ROOT,
              "the query has %,d words; the keyword search used its first %d",
              words.length,
              MAX_LEXICAL_TERMS));
    }
    String vector = query;
    if (embedder != null) {
      int window = Math.max(1, embedder.info().maxTokens() - 2);
      // Every word is at least one word piece: no more than `window` words can fit.
      int upper = Math.min(words.length, window);
      if (upper < words.length || embedder.countTokens(query) > window) {
        int fit = longestPrefixThatFits(words, upper, window, embedder);
        vector = String.join(" ", Arrays.copyOf(words, fit));
        notices.add(
            String.format(
                Locale.ROOT,
                "the query is longer than the %d word pieces the embedding model reads;"
                    + " the meaning search used its first %,d of %,d words",
                window,
                fit,
                words.length));
      }
    }
    return new Bounded(vector, lexical, notices);
  }

  /** The largest n ≤ upper whose first n words fit the window (binary search, at least 1). */
  private static int longestPrefixThatFits(
      String[] words, int upper, int window, Embedder embedder) {
    int lo = 1;
    int hi = upper;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (embedder.countTokens(String.join(" ", Arrays.copyOf(words, mid))) <= window) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** The question cut to {@value #MAX_QUESTION_CHARS} characters at a word boundary. */
  public static String boundQuestion(String question) {
    if (question.length() <= MAX_QUESTION_CHARS) {
      return question;
    }
    int cut = question.lastIndexOf(' ', MAX_QUESTION_CHARS);
    return question.substring(0, cut > MAX_QUESTION_CHARS / 2 ? cut : MAX_QUESTION_CHARS).strip();
  }

  /** The notice for a question that {@link #boundQuestion} shortens; empty when it fits. */
  public static Optional<String> questionNotice(String question) {
    if (question.strip().length() <= MAX_QUESTION_CHARS) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "the question has %,d characters; Cairn used its first %,d",
            question.strip().length(),
            boundQuestion(question.strip()).length()));
  }
}
