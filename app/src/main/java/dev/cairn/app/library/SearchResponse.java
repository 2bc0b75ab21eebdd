package dev.cairn.app.library;

import java.time.Duration;
import java.util.List;

/**
 * The results of a search.
 *
 * @param items results, best first, at most k
 * @param recomputed embeddings the vector index recomputed for this query (0 for lexical)
 * @param cacheHits embeddings served from the index's hot cache
 * @param elapsed wall-clock time of the whole search
 */
public record SearchResponse(
    List<ResultItem> items, int recomputed, int cacheHits, Duration elapsed) {
  public SearchResponse {
    items = List.copyOf(items);
  }
}
