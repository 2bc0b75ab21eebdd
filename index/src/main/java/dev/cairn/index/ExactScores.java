package dev.cairn.index;

/**
 * Exact cosine scores of chosen chunks against one query.
 *
 * @param chunkIds the chunks scored, in the order asked (ids the index does not hold live are left
 *     out)
 * @param scores exact cosine score per chunk id, same order
 * @param recomputed embeddings recomputed through the {@link EmbeddingSource}
 * @param cacheHits exact embeddings taken from the hot cache
 */
public record ExactScores(long[] chunkIds, float[] scores, int recomputed, int cacheHits) {
  public ExactScores {
    if (chunkIds.length != scores.length) {
      throw new IllegalArgumentException(
          chunkIds.length + " chunk ids but " + scores.length + " scores");
    }
  }
}
