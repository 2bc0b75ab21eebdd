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
      c.flush();
    }
    try (HotCache c = HotCache.open(dir, "m1", 4, budget)) {
      assertThat(c.size()).isEqualTo(4);
      assertThat(c.pinnedCount()).isEqualTo(2);
      assertThat(c.get(11)[0]).isCloseTo(0.4f, org.assertj.core.data.Offset.offset(1e-3f));
      assertThat(c.get(99)).isNull();
    }
  }

  @Test
  void offeredAndRemovedRowsStayInMemoryUntilFlushed(@TempDir Path dir) throws IOException {
    long budget = 10 * HotCache.entryBytes(4);
    try (HotCache c = HotCache.open(dir, "m1", 4, budget)) {
      c.resetPinned(List.of(1L), List.of(vec(0.1f)));
      c.offer(new long[] {10}, new float[][] {vec(0.3f)});
      c.remove(1);
      assertThat(c.dirty()).isTrue();
      assertThat(c.contains(10)).isTrue();
      assertThat(c.contains(1)).isFalse();
    }
    try (HotCache c = HotCache.open(dir, "m1", 4, budget)) {
      // nothing was flushed: the file still holds what the build wrote
      assertThat(c.contains(10)).isFalse();
      assertThat(c.contains(1)).isTrue();
      c.offer(new long[] {10}, new float[][] {vec(0.3f)});
      c.remove(1);
      c.flush();
      assertThat(c.dirty()).isFalse();
    }
    try (HotCache c = HotCache.open(dir, "m1", 4, budget)) {
      assertThat(c.contains(10)).isTrue();
      assertThat(c.contains(1)).isFalse();
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
      c.flush();
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

  enum Damage {
    NOT_A_DATABASE,
    ZEROED_HEADER,
    TRUNCATED,
    FLIPPED_PAGES
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(Damage.class)
  void aDamagedCacheFileIsDroppedAndRecreatedInsteadOfFailing(Damage damage, @TempDir Path dir)
      throws IOException {
    try (HotCache c = HotCache.open(dir, "m1", 4, 1 << 20)) {
      List<Long> ids = new java.util.ArrayList<>();
      List<float[]> vecs = new java.util.ArrayList<>();
      for (long i = 0; i < 2000; i++) {
        ids.add(i);
        vecs.add(vec(i / 2000f));
      }
      c.resetPinned(ids, vecs);
      c.checkpoint();
    }
    Path file = dir.resolve(HotCache.FILE_NAME);
    byte[] bytes = java.nio.file.Files.readAllBytes(file);
    switch (damage) {
      case NOT_A_DATABASE -> bytes = "this is not a database".getBytes();
      case ZEROED_HEADER -> java.util.Arrays.fill(bytes, 0, 100, (byte) 0);
      case TRUNCATED -> bytes = java.util.Arrays.copyOf(bytes, bytes.length / 3);
      case FLIPPED_PAGES -> {
        for (int i = 4096; i < bytes.length; i += 997) {
          bytes[i] ^= (byte) 0xA5;
        }
      }
    }
    java.nio.file.Files.write(file, bytes);

    try (HotCache c = HotCache.open(dir, "m1", 4, 1 << 20)) {
      // whatever survived is readable and consistent; the cache works for new entries
      c.pin(new long[] {5000}, new float[][] {vec(0.5f)});
      assertThat(c.get(5000)).isNotNull();
      c.flush();
    }
    try (HotCache c = HotCache.open(dir, "m1", 4, 1 << 20)) {
      assertThat(c.contains(5000)).isTrue();
    }
  }

  @Test
  void aCacheThatShrankIsVacuumedOnOpen(@TempDir Path dir) throws IOException {
    long[] ids = new long[12000];
    float[][] vecs = new float[12000][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i;
      vecs[i] = vec(i / 12000f);
    }
    try (HotCache c = HotCache.open(dir, "m1", 4, 1 << 24)) {
      c.offer(ids, vecs);
      c.flush();
      c.checkpoint();
      for (long id = 9; id < ids.length; id++) {
        c.remove(id);
      }
      c.flush();
      c.checkpoint();
    }
    long before = java.nio.file.Files.size(dir.resolve(HotCache.FILE_NAME));
    try (HotCache c = HotCache.open(dir, "m1", 4, 1 << 24)) {
      c.checkpoint();
      assertThat(c.size()).isEqualTo(9);
      assertThat(before).isGreaterThan(60 * 1024);
      assertThat(c.fileBytes()).isLessThan(before / 3);
    }
  }
}
