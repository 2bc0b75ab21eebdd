package dev.cairn.index;

/**
 * A chunk's cosine score as the index can give it without recomputing its embedding: the PQ
 * estimate mapped through the build-time calibration, and the interval the exact score lies in at
 * the index's calibrated margin quantile (see {@link SearchOptions#rerankMarginQuantile()}).
 *
 * @param chunkId the chunk
 * @param estimate the calibrated estimate (the median residual applied)
 * @param lower the exact score is at least this, at the calibrated quantile
 * @param upper the exact score is at most this, at the calibrated quantile
 * @param exact true when the score came from an exact vector (hot cache or small mode); then {@code
 *     lower == estimate == upper}
 */
public record ApproximateHit(
    long chunkId, float estimate, float lower, float upper, boolean exact) {
  public ApproximateHit {
    if (!(lower <= estimate && estimate <= upper)) {
      throw new IllegalArgumentException(
          "chunk " + chunkId + ": bounds [" + lower + ", " + upper + "] exclude " + estimate);
    }
  }

  /** An exact score (zero-width interval). */
  public static ApproximateHit exact(long chunkId, float score) {
    return new ApproximateHit(chunkId, score, score, score, true);
  }
}
