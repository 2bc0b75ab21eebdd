package dev.cairn.index;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.BitSet;
import java.util.function.IntPredicate;

/**
 * Best-first traversal of the pruned graph ranked by PQ scores (the first level of the two-level
 * search). Every node guides the traversal; only accepted nodes (live and allowed by the filter)
 * enter the candidate pool, so a filter never shrinks the answer below k while k accepted nodes
 * exist: when the traversal ends with fewer than {@code minAccepted} candidates, the remaining
 * unvisited nodes are scanned by PQ. Stateless; thread-safe.
 */
final class GraphSearch {
  private GraphSearch() {}

  /** Candidates best first by PQ score. */
  record Candidates(int[] nodes, float[] scores, int visited) {
    int size() {
      return nodes.length;
    }
  }

  static Candidates search(
      NodeStore store,
      Pq.Table table,
      int codeBytes,
      int entry,
      int ef,
      int minAccepted,
      IntPredicate accept) {
    int n = store.nodeCount();
    if (n == 0 || entry < 0) {
      return new Candidates(new int[0], new float[0], 0);
    }
    MemorySegment codes = store.codes();
    BitSet visited = new BitSet(n);
    FloatHeap frontier = new FloatHeap(Math.max(16, ef * 2), true);
    FloatHeap pool = new FloatHeap(ef + 1, false);
    int[] buf = new int[IndexOptions.MAX_GRAPH_DEGREE];
    visited.set(entry);
    int visitedCount = 1;
    float es = table.score(codes, (long) entry * codeBytes);
    frontier.push(entry, es);
    if (accept.test(entry)) {
      pool.push(entry, es);
    }
    while (frontier.size() > 0) {
      float best = frontier.topScore();
      int node = frontier.pop();
      if (pool.size() >= ef && best < pool.topScore()) {
        break;
      }
      int deg = store.neighbours(node, buf);
      for (int j = 0; j < deg; j++) {
        int nb = buf[j];
        if (visited.get(nb)) {
          continue;
        }
        visited.set(nb);
        visitedCount++;
        float s = table.score(codes, (long) nb * codeBytes);
        if (pool.size() < ef || s > pool.topScore()) {
          frontier.push(nb, s);
          if (accept.test(nb)) {
            pool.push(nb, s);
            if (pool.size() > ef) {
              pool.pop();
            }
          }
        }
      }
    }
    if (pool.size() < minAccepted && visitedCount < n) {
      // The filter (or a part of the graph the traversal could not reach) left too few
      // candidates: scan the unvisited nodes by PQ so k answers come back when k exist.
      for (int node = visited.nextClearBit(0); node < n; node = visited.nextClearBit(node + 1)) {
        if (accept.test(node)) {
          float s = table.score(codes, (long) node * codeBytes);
          if (pool.size() < ef || s > pool.topScore()) {
            pool.push(node, s);
            if (pool.size() > ef) {
              pool.pop();
            }
          }
        }
        visitedCount++;
      }
    }
    int size = pool.size();
    int[] nodes = new int[size];
    float[] scores = new float[size];
    for (int i = size - 1; i >= 0; i--) {
      scores[i] = pool.topScore();
      nodes[i] = pool.pop();
    }
    return new Candidates(nodes, scores, visitedCount);
  }

  /** A binary heap of (node, score): max-heap or min-heap by score. Not thread-safe. */
  static final class FloatHeap {
    private final boolean max;
    private int[] nodes;
    private float[] scores;
    private int size;

    FloatHeap(int capacity, boolean max) {
      this.max = max;
      nodes = new int[Math.max(4, capacity)];
      scores = new float[nodes.length];
    }

    int size() {
      return size;
    }

    float topScore() {
      return scores[0];
    }

    int topNode() {
      return nodes[0];
    }

    private boolean above(float a, float b) {
      return max ? a > b : a < b;
    }

    void push(int node, float score) {
      if (size == nodes.length) {
        nodes = Arrays.copyOf(nodes, size * 2);
        scores = Arrays.copyOf(scores, size * 2);
      }
      int i = size++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (!above(score, scores[parent])) {
          break;
        }
        nodes[i] = nodes[parent];
        scores[i] = scores[parent];
        i = parent;
      }
      nodes[i] = node;
      scores[i] = score;
    }

    int pop() {
      int top = nodes[0];
      size--;
      if (size > 0) {
        int node = nodes[size];
        float score = scores[size];
        int i = 0;
        while (true) {
          int l = 2 * i + 1;
          if (l >= size) {
            break;
          }
          int c = l + 1 < size && above(scores[l + 1], scores[l]) ? l + 1 : l;
          if (!above(scores[c], score)) {
            break;
          }
          nodes[i] = nodes[c];
          scores[i] = scores[c];
          i = c;
        }
        nodes[i] = node;
        scores[i] = score;
      }
      return top;
    }
  }
}
