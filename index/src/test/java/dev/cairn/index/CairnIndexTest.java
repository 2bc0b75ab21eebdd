package dev.cairn.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CairnIndexTest {
  static final int DIMS = 64;
  static final int N = 3000;
  static final IndexOptions OPTIONS =
      IndexOptions.builder().pqSubspaces(32).graphDegree(24).constructionBeamWidth(64).build();
  static final SearchOptions SEARCH = SearchOptions.builder().hotCacheShare(0.05).build();

  Synthetic source;
  CairnIndex index;
  FlatIndex flat;

  @BeforeAll
  void buildShared(@TempDir Path shared) throws IOException {
    source = Synthetic.standard(DIMS);
    index = CairnIndex.build(shared.resolve("idx"), OPTIONS, SEARCH, source, source.vectors(0, N));
    flat = FlatIndex.build(shared.resolve("flat.bin"), DIMS, source.vectors(0, N));
  }

  @AfterAll
  void close() throws IOException {
    index.close();
    flat.close();
  }

  static double recall(List<SearchHit> expected, List<SearchHit> actual) {
    Set<Long> want = new HashSet<>();
    expected.forEach(h -> want.add(h.chunkId()));
    long found = actual.stream().filter(h -> want.contains(h.chunkId())).count();
    return want.isEmpty() ? 1 : (double) found / want.size();
  }

  @Test
  void findsNearlyTheSameTopTenAsExactSearch() throws IOException {
    double sum = 0;
    int queries = 60;
    long recomputed = 0;
    for (int q = 0; q < queries; q++) {
      float[] query = source.query(q);
      SearchResult got = index.search(query, 10, null);
      SearchResult want = flat.search(query, 10, null);
      assertThat(got.hits()).hasSize(10);
      sum += recall(want.hits(), got.hits());
      recomputed += got.recomputed();
    }
    assertThat(sum / queries).isGreaterThanOrEqualTo(0.95);
    // two-level search recomputes a small fraction of the index per query
    assertThat((double) recomputed / queries).isLessThan(N * 0.1);
  }

  @Test
  void scoresAreExactCosinesBestFirst() throws IOException {
    float[] query = source.query(99);
    List<SearchHit> hits = index.search(query, 10, null).hits();
    for (int i = 0; i < hits.size(); i++) {
      float exact = VectorMath.dot(query, source.vector(hits.get(i).chunkId()));
      // Float rounding only: the index scores with jvector's SIMD dot product (another summation
      // order than VectorMath's loop), which differs by ~1e-5 at 384 dimensions.
      assertThat(hits.get(i).score()).isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-4f));
      if (i > 0) {
        assertThat(hits.get(i).score()).isLessThanOrEqualTo(hits.get(i - 1).score());
      }
    }
  }

  @Test
  void filterReturnsExactlyKWhenKAllowedChunksExist() throws IOException {
    for (int q = 0; q < 10; q++) {
      float[] query = source.query(1000 + q);
      SearchResult got = index.search(query, 10, id -> id % 97 == 0);
      assertThat(got.hits()).hasSize(10).allMatch(h -> h.chunkId() % 97 == 0);
      SearchResult want = flat.search(query, 10, id -> id % 97 == 0);
      assertThat(recall(want.hits(), got.hits())).isGreaterThanOrEqualTo(0.8);
    }
    assertThat(index.search(source.query(5), 10, id -> id == 1234).hits())
        .extracting(SearchHit::chunkId)
        .containsExactly(1234L);
    assertThat(index.search(source.query(5), 10, id -> false).hits()).isEmpty();
  }

  @Test
  void queryWithWrongDimensionsNamesBothNumbers() {
    assertThatThrownBy(() -> index.search(new float[768], 10, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("768")
        .hasMessageContaining("64");
    assertThatThrownBy(() -> index.search(source.query(1), 0, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k must be >= 1");
  }

  @Test
  void cachedEmbeddingsAreUsedBeforeRecomputing() throws IOException {
    float[] query = source.query(4242);
    SearchResult first = index.search(query, 10, null);
    SearchResult second = index.search(query, 10, null);
    // cached vectors are fp16, so scores may differ in the 4th decimal, the chunks do not
    assertThat(second.hits())
        .extracting(SearchHit::chunkId)
        .containsExactlyInAnyOrderElementsOf(
            first.hits().stream().map(SearchHit::chunkId).toList());
    assertThat(second.cacheHits()).isGreaterThan(first.cacheHits());
    assertThat(second.recomputed()).isLessThan(first.recomputed());
  }

  @Test
  void statsShowTheIndexIsAFewPercentOfFlatStorage() throws IOException {
    IndexStats s = index.stats();
    assertThat(s.size()).isEqualTo(N);
    assertThat(s.dimensions()).isEqualTo(DIMS);
    assertThat(s.flatEquivalentBytes()).isEqualTo((long) N * DIMS * 4);
    assertThat(s.graphBytes()).isPositive();
    assertThat(s.pqBytes()).isPositive();
    assertThat(s.totalBytes())
        .isEqualTo(s.graphBytes() + s.pqBytes() + s.cacheBytes() + s.otherBytes());
    assertThat(s.averageDegree()).isLessThan(index.degreeBeforePruning());
    assertThat(s.hubFraction()).isBetween(0.015, 0.025);
    assertThat(s.modelId()).isEqualTo(source.modelId());
    // 64-dim vectors are 256 B; graph + 16 B codes stay well under half of that
    assertThat(s.storageRatio()).isLessThan(0.5);
    assertThat(index.validate().problems()).isEmpty();
  }

  @Test
  void emptyIndexAnswersEmptyAndGrowsByInserts(@TempDir Path dir) throws IOException {
    Synthetic src = Synthetic.standard(DIMS);
    try (CairnIndex empty =
        CairnIndex.build(dir, OPTIONS, SEARCH, src, Collections.emptyIterator())) {
      assertThat(empty.size()).isZero();
      SearchResult r = empty.search(src.query(1), 10, null);
      assertThat(r.hits()).isEmpty();
      assertThat(r.recomputed()).isZero();
      empty.insert(7, src.vector(7));
      assertThat(empty.search(src.vector(7), 10, null).hits())
          .extracting(SearchHit::chunkId)
          .containsExactly(7L);
    }
  }

  @Test
  void kLargerThanTheIndexReturnsEveryChunk(@TempDir Path dir) throws IOException {
    Synthetic src = Synthetic.standard(DIMS);
    try (CairnIndex small = CairnIndex.build(dir, OPTIONS, SEARCH, src, src.vectors(0, 25))) {
      assertThat(small.search(src.query(3), 100, null).hits()).hasSize(25);
    }
    assertThat(index.search(source.query(3), N + 50, null).hits()).hasSize(N);
  }

  @Test
  void smallIndexSwitchesToGraphModeWhenItGrowsPastTheThreshold(@TempDir Path dir)
      throws IOException {
    Synthetic src = Synthetic.standard(DIMS);
    IndexOptions o = OPTIONS.toBuilder().smallIndexThreshold(300).build();
    try (CairnIndex idx = CairnIndex.build(dir, o, SEARCH, src, src.vectors(0, 200))) {
      assertThat(idx.stats().pqBytes()).isZero();
      idx.insertAll(
          java.util.stream.LongStream.range(200, 320)
              .mapToObj(id -> new ChunkVector(id, src.vector(id)))
              .toList());
      IndexStats s = idx.stats();
      assertThat(s.pqBytes()).isPositive();
      assertThat(s.size()).isEqualTo(320);
      assertThat(idx.validate().ok()).isTrue();
      assertThat(idx.search(src.vector(250), 1, null).hits().getFirst().chunkId()).isEqualTo(250);
    }
  }

  /**
   * Found by the incremental-run crash test: an insert that replaces the least similar entry of a
   * full neighbour list could take an older node's only in-edge, leaving it unreachable (validate:
   * "live nodes unreachable from entry node"). Many insert batches between deletions, as an
   * incremental indexing run does them, keep every live node reachable.
   */
  @Test
  void manyInsertBatchesBetweenDeletionsKeepEveryNodeReachable(@TempDir Path dir)
      throws IOException {
    Synthetic src = Synthetic.standard(DIMS);
    try (CairnIndex idx = CairnIndex.build(dir, OPTIONS, src, src.vectors(0, 600))) {
      long next = 600;
      for (int round = 0; round < 12; round++) {
        for (long id = round * 37L; id < round * 37L + 9; id++) {
          idx.delete(id);
        }
        List<ChunkVector> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++, next++) {
          batch.add(new ChunkVector(next, src.vector(next)));
        }
        idx.insertAll(batch);
        assertThat(idx.validate().problems()).as("after round " + round).isEmpty();
      }
      for (long id = 600; id < next; id += 97) {
        assertThat(idx.search(src.vector(id), 1, null).hits().getFirst().chunkId()).isEqualTo(id);
      }
    }
  }

  @Test
  void insertedDeletedAndCompactedChunksBehaveAndSurviveReopening(@TempDir Path dir)
      throws IOException {
    Synthetic src = Synthetic.standard(DIMS);
    try (CairnIndex idx = CairnIndex.build(dir, OPTIONS, SEARCH, src, src.vectors(0, 2000))) {
      for (long id = 5000; id < 5040; id++) {
        idx.insert(id, src.vector(id));
      }
      for (long id = 5000; id < 5040; id++) {
        assertThat(idx.search(src.vector(id), 1, null).hits().getFirst().chunkId()).isEqualTo(id);
      }
      assertThatThrownBy(() -> idx.insert(5001, src.vector(5001)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("5001");
      for (long id = 0; id < 300; id++) {
        idx.delete(id);
      }
      idx.delete(999_999); // unknown: no-op
      assertThat(idx.size()).isEqualTo(1740);
      for (int q = 0; q < 20; q++) {
        assertThat(idx.search(src.query(q), 10, null).hits())
            .hasSize(10)
            .allMatch(h -> h.chunkId() >= 300);
      }
      assertThat(idx.search(src.vector(10), 5, null).hits()).noneMatch(h -> h.chunkId() == 10);
      idx.compact();
      assertThat(idx.size()).isEqualTo(1740);
      assertThat(idx.chunkIds()).hasSize(1740).doesNotContain(0L, 299L).contains(300L, 5039L);
      assertThat(idx.validate().problems()).isEmpty();
    }
    try (CairnIndex reopened = CairnIndex.open(dir, src);
        FlatIndex exact =
            FlatIndex.build(
                dir.resolve("flat.bin"),
                DIMS,
                java.util.Arrays.stream(reopenedIds(dir, src))
                    .mapToObj(id -> new ChunkVector(id, src.vector(id)))
                    .iterator())) {
      assertThat(reopened.size()).isEqualTo(1740);
      double sum = 0;
      for (int q = 0; q < 30; q++) {
        float[] query = src.query(q);
        sum +=
            recall(exact.search(query, 10, null).hits(), reopened.search(query, 10, null).hits());
      }
      assertThat(sum / 30).isGreaterThanOrEqualTo(0.9);
      reopened.insert(6000, src.vector(6000));
      assertThat(reopened.search(src.vector(6000), 1, null).hits().getFirst().chunkId())
          .isEqualTo(6000);
    }
  }

  private static long[] reopenedIds(Path dir, Synthetic src) throws IOException {
    try (CairnIndex idx = CairnIndex.open(dir, src)) {
      return idx.chunkIds();
    }
  }

  @Test
  void secondWriterGetsIndexLockedException(@TempDir Path dir) throws IOException {
    Synthetic src = Synthetic.standard(DIMS);
    try (CairnIndex writer = CairnIndex.build(dir, OPTIONS, SEARCH, src, src.vectors(0, 50));
        CairnIndex reader = CairnIndex.open(dir, src)) {
      assertThat(reader.search(src.vector(3), 1, null).hits().getFirst().chunkId()).isEqualTo(3);
      assertThatThrownBy(() -> reader.insert(100, src.vector(100)))
          .isInstanceOf(IndexLockedException.class)
          .hasMessageContaining("write.lock");
      assertThatThrownBy(() -> CairnIndex.build(dir, OPTIONS, SEARCH, src, src.vectors(0, 5)))
          .isInstanceOf(IndexLockedException.class);
      writer.insert(100, src.vector(100));
      // the reader keeps its consistent older view
      assertThat(reader.size()).isEqualTo(50);
    }
    try (CairnIndex again = CairnIndex.open(dir, src)) {
      assertThat(again.size()).isEqualTo(51);
      again.delete(100); // lock released by the closed writer
      assertThat(again.size()).isEqualTo(50);
    }
  }

  @Test
  void openingWithAnotherModelIsAClearError(@TempDir Path dir) throws IOException {
    Synthetic src = Synthetic.standard(DIMS);
    CairnIndex.build(dir, OPTIONS, SEARCH, src, src.vectors(0, 10)).close();
    Synthetic other = new Synthetic(DIMS, 40, 0.9f, 7, "other-model");
    assertThatThrownBy(() -> CairnIndex.open(dir, other))
        .isInstanceOf(ModelMismatchException.class)
        .hasMessageContaining("other-model")
        .hasMessageContaining(src.modelId())
        .hasMessageContaining("rebuild needed");
    assertThatThrownBy(() -> CairnIndex.open(dir, Synthetic.standard(32)))
        .isInstanceOf(ModelMismatchException.class)
        .hasMessageContaining("32 dimensions");
    assertThatThrownBy(() -> CairnIndex.open(dir.resolve("nothing"), src))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  @Test
  void buildRejectsDuplicateIdsAndWrongDimensions(@TempDir Path dir) {
    Synthetic src = Synthetic.standard(DIMS);
    assertThatThrownBy(
            () ->
                CairnIndex.build(
                    dir,
                    OPTIONS,
                    src,
                    List.of(new ChunkVector(1, src.vector(1)), new ChunkVector(1, src.vector(1)))
                        .iterator()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chunk id 1 appears twice");
    assertThatThrownBy(
            () ->
                CairnIndex.build(
                    dir.resolve("b"),
                    OPTIONS,
                    src,
                    List.of(new ChunkVector(1, new float[10])).iterator()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10 dimensions, index has 64");
  }
}
