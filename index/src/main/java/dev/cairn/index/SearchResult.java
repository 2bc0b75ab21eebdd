package dev.cairn.index;

import java.util.List;

/**
 * The answer to one search.
 *
 * @param hits best first, at most k, never containing a deleted or disallowed chunk
 * @param recomputed embeddings recomputed through the {@link EmbeddingSource} for this query
 * @param cacheHits exact embeddings taken from the hot cache instead of recomputing them
 * @param elapsedNanos wall time of the search, recomputation included
 */
public record SearchResult(List<SearchHit> hits, int recomputed, int cacheHits, long elapsedNanos) {
  public SearchResult {
    hits = List.copyOf(hits);
  }

  /** An empty result (empty index, or nothing allowed). */
  static SearchResult empty(long elapsedNanos) {
    return new SearchResult(List.of(), 0, 0, elapsedNanos);
  }
}
