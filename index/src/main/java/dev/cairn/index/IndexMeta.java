package dev.cairn.index;

/**
 * The META section of an index file.
 *
 * @param dims vector dimensions
 * @param modelId embedding model identity
 * @param options build and default search settings
 * @param entryNode start of every traversal, -1 when the graph is empty
 * @param smallMode true while the index keeps exact vectors instead of PQ + graph
 * @param errorQuantiles quantiles 0.00, 0.01, ..., 1.00 of (exact − PQ) score error measured at
 *     build time; empty in small mode
 * @param degreeBeforePruning average out-degree of the graph jvector built, before pruning
 * @param lastModifiedMillis when the file was written (kept as is when a file is re-written
 *     unchanged, so golden files compare byte for byte)
 */
record IndexMeta(
    int dims,
    String modelId,
    IndexOptions options,
    int entryNode,
    boolean smallMode,
    float[] errorQuantiles,
    double degreeBeforePruning,
    long lastModifiedMillis) {

  /** Margin for the given quantile in [0, 1], or +∞ when no calibration exists. */
  float margin(double quantile) {
    if (errorQuantiles.length == 0) {
      return Float.POSITIVE_INFINITY;
    }
    int i = (int) Math.round(quantile * (errorQuantiles.length - 1));
    return Math.max(0f, errorQuantiles[i]);
  }

  IndexMeta withEntry(int entry) {
    return new IndexMeta(
        dims,
        modelId,
        options,
        entry,
        smallMode,
        errorQuantiles,
        degreeBeforePruning,
        lastModifiedMillis);
  }

  IndexMeta withModified(long millis) {
    return new IndexMeta(
        dims, modelId, options, entryNode, smallMode, errorQuantiles, degreeBeforePruning, millis);
  }

  IndexMeta withOptions(IndexOptions o) {
    return new IndexMeta(
        dims,
        modelId,
        o,
        entryNode,
        smallMode,
        errorQuantiles,
        degreeBeforePruning,
        lastModifiedMillis);
  }
}
