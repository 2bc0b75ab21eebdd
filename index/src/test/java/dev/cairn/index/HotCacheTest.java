package dev.cairn.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotCacheTest {
  static float[] vec(float x) {
    return new float[] {x, 1 - x, 0.5f, -0.25f};
  }

  @Test
  void pinnedAndRecentEmbeddingsSurviveReopeningAsFp16(@TempDir Path dir) throws IOException {
    long budget = 10 * HotCache.entryBytes(4);
    try (HotCache c = HotCache.open(dir, "m1", 4, budget)) {
      c.resetPinned(List.of(1L, 2L), List.of(vec(0.1f), vec(0.2f)));
      c.offer(new long[] {10, 11}, new float[][] {vec(0.3f), vec(0.4f)});
    }
    try (HotCache c = HotCache.open(dir, "m1", 4, budget)) {
      assertThat(c.size()).isEqualTo(4);
      assertThat(c.pinnedCount()).isEqualTo(2);
      assertThat(c.get(11)[0]).isCloseTo(0.4f, org.assertj.core.data.Offset.offset(1e-3f));
      assertThat(c.get(99)).isNull();
    }
  }

  @Test
  void leastRecentlyUsedRowsAreEvictedBeyondTheBudget(@TempDir Path dir) throws IOException {
    try (HotCache c = HotCache.open(dir, "m1", 4, 4 * HotCache.entryBytes(4))) {
      c.resetPinned(List.of(1L), List.of(vec(0.1f)));
      c.offer(new long[] {10, 11, 12}, new float[][] {vec(0.3f), vec(0.4f), vec(0.5f)});
      assertThat(c.get(10)).isNotNull(); // 10 becomes most recent
      c.offer(new long[] {13}, new float[][] {vec(0.6f)});
      assertThat(c.contains(11)).isFalse();
      assertThat(c.contains(10)).isTrue();
      assertThat(c.contains(1)).isTrue();
      assertThat(c.size()).isEqualTo(4);
    }
    try (HotCache c = HotCache.open(dir, "m1", 4, 4 * HotCache.entryBytes(4))) {
      assertThat(c.contains(11)).isFalse();
      assertThat(c.size()).isEqualTo(4);
    }
  }

  @Test
  void cacheIsDroppedWhenTheModelChanges(@TempDir Path dir) throws IOException {
    try (HotCache c = HotCache.open(dir, "m1", 4, 1 << 20)) {
      c.resetPinned(List.of(1L), List.of(vec(0.1f)));
    }
    try (HotCache c = HotCache.open(dir, "m2", 4, 1 << 20)) {
      assertThat(c.size()).isZero();
      assertThat(c.get(1)).isNull();
    }
  }
}
