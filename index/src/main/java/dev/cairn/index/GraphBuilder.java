package dev.cairn.index;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.NodesIterator;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the graph part of an index from exact vectors: jvector's Vamana-style graph, LEANN's
 * high-degree-preserving pruning (Alg. 3), connectivity repair, PQ codes and the calibration of PQ
 * error used by the adaptive rerank. The algorithm touches no files.
 */
final class GraphBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(GraphBuilder.class);
  private static final VectorTypeSupport VTS =
      VectorizationProvider.getInstance().getVectorTypeSupport();
  static final int CALIBRATION_QUERIES = 200;
  static final int QUANTILES = 101;

  private GraphBuilder() {}

  /** Result of a build: nodes with adjacency and codes, and what the header needs. */
  record Built(
      ArrayNodeStore nodes,
      Pq pq,
      int entry,
      Calibration calibration,
      double degreeBeforePruning,
      int[] hubsByDegree) {}

  static Built build(long[] ids, float[][] vectors, int dims, IndexOptions o) {
    int n = vectors.length;
    long t0 = System.nanoTime();
    Pq pq = Pq.train(Arrays.asList(vectors), dims, o.pqSubspaces(), o.pqBits());
    int codeBytes = pq.codeBytes();
    byte[] codes = new byte[n * codeBytes];
    IntStream.range(0, n).parallel().forEach(i -> pq.encode(vectors[i], codes, i * codeBytes));
    long t1 = System.nanoTime();

    List<VectorFloat<?>> list = new ArrayList<>(n);
    for (float[] v : vectors) {
      list.add(VTS.createFloatVector(v));
    }
    var ravv = new ListRandomAccessVectorValues(list, dims);
    int[][] original = new int[n][];
    int entry;
    try (GraphIndexBuilder builder =
        new GraphIndexBuilder(
            ravv,
            VectorSimilarityFunction.DOT_PRODUCT,
            o.graphDegree(),
            o.constructionBeamWidth(),
            1.2f,
            1.2f,
            false)) {
      ImmutableGraphIndex graph = builder.build(ravv);
      try (var view = graph.getView()) {
        entry = view.entryNode().node;
        for (int v = 0; v < n; v++) {
          NodesIterator it = view.getNeighborsIterator(0, v);
          int[] nb = new int[it.size()];
          int c = 0;
          while (it.hasNext()) {
            int u = it.nextInt();
            if (u != v && c < nb.length) {
              nb[c++] = u;
            }
          }
          original[v] = sortBySimilarity(v, Arrays.copyOf(nb, c), vectors);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("jvector graph build failed", e);
    }
    long t2 = System.nanoTime();
    double before = averageDegree(original);
    int[] inDegree = new int[n];
    for (int[] nb : original) {
      for (int u : nb) {
        inDegree[u]++;
      }
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> inDegree[b] != inDegree[a] ? inDegree[b] - inDegree[a] : a - b);
    int[] byDegree = new int[n];
    for (int i = 0; i < n; i++) {
      byDegree[i] = order[i];
    }
    int hubCount = o.hubFraction() == 0 ? 0 : Math.max(1, (int) Math.ceil(o.hubFraction() * n));
    BitSet hubs = new BitSet(n);
    for (int i = 0; i < hubCount; i++) {
      hubs.set(byDegree[i]);
    }
    int[][] adjacency =
        o.prune() ? prune(original, hubs, o.graphDegree(), o.prunedDegree(), vectors) : original;
    int added = repair(adjacency, entry, vectors);
    long t3 = System.nanoTime();

    ArrayNodeStore nodes = new ArrayNodeStore(codeBytes, n);
    byte[] code = new byte[codeBytes];
    for (int i = 0; i < n; i++) {
      System.arraycopy(codes, i * codeBytes, code, 0, codeBytes);
      nodes.add(ids[i], adjacency[i], code);
      if (hubs.get(i)) {
        nodes.setHub(i, true);
      }
    }
    Calibration calibration = calibrate(nodes, pq, entry, vectors);
    long t4 = System.nanoTime();
    LOG.info(
        "built graph over {} vectors: PQ {} ms, jvector {} ms, pruning {} ms (avg degree {} -> {},"
            + " {} repair edges), calibration {} ms, {}",
        n,
        (t1 - t0) / 1_000_000,
        (t2 - t1) / 1_000_000,
        (t3 - t2) / 1_000_000,
        String.format("%.2f", before),
        String.format("%.2f", averageDegree(adjacency)),
        added,
        (t4 - t3) / 1_000_000,
        calibration);
    return new Built(nodes, pq, entry, calibration, before, byDegree);
  }

  private static int[] sortBySimilarity(int v, int[] nb, float[][] vectors) {
    float[] sims = new float[nb.length];
    Integer[] idx = new Integer[nb.length];
    for (int i = 0; i < nb.length; i++) {
      sims[i] = VectorMath.dot(vectors[v], vectors[nb[i]]);
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Float.compare(sims[b], sims[a]));
    int[] out = new int[nb.length];
    for (int i = 0; i < nb.length; i++) {
      out[i] = nb[idx[i]];
    }
    return out;
  }

  static double averageDegree(int[][] adjacency) {
    long sum = 0;
    for (int[] nb : adjacency) {
      sum += nb.length;
    }
    return adjacency.length == 0 ? 0 : (double) sum / adjacency.length;
  }

  /**
   * LEANN Alg. 3: hubs keep up to M of their best neighbours, other nodes at most m; an edge v→hub
   * kept by the pruning gets its reverse hub→v, hubs shrinking back to their M best.
   *
   * @param original neighbour lists sorted best first
   */
  static int[][] prune(int[][] original, BitSet hubs, int bigM, int smallM, float[][] vectors) {
    int n = original.length;
    int[][] pruned = new int[n][];
    for (int v = 0; v < n; v++) {
      pruned[v] = diverse(v, original[v], hubs.get(v) ? bigM : smallM, vectors);
    }
    List<List<Integer>> reverse = new ArrayList<>(n);
    for (int v = 0; v < n; v++) {
      reverse.add(null);
    }
    for (int v = 0; v < n; v++) {
      for (int u : pruned[v]) {
        if (hubs.get(u) && !contains(pruned[u], v)) {
          if (reverse.get(u) == null) {
            reverse.set(u, new ArrayList<>());
          }
          reverse.get(u).add(v);
        }
      }
    }
    for (int u = 0; u < n; u++) {
      List<Integer> extra = reverse.get(u);
      if (extra == null) {
        continue;
      }
      int[] merged = Arrays.copyOf(pruned[u], pruned[u].length + extra.size());
      for (int i = 0; i < extra.size(); i++) {
        merged[pruned[u].length + i] = extra.get(i);
      }
      int[] sorted = sortBySimilarity(u, merged, vectors);
      pruned[u] = Arrays.copyOf(sorted, Math.min(sorted.length, bigM));
    }
    return pruned;
  }

  /** Diverse neighbours of v among its candidates (best first), by {@link NeighbourSelector}. */
  static int[] diverse(int v, int[] candidates, int keep, float[][] vectors) {
    if (candidates.length <= keep) {
      return candidates.clone();
    }
    float[] toV = new float[candidates.length];
    for (int i = 0; i < candidates.length; i++) {
      toV[i] = VectorMath.dot(vectors[candidates[i]], vectors[v]);
    }
    int[] chosen =
        NeighbourSelector.select(
            candidates.length,
            keep,
            toV,
            (a, b) -> VectorMath.dot(vectors[candidates[a]], vectors[candidates[b]]));
    int[] out = new int[chosen.length];
    for (int i = 0; i < chosen.length; i++) {
      out[i] = candidates[chosen[i]];
    }
    return out;
  }

  private static boolean contains(int[] a, int x) {
    for (int v : a) {
      if (v == x) {
        return true;
      }
    }
    return false;
  }

  /**
   * Makes every node reachable from the entry: an unreachable node gets an edge from a reachable
   * node among its own neighbours (or theirs), else from the most similar reachable node with room.
   * Returns the number of edges added.
   */
  static int repair(int[][] adjacency, int entry, float[][] vectors) {
    int n = adjacency.length;
    if (n == 0) {
      return 0;
    }
    BitSet reached = new BitSet(n);
    bfs(adjacency, entry, reached);
    int added = 0;
    for (int u = reached.nextClearBit(0); u < n; u = reached.nextClearBit(u + 1)) {
      int from = -1;
      for (int r : adjacency[u]) {
        if (reached.get(r) && adjacency[r].length < IndexOptions.MAX_GRAPH_DEGREE) {
          from = r;
          break;
        }
      }
      if (from < 0) {
        outer:
        for (int r : adjacency[u]) {
          for (int r2 : adjacency[r]) {
            if (reached.get(r2) && adjacency[r2].length < IndexOptions.MAX_GRAPH_DEGREE) {
              from = r2;
              break outer;
            }
          }
        }
      }
      if (from < 0) {
        float best = Float.NEGATIVE_INFINITY;
        for (int r = reached.nextSetBit(0); r >= 0; r = reached.nextSetBit(r + 1)) {
          if (adjacency[r].length < IndexOptions.MAX_GRAPH_DEGREE) {
            float s = vectors == null ? 0 : VectorMath.dot(vectors[u], vectors[r]);
            if (s > best) {
              best = s;
              from = r;
            }
          }
        }
      }
      if (from < 0) {
        throw new IllegalStateException("no reachable node has room for an edge to " + u);
      }
      adjacency[from] = Arrays.copyOf(adjacency[from], adjacency[from].length + 1);
      adjacency[from][adjacency[from].length - 1] = u;
      added++;
      bfs(adjacency, u, reached);
    }
    return added;
  }

  static void bfs(int[][] adjacency, int start, BitSet reached) {
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    if (!reached.get(start)) {
      reached.set(start);
      queue.add(start);
    }
    while (!queue.isEmpty()) {
      int v = queue.poll();
      for (int u : adjacency[v]) {
        if (!reached.get(u)) {
          reached.set(u);
          queue.add(u);
        }
      }
    }
  }

  /**
   * How exact scores relate to PQ scores: a least-squares line exact ≈ a·pq + b and the quantiles
   * of the residual.
   */
  record Calibration(float slope, float intercept, float[] quantiles) {
    @Override
    public String toString() {
      return String.format(
          "exact = %.3f pq %+.3f, residual q50 %.4f q95 %.4f",
          slope, intercept, quantiles[50], quantiles[95]);
    }
  }

  /**
   * Fits exact ≈ a·pq + b over pairs (sample node, one of its 50 nearest candidates found by a PQ
   * traversal, self excluded) and returns the quantiles 0.00..1.00 of the residuals. PQ shrinks
   * vectors towards their centroids, so it under-estimates high similarities: the fitted line
   * removes that bias and leaves a much tighter residual than the raw error.
   */
  static Calibration calibrate(NodeStore nodes, Pq pq, int entry, float[][] vectors) {
    int n = vectors.length;
    Random random = new Random(42);
    int samples = Math.min(CALIBRATION_QUERIES, n);
    float[] pqs = new float[samples * 50];
    float[] exacts = new float[samples * 50];
    int count = 0;
    for (int s = 0; s < samples; s++) {
      int q = samples == n ? s : random.nextInt(n);
      Pq.Table table = pq.table(vectors[q]);
      GraphSearch.Candidates c =
          GraphSearch.search(nodes, table, pq.codeBytes(), entry, 200, 0, node -> node != q);
      int m = c.size();
      float[] exact = new float[m];
      Integer[] idx = new Integer[m];
      for (int i = 0; i < m; i++) {
        exact[i] = VectorMath.dot(vectors[q], vectors[c.nodes()[i]]);
        idx[i] = i;
      }
      Arrays.sort(idx, (a, b) -> Float.compare(exact[b], exact[a]));
      for (int i = 0; i < Math.min(50, m); i++) {
        pqs[count] = c.scores()[idx[i]];
        exacts[count] = exact[idx[i]];
        count++;
      }
    }
    float[] quantiles = new float[QUANTILES];
    if (count < 2) {
      return new Calibration(1, 0, quantiles);
    }
    double mx = 0, my = 0;
    for (int i = 0; i < count; i++) {
      mx += pqs[i];
      my += exacts[i];
    }
    mx /= count;
    my /= count;
    double sxy = 0, sxx = 0;
    for (int i = 0; i < count; i++) {
      sxy += (pqs[i] - mx) * (exacts[i] - my);
      sxx += (pqs[i] - mx) * (pqs[i] - mx);
    }
    double a = sxx > 1e-12 ? sxy / sxx : 1;
    if (!(a > 0.1 && a < 10)) {
      a = 1; // degenerate sample: keep the plain error
    }
    double b = my - a * mx;
    float[] residuals = new float[count];
    for (int i = 0; i < count; i++) {
      residuals[i] = (float) (exacts[i] - (a * pqs[i] + b));
    }
    Arrays.sort(residuals);
    for (int i = 0; i < QUANTILES; i++) {
      quantiles[i] = residuals[(int) Math.min(count - 1, Math.round(i / 100.0 * (count - 1)))];
    }
    return new Calibration((float) a, (float) b, quantiles);
  }
}
