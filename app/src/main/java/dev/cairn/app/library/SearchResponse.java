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
 * @param notices what the user should know about these results, one line each (for example that the
 *     vector index needs a rebuild and the results are lexical only, or that the query was
 *     shortened); empty when nothing
 */
public record SearchResponse(
    List<ResultItem> items, int recomputed, int cacheHits, Duration elapsed, List<String> notices) {
  public SearchResponse {
    items = List.copyOf(items);
    notices = List.copyOf(notices);
  }

  /** Results with nothing to tell. */
  public SearchResponse(List<ResultItem> items, int recomputed, int cacheHits, Duration elapsed) {
    this(items, recomputed, cacheHits, elapsed, List.of());
  }
}
