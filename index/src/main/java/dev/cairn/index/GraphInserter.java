package dev.cairn.index;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Adds nodes to an existing graph held on the heap: the new node's neighbours are found by a
 * PQ-ranked traversal and chosen by the shared {@link NeighbourSelector}; each neighbour links back
 * while it has room, else its least similar neighbour is replaced when the new node beats it.
 * Similarities use the exact vector when the hot cache holds it, else the PQ reconstruction. No
 * embedding is recomputed. Not thread-safe (the caller holds the index's write lock).
 */
final class GraphInserter {
  private final ArrayNodeStore store;
  private final IndexMeta meta;
  private final Pq pq;
  private final HotCache cache;
  private final int beamWidth;

  /**
   * @param beamWidth traversal beam for finding neighbours (at least 2 × the graph degree is used)
   */
  GraphInserter(ArrayNodeStore store, IndexMeta meta, Pq pq, HotCache cache, int beamWidth) {
    this.store = store;
    this.meta = meta;
    this.pq = pq;
    this.cache = cache;
    this.beamWidth = beamWidth;
  }

  /** Inserts one chunk with its exact vector; returns its node. */
  int insert(long chunkId, float[] v) {
    IndexOptions o = meta.options();
    int codeBytes = pq.codeBytes();
    Pq.Table table = pq.table(v);
    GraphSearch.Candidates c =
        GraphSearch.search(
            store,
            table,
            codeBytes,
            meta.entryNode(),
            Math.max(beamWidth, 2 * o.graphDegree()),
            0,
            node -> !store.isDeleted(node));
    int degree = o.keptDegree();
    int pool = Math.min(c.size(), 3 * degree);
    float[][] approx = new float[pool][];
    MemorySegment codes = store.codes();
    for (int i = 0; i < pool; i++) {
      approx[i] = approximate(codes, c.nodes()[i], codeBytes);
    }
    int[] chosen =
        NeighbourSelector.select(
            pool, degree, c.scores(), (a, b) -> VectorMath.dot(approx[a], approx[b]));
    int[] neighbours = new int[chosen.length];
    for (int i = 0; i < chosen.length; i++) {
      neighbours[i] = c.nodes()[chosen[i]];
    }
    assert Arrays.stream(neighbours).distinct().count() == neighbours.length
        : "neighbours of chunk " + chunkId + " repeat: " + Arrays.toString(neighbours);
    int node = store.add(chunkId, neighbours, pq.encode(v));
    codes = store.codes();
    boolean linked = false;
    for (int u : neighbours) {
      int cap = !o.prune() || store.isHub(u) ? o.graphDegree() : o.prunedDegree();
      linked |= link(codes, codeBytes, u, node, v, cap);
    }
    if (!linked && neighbours.length > 0) {
      link(codes, codeBytes, neighbours[0], node, v, IndexOptions.MAX_GRAPH_DEGREE);
    }
    return node;
  }

  /** Adds edge u→node if u has room, else replaces u's least similar neighbour if node beats it. */
  private boolean link(MemorySegment codes, int codeBytes, int u, int node, float[] v, int cap) {
    int[] nb = store.neighbourArray(u);
    if (nb.length < cap) {
      int[] grown = Arrays.copyOf(nb, nb.length + 1);
      grown[nb.length] = node;
      store.setNeighbours(u, grown);
      return true;
    }
    float[] uv = approximate(codes, u, codeBytes);
    int worst = -1;
    float worstSim = Float.POSITIVE_INFINITY;
    for (int j = 0; j < nb.length; j++) {
      float s = VectorMath.dot(uv, approximate(codes, nb[j], codeBytes));
      if (s < worstSim) {
        worstSim = s;
        worst = j;
      }
    }
    if (worst >= 0 && VectorMath.dot(uv, v) > worstSim) {
      int[] replaced = nb.clone();
      replaced[worst] = node;
      store.setNeighbours(u, replaced);
      return true;
    }
    return false;
  }

  /** Exact vector from the cache when there, else the PQ reconstruction. */
  static float[] approximate(
      HotCache cache, Pq pq, NodeStore store, MemorySegment codes, int node, int codeBytes) {
    float[] v = cache.get(store.chunkId(node));
    return v != null ? v : pq.decode(codes, (long) node * codeBytes);
  }

  private float[] approximate(MemorySegment codes, int node, int codeBytes) {
    return approximate(cache, pq, store, codes, node, codeBytes);
  }
}
