package dev.cairn.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delta segment: changes to a graph index go to {@code delta.log} (the main file is never
 * rewritten), are searched beside the graph with results equal to brute force over the live chunks,
 * survive reopening, and are folded into a new generation by compaction.
 */
class DeltaSegmentTest {
  static final int DIMS = CairnIndexTest.DIMS;
  static final int N = 1500;

  @TempDir Path tmp;

  /** Builds a graph index of N vectors, closed. */
  static Path buildBase(Path dir, Synthetic src) throws IOException {
    try (CairnIndex idx =
        CairnIndex.build(
            dir, CairnIndexTest.OPTIONS, CairnIndexTest.SEARCH, src, src.vectors(0, N))) {
      assertThat(idx.size()).isEqualTo(N);
    }
    return dir;
  }

  /** Brute-force top k over the given live chunks. */
  static List<SearchHit> bruteForce(Synthetic src, Set<Long> live, float[] query, int k) {
    TopHits top = new TopHits();
    for (long id : live) {
      top.offer(id, VectorMath.dot(query, src.vector(id)), k);
    }
    return top.best();
  }

  /**
   * Recall bound of the graph of {@link #N} chunks as built, the delta's hits aside (those must be
   * exact): measured 0.935-0.95 on this seeded data here, 0.9175 once in CI. jvector inserts nodes
   * concurrently, so the graph (and its recall over 40 queries, in steps of 0.0025) varies from run
   * to run with the thread interleaving; the bound sits below the lowest seen.
   */
  static final double BUILT_RECALL = 0.9;

  /**
   * Recall bound of a graph that took inserts and deletes by merges (as {@link CairnIndexTest}
   * holds it after compaction): inserted nodes are linked by PQ similarity, not exact vectors.
   */
  static final double MERGED_RECALL = 0.9;

  static void assertMatchesBruteForce(
      CairnIndex idx, Synthetic src, Set<Long> live, Set<Long> delta) throws IOException {
    assertMatchesBruteForce(idx, src, live, delta, BUILT_RECALL);
  }

  /**
   * Checks an index against brute force over {@code live}: same size and ids, no dead chunk ever
   * returned, mean recall@10 of at least {@code minRecall}, and every live delta chunk of the exact
   * top 10 found with its exact score.
   */
  static void assertMatchesBruteForce(
      CairnIndex idx, Synthetic src, Set<Long> live, Set<Long> delta, double minRecall)
      throws IOException {
    assertThat(idx.size()).isEqualTo(live.size());
    assertThat(Arrays.stream(idx.chunkIds()).boxed().toList())
        .containsExactlyInAnyOrderElementsOf(live);
    double sum = 0;
    int queries = 40;
    for (int q = 0; q < queries; q++) {
      float[] query = src.query(q);
      List<SearchHit> got = idx.search(query, 10, null).hits();
      List<SearchHit> want = bruteForce(src, live, query, 10);
      assertThat(got).hasSize(10).allMatch(h -> live.contains(h.chunkId()));
      sum += CairnIndexTest.recall(want, got);
      for (SearchHit w : want) {
        if (delta.contains(w.chunkId())) {
          assertThat(got).as("exact delta hit %d", w.chunkId()).contains(w);
        }
      }
    }
    assertThat(sum / queries).isGreaterThanOrEqualTo(minRecall);
  }

