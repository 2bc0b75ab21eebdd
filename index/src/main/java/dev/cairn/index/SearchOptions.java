package dev.cairn.index;

/**
 * Immutable settings of the searches of one open {@link CairnIndex}: traversal beam width, the
 * re-rank's margin and batch size, the recomputation bound and the hot-cache budget. They are not
 * build settings: an index opened with other search options answers from the same file. The values
 * an index was built with are recorded in its header and used when it is opened without any.
 */
public final class SearchOptions {
  private final int searchBeamWidth;
  private final int recomputeBatchSize;
  private final double rerankMarginQuantile;
  private final int maxRecomputations;
  private final double hotCacheShare;
  private final double hotCacheMaxMb;

  private SearchOptions(Builder b) {
    this.searchBeamWidth = b.searchBeamWidth;
    this.recomputeBatchSize = b.recomputeBatchSize;
    this.rerankMarginQuantile = b.rerankMarginQuantile;
    this.maxRecomputations = b.maxRecomputations;
    this.hotCacheShare = b.hotCacheShare;
    this.hotCacheMaxMb = b.hotCacheMaxMb;
  }

  /** The settings Cairn ships with (measured in docs/benchmarks.md). */
  public static SearchOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.searchBeamWidth = searchBeamWidth;
    b.recomputeBatchSize = recomputeBatchSize;
    b.rerankMarginQuantile = rerankMarginQuantile;
    b.maxRecomputations = maxRecomputations;
    b.hotCacheShare = hotCacheShare;
    b.hotCacheMaxMb = hotCacheMaxMb;
    return b;
  }

  /** Candidates kept by the PQ-ranked best-first traversal (efSearch); the rerank pool. */
  public int searchBeamWidth() {
    return searchBeamWidth;
  }

  /** Embeddings recomputed per call to the {@link EmbeddingSource}. */
  public int recomputeBatchSize() {
    return recomputeBatchSize;
  }

  /**
   * Quantile of the build-time calibrated PQ error (exact − PQ score) used as safety margin when
   * deciding that no remaining candidate can enter the exact top-k. Higher = more recomputation,
   * better recall.
   */
  public double rerankMarginQuantile() {
    return rerankMarginQuantile;
  }

  /** Upper bound on recomputations for one query. */
  public int maxRecomputations() {
    return maxRecomputations;
  }

  /** Hot-cache budget as a share of the float32 size of the live vectors (N × dims × 4). */
  public double hotCacheShare() {
    return hotCacheShare;
  }

  /** Absolute cap on the hot-cache budget, in MB. */
  public double hotCacheMaxMb() {
    return hotCacheMaxMb;
  }

  /** Hot-cache budget in bytes for an index of {@code live} vectors of {@code dims} floats. */
  long cacheBudgetBytes(int live, int dims) {
    double share = hotCacheShare * live * dims * 4.0;
    double cap = hotCacheMaxMb * 1024 * 1024;
    return (long) Math.min(share, cap);
  }

  @Override
  public String toString() {
    return "SearchOptions[ef="
        + searchBeamWidth
        + ", batch="
        + recomputeBatchSize
        + ", marginQ="
        + rerankMarginQuantile
        + ", maxRecompute="
        + maxRecomputations
        + ", cacheShare="
        + hotCacheShare
        + ", cacheMaxMb="
        + hotCacheMaxMb
        + "]";
  }

  /** Mutable builder; {@link #build()} validates every value. */
  public static final class Builder {
    private int searchBeamWidth = 300;
    private int recomputeBatchSize = 8;
    private double rerankMarginQuantile = 0.75;
    private int maxRecomputations = 200;
    private double hotCacheShare = 0.004;
    private double hotCacheMaxMb = 64;

    private Builder() {}

    public Builder searchBeamWidth(int ef) {
      this.searchBeamWidth = ef;
      return this;
    }

    public Builder recomputeBatchSize(int batch) {
      this.recomputeBatchSize = batch;
      return this;
    }

    public Builder rerankMarginQuantile(double q) {
      this.rerankMarginQuantile = q;
      return this;
    }

    public Builder maxRecomputations(int max) {
      this.maxRecomputations = max;
      return this;
    }

    public Builder hotCacheShare(double share) {
      this.hotCacheShare = share;
      return this;
    }

    public Builder hotCacheMaxMb(double mb) {
      this.hotCacheMaxMb = mb;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first invalid setting and its value
     */
    public SearchOptions build() {
      IndexOptions.check(
          searchBeamWidth >= 1, "searchBeamWidth must be >= 1, got " + searchBeamWidth);
      IndexOptions.check(
          recomputeBatchSize >= 1 && recomputeBatchSize <= 4096,
          "recomputeBatchSize must be in [1, 4096], got " + recomputeBatchSize);
      IndexOptions.check(
          rerankMarginQuantile >= 0 && rerankMarginQuantile <= 1,
          "rerankMarginQuantile must be in [0, 1], got " + rerankMarginQuantile);
      IndexOptions.check(
          maxRecomputations >= 1, "maxRecomputations must be >= 1, got " + maxRecomputations);
      IndexOptions.check(
          hotCacheShare >= 0 && hotCacheShare <= 1,
          "hotCacheShare must be in [0, 1], got " + hotCacheShare);
      IndexOptions.check(hotCacheMaxMb >= 0, "hotCacheMaxMb must be >= 0, got " + hotCacheMaxMb);
      return new SearchOptions(this);
    }
  }
}
