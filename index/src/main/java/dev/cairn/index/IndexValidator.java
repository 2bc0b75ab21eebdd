package dev.cairn.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Checks an open index: the files on disk (the main file's header and every section's CRC32C, the
 * delta log's header and frames) and the structure in memory (neighbour ids in range, no self loops
 * or duplicates, every live node reachable from the entry point, small-index vectors present in the
 * cache, no chunk live in both segments). Reads only. Stateless.
 */
final class IndexValidator {
  private static final int MAX_PROBLEMS = 100;

  private IndexValidator() {}

  /** Problems found in the files (called without the index lock: files are replaced whole). */
  static List<String> checkFiles(IndexState s) throws IOException {
    List<String> problems = new ArrayList<>();
    int identity;
    try (IndexFile.Loaded loaded = IndexFile.read(s.dir.resolve(IndexFile.FILE_NAME))) {
      identity = loaded.sizes().identity();
    } catch (CorruptIndexException | IndexVersionException e) {
      problems.add(e.getMessage());
      return problems;
    }
    try {
      DeltaSegment.check(s.dir, s.meta().dims(), identity);
    } catch (CorruptIndexException | IndexVersionException e) {
      problems.add(e.getMessage());
    }
    return problems;
  }

  /** Problems found in the state in memory (called under the index's read lock). */
  static List<String> checkStructure(IndexState s) {
    List<String> problems = new ArrayList<>();
    NodeStore nodes = s.main.nodes();
    IndexMeta meta = s.meta();
    int n = nodes.nodeCount();
    int[] buf = new int[IndexOptions.MAX_GRAPH_DEGREE];
    int[][] adjacency = new int[n][];
    for (int v = 0; v < n && problems.size() <= MAX_PROBLEMS; v++) {
      int deg = nodes.neighbours(v, buf);
      adjacency[v] = Arrays.copyOf(buf, deg);
      BitSet seen = new BitSet();
      for (int u : adjacency[v]) {
        if (u < 0 || u >= n) {
          problems.add("node " + v + " has neighbour " + u + " outside [0, " + n + ")");
        } else if (u == v) {
          problems.add("node " + v + " links to itself");
        } else if (seen.get(u)) {
          problems.add("node " + v + " lists neighbour " + u + " twice");
        } else {
          seen.set(u);
        }
      }
    }
    if (!problems.isEmpty()) {
      return problems;
    }
    if (meta.smallMode()) {
      for (int v = 0; v < n; v++) {
        if (!nodes.isDeleted(v) && !s.cache.contains(nodes.chunkId(v))) {
          problems.add("small-index vector of chunk " + nodes.chunkId(v) + " missing");
        }
      }
    } else if (n > 0) {
      reachability(nodes, meta.entryNode(), adjacency, problems);
    }
    for (long id : s.delta.inserted().keySet()) {
      if (s.main.holdsLive(id) && !s.delta.hides(id)) {
        problems.add("chunk " + id + " is live in both the main graph and the delta");
      }
    }
    return problems;
  }

  private static void reachability(
      NodeStore nodes, int entry, int[][] adjacency, List<String> problems) {
    int n = nodes.nodeCount();
    if (entry < 0 || entry >= n) {
      problems.add("entry node " + entry + " outside [0, " + n + ")");
      return;
    }
    BitSet reached = new BitSet(n);
    GraphBuilder.bfs(adjacency, entry, reached);
    int unreachable = 0;
    for (int v = 0; v < n; v++) {
      if (!nodes.isDeleted(v) && !reached.get(v)) {
        unreachable++;
      }
    }
    if (unreachable > 0) {
      problems.add(unreachable + " live nodes unreachable from entry node " + entry);
    }
  }
}