  @Test
  void insertsAndDeletesGoToTheDeltaAndSearchMatchesBruteForce() throws IOException {
    Synthetic src = Synthetic.standard(DIMS);
    Path dir = buildBase(tmp.resolve("idx"), src);
    Path main = dir.resolve(IndexFile.FILE_NAME);
    byte[] mainBefore = Files.readAllBytes(main);
    Set<Long> live = new LinkedHashSet<>();
    for (long id = 0; id < N; id++) {
      live.add(id);
    }
    Set<Long> delta = new LinkedHashSet<>();
    try (CairnIndex idx = CairnIndex.open(dir, src)) {
      List<ChunkVector> batch = new ArrayList<>();
      for (long id = 10_000; id < 10_300; id++) {
        batch.add(new ChunkVector(id, src.vector(id)));
        live.add(id);
        delta.add(id);
      }
      idx.insertAll(batch);
      for (long id = 0; id < 200; id++) { // main-graph chunks
        idx.delete(id);
        live.remove(id);
      }
      for (long id = 10_000; id < 10_050; id++) { // delta chunks
        idx.delete(id);
        live.remove(id);
        delta.remove(id);
      }
      for (long id = 100; id < 120; id++) { // re-inserted after their delete
        idx.insert(id, src.vector(id));
        live.add(id);
        delta.add(id);
      }
      assertThatThrownBy(() -> idx.insert(10_100, src.vector(10_100)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("10100 is already in the index");
      assertThat(idx.pendingChanges()).as("270 live delta vectors, 250 tombstones").isEqualTo(520);
      assertMatchesBruteForce(idx, src, live, delta);
      assertThat(idx.validate().problems()).isEmpty();
    }
    assertThat(Files.readAllBytes(main))
        .as("the main file is never rewritten")
        .isEqualTo(mainBefore);
    assertThat(dir.resolve(DeltaLog.FILE_NAME)).exists();
    try (CairnIndex reopened = CairnIndex.open(dir, src)) {
      assertMatchesBruteForce(reopened, src, live, delta);
    }
  }

  @Test
  void compactionMergesTheDeltaIntoANewGenerationWithTheSameAnswers() throws IOException {
    Synthetic src = Synthetic.standard(DIMS);
    Path dir = buildBase(tmp.resolve("idx"), src);
    Set<Long> live = new LinkedHashSet<>();
    for (long id = 300; id < N; id++) {
      live.add(id);
    }
    try (CairnIndex idx = CairnIndex.open(dir, src)) {
      List<ChunkVector> batch = new ArrayList<>();
      for (long id = 20_000; id < 20_400; id++) {
        batch.add(new ChunkVector(id, src.vector(id)));
        live.add(id);
      }
      idx.insertAll(batch);
      for (long id = 0; id < 300; id++) {
        idx.delete(id);
      }
      assertThat(idx.compactIfNeeded()).as("700 entries are below the threshold").isFalse();
      idx.compact();
      assertThat(idx.pendingChanges()).isZero();
      assertThat(dir.resolve(DeltaLog.FILE_NAME)).doesNotExist();
      assertThat(IndexGenerations.old(dir)).doesNotExist();
      assertThat(idx.validate().problems()).isEmpty();
      assertMatchesBruteForce(idx, src, live, Set.of(), MERGED_RECALL);
      // the index goes on taking changes after the swap
      idx.insert(30_000, src.vector(30_000));
      live.add(30_000L);
      assertThat(idx.search(src.vector(30_000), 1, null).hits().getFirst().chunkId())
          .isEqualTo(30_000);
    }
    try (CairnIndex reopened = CairnIndex.open(dir, src)) {
      assertThat(reopened.pendingChanges()).isEqualTo(1);
      assertMatchesBruteForce(reopened, src, live, Set.of(30_000L), MERGED_RECALL);
    }
  }

  @Test
  void aDeltaPastItsThresholdIsMergedByCompactIfNeeded() throws IOException {
    Synthetic src = Synthetic.standard(DIMS);
    Path dir = buildBase(tmp.resolve("idx"), src);
    try (CairnIndex idx = CairnIndex.open(dir, src)) {
      List<ChunkVector> batch = new ArrayList<>();
      for (long id = 40_000; id < 40_000 + DeltaSegment.MERGE_MIN; id++) {
        batch.add(new ChunkVector(id, src.vector(id)));
      }
      idx.insertAll(batch);
      assertThat(idx.compactIfNeeded()).isTrue();
      assertThat(idx.pendingChanges()).isZero();
      assertThat(idx.size()).isEqualTo(N + DeltaSegment.MERGE_MIN);
      assertThat(idx.validate().problems()).isEmpty();
    }
  }

  @Test
  void aTornLastFrameIsIgnoredAndCutOffByTheNextWriter() throws IOException {
    Synthetic src = Synthetic.standard(DIMS);
    Path dir = buildBase(tmp.resolve("idx"), src);
    try (CairnIndex idx = CairnIndex.open(dir, src)) {
      idx.insert(50_000, src.vector(50_000));
    }
    Path log = dir.resolve(DeltaLog.FILE_NAME);
    long whole = Files.size(log);
    // half of a second frame, as a crash mid-append leaves it
    Files.write(log, new byte[] {40, 1, 0, 0, 7, 7, 7, 7, 1, 0}, StandardOpenOption.APPEND);
    try (CairnIndex idx = CairnIndex.open(dir, src)) {
      assertThat(idx.size()).isEqualTo(N + 1);
      assertThat(idx.validate().problems()).isEmpty();
      idx.insert(50_001, src.vector(50_001));
    }
    assertThat(Files.size(log)).isGreaterThan(whole);
    try (CairnIndex idx = CairnIndex.open(dir, src)) {
      assertThat(idx.size()).isEqualTo(N + 2);
      assertThat(idx.search(src.vector(50_001), 1, null).hits().getFirst().chunkId())
          .isEqualTo(50_001);
    }
  }

  @Test
  void aDamagedFrameBeforeTheLastIsCorruptionNamingTheDeltaLog() throws IOException {
    Synthetic src = Synthetic.standard(DIMS);
    Path dir = buildBase(tmp.resolve("idx"), src);
    try (CairnIndex idx = CairnIndex.open(dir, src)) {
      idx.insert(60_000, src.vector(60_000));
      idx.insert(60_001, src.vector(60_001));
    }
    Path log = dir.resolve(DeltaLog.FILE_NAME);
    byte[] bytes = Files.readAllBytes(log);
    bytes[DeltaLog.HEADER_BYTES + DeltaLog.FRAME_HEADER_BYTES + 20] ^= 0x5A;
    Files.write(log, bytes);
    assertThatThrownBy(() -> CairnIndex.open(dir, src))
        .isInstanceOf(CorruptIndexException.class)
        .hasMessageContaining(DeltaLog.FILE_NAME)
        .hasMessageContaining("DELTA_FRAME");
  }

  @Test
  void aDeltaLogOfAnotherMainFileIsRefused() throws IOException {
    Synthetic src = Synthetic.standard(DIMS);
    Path a = buildBase(tmp.resolve("a"), src);
    Path b = buildBase(tmp.resolve("b"), src);
    try (CairnIndex idx = CairnIndex.open(a, src)) {
      idx.insert(70_000, src.vector(70_000));
    }
    Files.copy(a.resolve(DeltaLog.FILE_NAME), b.resolve(DeltaLog.FILE_NAME));
    assertThatThrownBy(() -> CairnIndex.open(b, src))
        .isInstanceOf(CorruptIndexException.class)
        .hasMessageContaining("belongs to main file");
  }

  @Test
  void writingTheMainSegmentBackCarriesTheDeltasDeletesAsTombstones() throws IOException {
    Synthetic src = Synthetic.standard(DIMS);
    Path dir = buildBase(tmp.resolve("idx"), src);
    Path copy = tmp.resolve("copy.cairn");
    try (CairnIndex idx = CairnIndex.open(dir, src)) {
      idx.delete(5);
      idx.insert(80_000, src.vector(80_000));
      idx.writeTo(copy);
    }
    try (IndexFile.Loaded loaded = IndexFile.read(copy)) {
      assertThat(loaded.nodes().isDeleted(loaded.nodes().nodeOf(5))).isTrue();
      assertThat(loaded.nodes().liveCount()).isEqualTo(N - 1);
      assertThat(loaded.nodes().nodeOf(80_000)).as("inserts wait for a merge").isNegative();
    }
  }

  @Test
  void aSearchWritesNothingToTheIndexFolder() throws IOException {
    Synthetic src = Synthetic.standard(DIMS);
    Path dir = buildBase(tmp.resolve("idx"), src);
    try (CairnIndex reader = CairnIndex.open(dir, src)) {
      reader.search(src.query(0), 10, null); // warm-up: opening may settle SQLite's files
      byte[] cache = Files.readAllBytes(dir.resolve(HotCache.FILE_NAME));
      Path wal = dir.resolve(HotCache.FILE_NAME + "-wal");
      long walBefore = Files.exists(wal) ? Files.size(wal) : 0;
      long recomputed = 0;
      for (int q = 1; q < 20; q++) {
        recomputed += reader.search(src.query(q), 10, null).recomputed();
        reader.exactScores(src.query(q), new long[] {q, q + 1});
      }
      assertThat(recomputed).isPositive();
      assertThat(Files.readAllBytes(dir.resolve(HotCache.FILE_NAME))).isEqualTo(cache);
      assertThat(Files.exists(wal) ? Files.size(wal) : 0).isEqualTo(walBefore);
    }
  }
}
