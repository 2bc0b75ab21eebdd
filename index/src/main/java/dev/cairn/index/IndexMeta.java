package dev.cairn.index;

/**
 * The META section of an index file.
 *
 * @param dims vector dimensions
 * @param modelId embedding model identity
 * @param options build settings
 * @param search the search settings the index was built with (used when it is opened without any)
 * @param entryNode start of every traversal, -1 when the graph is empty
 * @param smallMode true while the index keeps exact vectors instead of PQ + graph
 * @param errorSlope slope a of the linear fit exact ≈ a·pq + b measured at build time
 * @param errorIntercept intercept b of that fit
 * @param errorQuantiles quantiles 0.00, 0.01, ..., 1.00 of the residual exact − (a·pq + b) measured
 *     at build time; empty in small mode
 * @param degreeBeforePruning average out-degree of the graph jvector built, before pruning
 * @param lastModifiedMillis when the file was written (kept as is when a file is re-written
 *     unchanged, so golden files compare byte for byte)
 */
record IndexMeta(
    int dims,
    String modelId,
    IndexOptions options,
    SearchOptions search,
    int entryNode,
    boolean smallMode,
    float errorSlope,
    float errorIntercept,
    float[] errorQuantiles,
    double degreeBeforePruning,
    long lastModifiedMillis) {

  /**
   * Highest exact score a candidate with this PQ score is expected to have, at the given quantile
   * of the calibrated error; +∞ when no calibration exists.
   */
  float upperBound(float pqScore, double quantile) {
    if (errorQuantiles.length == 0) {
      return Float.POSITIVE_INFINITY;
    }
    int i = (int) Math.round(quantile * (errorQuantiles.length - 1));
    return errorSlope * pqScore + errorIntercept + errorQuantiles[i];
  }

  IndexMeta withEntry(int entry) {
    return new IndexMeta(
        dims,
        modelId,
        options,
        search,
        entry,
        smallMode,
        errorSlope,
        errorIntercept,
        errorQuantiles,
        degreeBeforePruning,
        lastModifiedMillis);
  }

  IndexMeta withModified(long millis) {
    return new IndexMeta(
        dims,
        modelId,
        options,
        search,
        entryNode,
        smallMode,
        errorSlope,
        errorIntercept,
        errorQuantiles,
        degreeBeforePruning,
        millis);
  }
}
