package dev.cairn.index;

import java.util.*;
import org.junit.jupiter.api.Test;

class DebugScratchTest {
  @Test
  void debug() {
    Synthetic src = Synthetic.standard(64);
    int n = 3000;
    long[] ids = new long[n];
    float[][] v = new float[n][];
    for (int i = 0; i < n; i++) { ids[i] = i; v[i] = src.vector(i); }
    IndexOptions o = IndexOptions.builder().pqSubspaces(32).graphDegree(24).constructionBeamWidth(64).build();
    GraphBuilder.Built b = GraphBuilder.build(ids, v, 64, o);
    System.err.println("entry " + b.entry() + " q95 " + b.errorQuantiles()[95] + " q50 " + b.errorQuantiles()[50] + " q5 " + b.errorQuantiles()[5]);
    int[] buf = new int[48];
    int deg = b.nodes().neighbours(0, buf);
    System.err.println("node0 deg " + deg + " " + Arrays.toString(Arrays.copyOf(buf, deg)));
    for (int q = 0; q < 5; q++) {
      float[] query = src.query(q);
      Integer[] order = new Integer[n];
      float[] ex = new float[n];
      for (int i = 0; i < n; i++) { order[i] = i; ex[i] = VectorMath.dot(query, v[i]); }
      Arrays.sort(order, (a, c) -> Float.compare(ex[c], ex[a]));
      Set<Integer> top = new HashSet<>(Arrays.asList(order).subList(0, 10));
      Pq.Table t = b.pq().table(query);
      GraphSearch.Candidates c = GraphSearch.search(b.nodes(), t, b.pq().codeBytes(), b.entry(), 80, 10, x -> true);
      int found = 0;
      for (int x : c.nodes()) if (top.contains(x)) found++;
      System.err.println("q" + q + " top10 exact " + ex[order[0]] + ".." + ex[order[9]] + " cands " + c.size() + " visited " + c.visited() + " contain " + found + " best pq " + c.scores()[0]);
    }
  }
}
