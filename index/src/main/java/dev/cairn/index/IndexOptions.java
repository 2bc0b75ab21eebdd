package dev.cairn.index;

/**
 * Immutable settings of a {@link CairnIndex}, validated when built.
 *
 * <p>Build settings (graph degree, pruning, PQ) are stored in the index header; search settings
 * (beam width, rerank, batch size, cache budget) may be changed when an index is opened with {@link
 * CairnIndex#open(java.nio.file.Path, EmbeddingSource, IndexOptions)}.
 */
public final class IndexOptions {
  /** Largest graph degree the CSR file format holds (one length byte per node). */
  public static final int MAX_GRAPH_DEGREE = 48;

  private final int graphDegree;
  private final int constructionBeamWidth;
  private final boolean prune;
  private final int prunedDegree;
  private final double hubFraction;
  private final int pqSubspaces;
  private final int pqBits;
  private final int searchBeamWidth;
  private final int recomputeBatchSize;
  private final double rerankMarginQuantile;
  private final int maxRecomputations;
  private final double hotCacheShare;
  private final double hotCacheMaxMb;
  private final int smallIndexThreshold;

  private IndexOptions(Builder b) {
    this.graphDegree = b.graphDegree;
    this.constructionBeamWidth = b.constructionBeamWidth;
    this.prune = b.prune;
    this.prunedDegree = b.prunedDegree;
    this.hubFraction = b.hubFraction;
    this.pqSubspaces = b.pqSubspaces;
    this.pqBits = b.pqBits;
    this.searchBeamWidth = b.searchBeamWidth;
    this.recomputeBatchSize = b.recomputeBatchSize;
    this.rerankMarginQuantile = b.rerankMarginQuantile;
    this.maxRecomputations = b.maxRecomputations;
    this.hotCacheShare = b.hotCacheShare;
    this.hotCacheMaxMb = b.hotCacheMaxMb;
    this.smallIndexThreshold = b.smallIndexThreshold;
  }

