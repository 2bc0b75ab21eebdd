package dev.cairn.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IndexOptionsTest {
  @Test
  void defaultsFollowThePaperAndTheStorageBudget() {
    IndexOptions o = IndexOptions.defaults();
    assertThat(o.prunedDegree()).isBetween(6, 7);
    assertThat(o.hubFraction()).isEqualTo(0.02);
    assertThat(o.pqCodeBytes()).isLessThanOrEqualTo(48);
    assertThat(o.toBuilder().build().toString()).isEqualTo(o.toString());
    SearchOptions so = SearchOptions.defaults();
    assertThat(so.toBuilder().build().toString()).isEqualTo(so.toString());
  }

  @Test
  void invalidSettingsAreRejectedWithNameAndValue() {
    assertThatThrownBy(() -> IndexOptions.builder().graphDegree(64).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("graphDegree")
        .hasMessageContaining("64");
    assertThatThrownBy(() -> IndexOptions.builder().prunedDegree(40).build())
        .hasMessageContaining("prunedDegree");
    assertThatThrownBy(() -> IndexOptions.builder().pqBits(6).build())
        .hasMessageContaining("pqBits must be 4 or 8, got 6");
    assertThatThrownBy(() -> IndexOptions.builder().hubFraction(1.5).build())
        .hasMessageContaining("hubFraction");
    assertThatThrownBy(() -> SearchOptions.builder().rerankMarginQuantile(-0.1).build())
        .hasMessageContaining("rerankMarginQuantile");
    assertThatThrownBy(() -> SearchOptions.builder().recomputeBatchSize(0).build())
        .hasMessageContaining("recomputeBatchSize must be in [1, 4096], got 0");
  }
}
