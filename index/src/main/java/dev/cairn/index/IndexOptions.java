package dev.cairn.index;

/**
 * Immutable build settings of a {@link CairnIndex} (graph degree, pruning, PQ, small-index
 * threshold), validated when built. They are stored in the index header and always come from the
 * file when an index is opened; the settings of a search (beam width, re-rank, cache budget) are
 * {@link SearchOptions}, given per open.
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
  private final int smallIndexThreshold;

  private IndexOptions(Builder b) {
    this.graphDegree = b.graphDegree;
    this.constructionBeamWidth = b.constructionBeamWidth;
    this.prune = b.prune;
    this.prunedDegree = b.prunedDegree;
    this.hubFraction = b.hubFraction;
    this.pqSubspaces = b.pqSubspaces;
    this.pqBits = b.pqBits;
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

  /**
   * Below this many vectors the index keeps exact vectors (small-index mode: exact scan, no PQ or
   * graph); when it grows past it, the PQ codebook is trained and the graph built.
   */
  public int smallIndexThreshold() {
    return smallIndexThreshold;
  }

  /** Degree a non-hub node keeps: m when pruning, else M. */
  int keptDegree() {
    return prune ? prunedDegree : graphDegree;
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
        + "bit, smallIndex="
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
      check(
          smallIndexThreshold >= 256,
          "smallIndexThreshold must be >= 256 (PQ training needs data), got "
              + smallIndexThreshold);
      return new IndexOptions(this);
    }
  }

  static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