  /** The settings Cairn ships with (measured in docs/benchmarks.md). */
  public static IndexOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.graphDegree = graphDegree;
    b.constructionBeamWidth = constructionBeamWidth;
    b.prune = prune;
    b.prunedDegree = prunedDegree;
    b.hubFraction = hubFraction;
    b.pqSubspaces = pqSubspaces;
    b.pqBits = pqBits;
    b.searchBeamWidth = searchBeamWidth;
    b.recomputeBatchSize = recomputeBatchSize;
    b.rerankMarginQuantile = rerankMarginQuantile;
    b.maxRecomputations = maxRecomputations;
    b.hotCacheShare = hotCacheShare;
    b.hotCacheMaxMb = hotCacheMaxMb;
    b.smallIndexThreshold = smallIndexThreshold;
    return b;
  }

  /** Degree M of the graph jvector builds, kept by hub nodes after pruning. */
  public int graphDegree() {
    return graphDegree;
  }

  /** Beam width (efConstruction) of the graph build. */
  public int constructionBeamWidth() {
    return constructionBeamWidth;
  }

  /** Whether the high-degree-preserving pruning runs (false keeps jvector's graph as built). */
  public boolean prune() {
    return prune;
  }

  /** Degree m that non-hub nodes keep after pruning (LEANN: 6–7). */
  public int prunedDegree() {
    return prunedDegree;
  }

  /** Share of nodes, by in-degree, that stay hubs with up to M edges (LEANN: ~2 %). */
  public double hubFraction() {
    return hubFraction;
  }

  /** Number of PQ subspaces. */
  public int pqSubspaces() {
    return pqSubspaces;
  }

  /** Bits per PQ code: 4 (16 centroids, two codes per byte) or 8 (256 centroids). */
  public int pqBits() {
    return pqBits;
  }

  /** PQ code bytes per vector. */
  public int pqCodeBytes() {
    return pqBits == 8 ? pqSubspaces : (pqSubspaces + 1) / 2;
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

  /**
   * Below this many vectors the index keeps exact vectors (small-index mode: exact scan, no PQ or
   * graph); when it grows past it, the PQ codebook is trained and the graph built.
   */
  public int smallIndexThreshold() {
    return smallIndexThreshold;
  }

  @Override
  public String toString() {
    return "IndexOptions[M="
        + graphDegree
        + ", beam="
        + constructionBeamWidth
        + ", prune="
        + prune
        + ", m="
        + prunedDegree
        + ", hubs="
        + hubFraction
        + ", pq="
        + pqSubspaces
        + "x"
        + pqBits
        + "bit, ef="
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
        + ", smallIndex="
        + smallIndexThreshold
        + "]";
  }

  /** Mutable builder; {@link #build()} validates every value. */
  public static final class Builder {
    private int graphDegree = 32;
    private int constructionBeamWidth = 100;
    private boolean prune = true;
    private int prunedDegree = 7;
    private double hubFraction = 0.02;
    private int pqSubspaces = 88;
    private int pqBits = 4;
    private int searchBeamWidth = 300;
    private int recomputeBatchSize = 8;
    private double rerankMarginQuantile = 0.75;
    private int maxRecomputations = 200;
    private double hotCacheShare = 0.004;
    private double hotCacheMaxMb = 64;
    private int smallIndexThreshold = 1024;

    private Builder() {}

    public Builder graphDegree(int m) {
      this.graphDegree = m;
      return this;
    }

    public Builder constructionBeamWidth(int beam) {
      this.constructionBeamWidth = beam;
      return this;
    }

    public Builder prune(boolean prune) {
      this.prune = prune;
      return this;
    }

    public Builder prunedDegree(int m) {
      this.prunedDegree = m;
      return this;
    }

    public Builder hubFraction(double fraction) {
      this.hubFraction = fraction;
      return this;
    }

    public Builder pqSubspaces(int subspaces) {
      this.pqSubspaces = subspaces;
      return this;
    }

    public Builder pqBits(int bits) {
      this.pqBits = bits;
      return this;
    }

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

    public Builder smallIndexThreshold(int n) {
      this.smallIndexThreshold = n;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first invalid setting and its value
     */
    public IndexOptions build() {
      check(
          graphDegree >= 2 && graphDegree <= MAX_GRAPH_DEGREE,
          "graphDegree must be in [2, " + MAX_GRAPH_DEGREE + "], got " + graphDegree);
      check(
          constructionBeamWidth >= graphDegree,
          "constructionBeamWidth must be >= graphDegree "
              + graphDegree
              + ", got "
              + constructionBeamWidth);
      check(
          prunedDegree >= 2 && prunedDegree <= graphDegree,
          "prunedDegree must be in [2, graphDegree " + graphDegree + "], got " + prunedDegree);
      check(
          hubFraction >= 0 && hubFraction <= 1,
          "hubFraction must be in [0, 1], got " + hubFraction);
      check(pqBits == 4 || pqBits == 8, "pqBits must be 4 or 8, got " + pqBits);
      check(
          pqSubspaces >= 1 && pqSubspaces <= 1024,
          "pqSubspaces must be in [1, 1024], got " + pqSubspaces);
      check(searchBeamWidth >= 1, "searchBeamWidth must be >= 1, got " + searchBeamWidth);
      check(
          recomputeBatchSize >= 1 && recomputeBatchSize <= 4096,
          "recomputeBatchSize must be in [1, 4096], got " + recomputeBatchSize);
      check(
          rerankMarginQuantile >= 0 && rerankMarginQuantile <= 1,
          "rerankMarginQuantile must be in [0, 1], got " + rerankMarginQuantile);
      check(maxRecomputations >= 1, "maxRecomputations must be >= 1, got " + maxRecomputations);
      check(
          hotCacheShare >= 0 && hotCacheShare <= 1,
          "hotCacheShare must be in [0, 1], got " + hotCacheShare);
      check(hotCacheMaxMb >= 0, "hotCacheMaxMb must be >= 0, got " + hotCacheMaxMb);
      check(
          smallIndexThreshold >= 256,
          "smallIndexThreshold must be >= 256 (PQ training needs data), got "
              + smallIndexThreshold);
      return new IndexOptions(this);
    }

    private static void check(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
