package dev.cairn.index;

/**
 * The neighbour-diversity rule, written once for the graph build's pruning ({@link GraphBuilder})
 * and for inserts into an existing graph ({@link GraphInserter}): HNSW/Vamana neighbour selection
 * (the "original heuristic" LEANN's Alg. 3 reuses). Walking the candidates best first, keep one
 * only if it is closer to the node than to every candidate kept so far, so the few edges left point
 * in different directions; then fill up with the best skipped ones. Stateless.
 */
final class NeighbourSelector {
  /** Similarity between two candidates, by their positions in the candidate list. */
  interface Similarity {
    float between(int a, int b);
  }

  private NeighbourSelector() {}

  /**
   * Chooses up to {@code keep} of {@code count} candidates.
   *
   * @param toNode similarity of each candidate (by position, best first) to the node
   * @return the chosen positions: the diverse ones in candidate order, then the fill
   */
  static int[] select(int count, int keep, float[] toNode, Similarity sim) {
    int[] chosen = new int[Math.min(count, keep)];
    boolean[] taken = new boolean[count];
    int n = 0;
    for (int i = 0; i < count && n < chosen.length; i++) {
      boolean diverse = true;
      for (int j = 0; j < n; j++) {
        if (sim.between(i, chosen[j]) > toNode[i]) {
          diverse = false;
          break;
        }
      }
      if (diverse) {
        chosen[n++] = i;
        taken[i] = true;
      }
    }
    for (int i = 0; i < count && n < chosen.length; i++) {
      if (!taken[i]) {
        chosen[n++] = i;
      }
    }
    return chosen;
  }
}
