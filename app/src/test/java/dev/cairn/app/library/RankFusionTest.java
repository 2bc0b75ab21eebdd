package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RankFusionTest {

  @Test
  void aChunkFoundByBothSearchesOutranksChunksFoundByOne() {
    List<RankFusion.Fused> fused =
        RankFusion.fuse(new long[] {1, 2, 3}, new long[] {4, 2, 5}, 1, 1, 60, 10);
    assertThat(fused.getFirst().chunkId()).isEqualTo(2);
    assertThat(fused)
        .extracting(RankFusion.Fused::chunkId)
        .containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void scoresFollowTheReciprocalRankFormula() {
    List<RankFusion.Fused> fused = RankFusion.fuse(new long[] {7}, new long[] {7}, 1, 0.5, 60, 1);
    assertThat(fused.getFirst().score())
        .isCloseTo(1.0 / 61 + 0.5 / 61, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void returnsAtMostKAndKeepsVectorOrderOnTies() {
    List<RankFusion.Fused> fused =
        RankFusion.fuse(new long[] {1, 2}, new long[] {3, 4}, 1, 1, 60, 3);
    assertThat(fused).extracting(RankFusion.Fused::chunkId).containsExactly(1L, 3L, 2L);
  }

  @Test
  void emptyRankingsFuseToNothing() {
    assertThat(RankFusion.fuse(new long[0], new long[0], 1, 1, 60, 10)).isEmpty();
  }

  @Test
  void rejectsANonPositiveConstant() {
    assertThatThrownBy(() -> RankFusion.fuse(new long[0], new long[0], 1, 1, 0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 0.0");
  }

  @Test
  void convexFusionWeighsNormalisedScores() {
    // vector: 1 best (0.9), 2 worst (0.5); lexical: 2 best (12), 3 worst (2).
    List<RankFusion.Fused> fused =
        RankFusion.convex(
            new long[] {1, 2},
            new double[] {0.9, 0.5},
            new long[] {2, 3},
            new double[] {12, 2},
            0.6,
            10);
    assertThat(fused).extracting(RankFusion.Fused::chunkId).containsExactly(1L, 2L, 3L);
    assertThat(fused.get(0).score()).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(fused.get(1).score()).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(fused.get(2).score()).isZero();
  }

  @Test
  void convexFusionRejectsAnAlphaOutsideZeroToOne() {
    assertThatThrownBy(
            () -> RankFusion.convex(new long[0], new double[0], new long[0], new double[0], 1.5, 3))
        .hasMessageContaining("got 1.5");
  }
}
