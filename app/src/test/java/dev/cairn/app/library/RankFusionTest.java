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

  @Test
  void documentFusionPoolsADocumentsBestVectorAndBestLexicalPart() {
    // chunk 1 (document 100) matches the meaning only, chunk 2 (document 100) the words only;
    // chunk 3 (document 300) matches both half-way; chunk 4 (document 400) neither.
    long[] v = {1, 3, 4};
    double[] vs = {1.0, 0.5, 0.0};
    long[] l = {2, 3, 4};
    double[] ls = {10, 5, 0};
    java.util.Map<Long, Long> doc = java.util.Map.of(1L, 100L, 2L, 100L, 3L, 300L, 4L, 400L);
    List<RankFusion.Parts> parts = RankFusion.convexParts(v, vs, l, ls, 0.6);

    List<RankFusion.Fused> byChunk = RankFusion.combine(parts, null, 10);
    assertThat(byChunk).extracting(RankFusion.Fused::chunkId).containsExactly(1L, 3L, 2L, 4L);
    assertThat(byChunk).isEqualTo(RankFusion.convex(v, vs, l, ls, 0.6, 10));

    List<RankFusion.Fused> byDoc = RankFusion.combine(parts, doc::get, 10);
    assertThat(byDoc).extracting(RankFusion.Fused::chunkId).containsExactly(1L, 3L, 2L, 4L);
    // the document's lead chunk scores 0.6 (its vector part) + 0.4 (its sibling's lexical part)
    assertThat(byDoc.get(0).score()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    // the sibling keeps its own score, so it does not push document 300 out of a top 2
    assertThat(byDoc.get(2).score()).isCloseTo(0.4, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(RankFusion.combine(parts, doc::get, 2))
        .extracting(RankFusion.Fused::chunkId)
        .containsExactly(1L, 3L);
  }

  @Test
  void documentFusionChangesTheOrderWhenPooledEvidenceWins() {
    // document 100 has two half matches (0.6·0.6 vector, 0.4·0.7 lexical, in different chunks);
    // chunk 3 alone has the best vector score and no words: chunk-level it leads, pooled it does
    // not.
    long[] v = {3, 1, 9};
    double[] vs = {1.0, 0.6, 0.0};
    long[] l = {2, 9};
    double[] ls = {7.0, 0.0};
    java.util.Map<Long, Long> doc = java.util.Map.of(1L, 100L, 2L, 100L, 3L, 300L, 9L, 900L);
    List<RankFusion.Parts> parts = RankFusion.convexParts(v, vs, l, ls, 0.6);
    assertThat(RankFusion.combine(parts, null, 1))
        .extracting(RankFusion.Fused::chunkId)
        .containsExactly(3L);
    // pooled: 0.6·0.6 + 0.4·1.0 = 0.76 > 0.6
    List<RankFusion.Fused> byDoc = RankFusion.combine(parts, doc::get, 10);
    assertThat(byDoc.getFirst().chunkId()).isIn(1L, 2L);
    assertThat(byDoc.getFirst().score())
        .isCloseTo(0.76, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(byDoc.get(1).chunkId()).isEqualTo(3L);
  }

  @Test
  void chunksWithoutADocumentAreTheirOwnGroup() {
    List<RankFusion.Parts> parts =
        RankFusion.convexParts(
            new long[] {1, 2}, new double[] {0.9, 0.5}, new long[] {2}, new double[] {3}, 0.6);
    assertThat(RankFusion.combine(parts, id -> null, 10))
        .isEqualTo(RankFusion.combine(parts, null, 10));
  }
}
