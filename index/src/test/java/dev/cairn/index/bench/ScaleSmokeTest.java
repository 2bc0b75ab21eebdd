package dev.cairn.index.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.index.CairnIndex;
import dev.cairn.index.ChunkVector;
import dev.cairn.index.IndexOptions;
import dev.cairn.index.IndexStats;
import dev.cairn.index.SearchHit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CI-sized version of {@link ScaleBenchmark}: 384-d synthetic vectors, default options. */
class ScaleSmokeTest {
  @Test
  void defaultIndexOn384DimensionalVectorsIsSmallAndFindsTheExactNeighbours(@TempDir Path dir)
      throws IOException {
    int n = 3000;
    int nq = 100;
    ScaleBenchmark.Generator gen = new ScaleBenchmark.Generator(384, 64, 0.6f, 99);
    try (CairnIndex idx =
        CairnIndex.build(
            dir,
            IndexOptions.defaults(),
            gen,
            LongStream.range(0, n)
                .mapToObj(id -> new ChunkVector(id, gen.vector(id)))
                .iterator())) {
      float[][] queries = new float[nq][];
      for (int q = 0; q < nq; q++) {
        queries[q] = gen.vector(1_000_000L + q);
      }
      long[][] truth = ScaleBenchmark.groundTruth(gen, n, queries, 10);
      double recall = 0;
      for (int q = 0; q < nq; q++) {
        Set<Long> want = new HashSet<>();
        for (long id : truth[q]) {
          want.add(id);
        }
        recall +=
            idx.search(queries[q], 10, null).hits().stream()
                    .map(SearchHit::chunkId)
                    .filter(want::contains)
                    .count()
                / 10.0;
      }
      assertThat(recall / nq).isGreaterThanOrEqualTo(0.9);
      IndexStats s = idx.stats();
      // the per-index codebook (12 KB) weighs more at 3,000 vectors than at SciFact's 5,183
      assertThat(s.storageRatio()).isLessThan(0.06);
      idx.insert(5_000_000L, gen.vector(5_000_000L));
      assertThat(idx.search(gen.vector(5_000_000L), 1, null).hits().getFirst().chunkId())
          .isEqualTo(5_000_000L);
    }
  }
}
