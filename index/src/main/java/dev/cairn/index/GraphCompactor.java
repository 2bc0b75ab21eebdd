package dev.cairn.index;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Removes tombstoned nodes from a heap graph for good: their in-neighbours are re-linked to the
 * deleted nodes' live neighbours (by similarity: cached exact vector, else PQ reconstruction),
 * nodes are renumbered, and every live node is made reachable from the entry again. No embedding is
 * recomputed. Stateless.
 */
final class GraphCompactor {
  /** The compacted nodes and their entry node (-1 in small mode or when empty). */
  record Compacted(ArrayNodeStore nodes, int entry) {}

  private GraphCompactor() {}

  static Compacted compact(ArrayNodeStore store, IndexMeta meta, Pq pq, HotCache cache) {
    int n = store.nodeCount();
    int[] remap = new int[n];
    int live = 0;
    for (int v = 0; v < n; v++) {
      remap[v] = store.isDeleted(v) ? -1 : live++;
    }
    int codeBytes = meta.smallMode() ? 0 : pq.codeBytes();
    ArrayNodeStore compacted = new ArrayNodeStore(codeBytes, live);
    MemorySegment codes = store.codes();
    int[][] adjacency = new int[live][];
    for (int v = 0; v < n; v++) {
      if (remap[v] < 0) {
        continue;
      }
      int[] nb = store.neighbourArray(v);
      LinkedHashSet<Integer> kept = new LinkedHashSet<>();
      List<Integer> candidates = new ArrayList<>();
      for (int u : nb) {
        if (remap[u] >= 0) {
          kept.add(u);
        } else {
          for (int w : store.neighbourArray(u)) {
            if (w != v && remap[w] >= 0) {
              candidates.add(w);
            }
          }
        }
      }
      int cap = nb.length;
      if (!meta.smallMode() && kept.size() < cap && !candidates.isEmpty()) {
        float[] vv = GraphInserter.approximate(cache, pq, store, codes, v, codeBytes);
        candidates.sort(
            (a, b) ->
                Float.compare(
                    VectorMath.dot(
                        vv, GraphInserter.approximate(cache, pq, store, codes, b, codeBytes)),
                    VectorMath.dot(
                        vv, GraphInserter.approximate(cache, pq, store, codes, a, codeBytes))));
        for (int w : candidates) {
          if (kept.size() >= cap) {
            break;
          }
          kept.add(w);
        }
      }
      adjacency[remap[v]] = kept.stream().mapToInt(u -> remap[u]).toArray();
    }
    int entry = -1;
    if (!meta.smallMode() && live > 0) {
      entry = meta.entryNode() >= 0 && meta.entryNode() < n ? remap[meta.entryNode()] : -1;
      for (int v = 0; v < n && entry < 0; v++) {
        if (remap[v] >= 0 && store.isHub(v)) {
          entry = remap[v];
        }
      }
      if (entry < 0) {
        entry = 0;
      }
      GraphBuilder.repair(adjacency, entry, null);
    }
    byte[] code = new byte[codeBytes];
    for (int v = 0; v < n; v++) {
      if (remap[v] < 0) {
        continue;
      }
      if (codeBytes > 0) {
        MemorySegment.copy(codes, ValueLayout.JAVA_BYTE, (long) v * codeBytes, code, 0, codeBytes);
      }
      int nv = compacted.add(store.chunkId(v), adjacency[remap[v]], code);
      compacted.setHub(nv, store.isHub(v));
    }
    return new Compacted(compacted, entry);
  }
}
