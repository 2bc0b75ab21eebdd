package dev.cairn.app.library;

import java.util.Objects;

/**
 * A search, validated when built.
 *
 * @param collection the collection to search
 * @param query the query text (not blank)
 * @param k how many results, 1 to {@value #MAX_K}
 * @param mode how to match
 * @param filter restrictions ({@link SearchFilter#NONE} when {@code null} is given)
 */
public record SearchRequest(
    String collection, String query, int k, SearchMode mode, SearchFilter filter) {
  public static final int MAX_K = 1000;
  public static final int DEFAULT_K = 10;

  public SearchRequest {
    Objects.requireNonNull(collection, "collection");
    Objects.requireNonNull(mode, "mode");
    if (query == null || query.isBlank()) {
      throw new IllegalArgumentException("the search query is blank");
    }
    if (k < 1 || k > MAX_K) {
      throw new IllegalArgumentException("k must be between 1 and " + MAX_K + ", got " + k);
    }
    query = query.strip();
    filter = filter == null ? SearchFilter.NONE : filter;
  }

  /** A hybrid search for the default number of results with no filter. */
  public static SearchRequest of(String collection, String query) {
    return new SearchRequest(collection, query, DEFAULT_K, SearchMode.HYBRID, SearchFilter.NONE);
  }
}
