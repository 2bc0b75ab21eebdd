package dev.cairn.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PruningTest {
  @Test
  void pruningRoughlyHalvesTheDegreeAndKeepsEveryNodeReachableFromTheEntry(@TempDir Path dir)
      throws IOException {
    Synthetic src = Synthetic.standard(48);
    IndexOptions o =
        IndexOptions.builder().graphDegree(24).constructionBeamWidth(64).pqSubspaces(24).build();
    try (CairnIndex idx = CairnIndex.build(dir, o, src, src.vectors(0, 2500))) {
      IndexStats s = idx.stats();
      assertThat(s.averageDegree()).isLessThan(idx.degreeBeforePruning() * 0.6);
      assertThat(s.averageDegree()).isGreaterThanOrEqualTo(o.prunedDegree() * 0.9);
      assertThat(idx.validate().problems()).isEmpty(); // includes reachability from the entry
    }
  }

  @Test
  void hubsKeepUpToMEdgesOthersAtMostMPlusReverseEdgesToHubs() {
    // a star-ish graph: node 0 is everyone's neighbour; vectors on a circle
    int n = 40;
    float[][] v = new float[n][];
    int[][] original = new int[n][];
    for (int i = 0; i < n; i++) {
      double a = 2 * Math.PI * i / n;
      v[i] = new float[] {(float) Math.cos(a), (float) Math.sin(a)};
    }
    for (int i = 0; i < n; i++) {
      int[] nb = new int[10];
      for (int j = 0; j < 10; j++) {
        nb[j] = (i + j + 1) % n;
      }
      original[i] = nb;
    }
    BitSet hubs = new BitSet();
    hubs.set(0);
    int[][] pruned = GraphBuilder.prune(original, hubs, 10, 3, v);
    assertThat(pruned[0].length).isLessThanOrEqualTo(10).isGreaterThan(3);
    for (int i = 1; i < n; i++) {
      assertThat(pruned[i].length).isLessThanOrEqualTo(3);
    }
    int added = GraphBuilder.repair(pruned, 0, v);
    BitSet reached = new BitSet();
    GraphBuilder.bfs(pruned, 0, reached);
    assertThat(reached.cardinality()).isEqualTo(n);
    assertThat(added).isGreaterThanOrEqualTo(0);
  }

  @Test
  void repairConnectsAnIslandToTheReachablePart() {
    float[][] v = {{1, 0}, {0.9f, 0.1f}, {0, 1}, {0.1f, 0.9f}};
    int[][] adjacency = {{1}, {0}, {3}, {2}};
    int added = GraphBuilder.repair(adjacency, 0, v);
    BitSet reached = new BitSet();
    GraphBuilder.bfs(adjacency, 0, reached);
    assertThat(reached.cardinality()).isEqualTo(4);
    assertThat(added).isEqualTo(1);
  }
}
