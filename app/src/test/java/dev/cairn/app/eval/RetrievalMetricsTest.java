package dev.cairn.app.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetrievalMetricsTest {

  @Test
  void perfectRankingHasNdcgOne() {
    assertThat(RetrievalMetrics.ndcgAt(List.of("a", "b", "x"), Map.of("a", 1, "b", 1), 10))
        .isEqualTo(1.0);
  }

  @Test
  void relevantDocumentAtRankTwoOfOneJudgedGivesOneOverLog2Of3() {
    assertThat(RetrievalMetrics.ndcgAt(List.of("x", "a"), Map.of("a", 1), 10))
        .isCloseTo(1 / (Math.log(3) / Math.log(2)), offset(1e-12));
  }

  @Test
  void relevantDocumentsBelowTheCutoffCountForNothing() {
    assertThat(RetrievalMetrics.ndcgAt(List.of("x", "y", "a"), Map.of("a", 1), 2)).isZero();
  }

  @Test
  void duplicatesAreCountedOnce() {
    assertThat(RetrievalMetrics.ndcgAt(List.of("a", "a", "b"), Map.of("a", 1, "b", 1), 10))
        .isEqualTo(1.0);
  }

  @Test
  void percentileUsesNearestRank() {
    double[] v = {5, 1, 4, 2, 3};
    assertThat(RetrievalMetrics.percentile(v, 50)).isEqualTo(3);
    assertThat(RetrievalMetrics.percentile(v, 95)).isEqualTo(5);
    assertThat(RetrievalMetrics.percentile(new double[0], 50)).isZero();
  }

  @Test
  void overlapIsTheShareOfTheReferenceFound() {
    assertThat(RetrievalMetrics.overlap(List.of(1L, 2L, 9L), List.of(1L, 2L, 3L, 4L)))
        .isEqualTo(0.5);
    assertThat(RetrievalMetrics.overlap(List.of(1L), List.of())).isEqualTo(1.0);
  }
}
