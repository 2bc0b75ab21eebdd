package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.index.ApproximateHit;
import dev.cairn.index.ExactScores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class BoundedFusionTest {
  private static final double ALPHA = SearchPipeline.HYBRID_VECTOR_WEIGHT;

  /** A seeded query: exact scores, PQ estimates within ±0.02, intervals that contain the truth. */
  private static final class Scenario {
    final Map<Long, Float> exact = new HashMap<>();
    final List<ApproximateHit> pool = new ArrayList<>();
    final List<ApproximateHit> lexicalVector = new ArrayList<>();
    final long[] lexIds;
    final double[] lexScores;
    int recomputed;
    final Set<Long> asked = new HashSet<>();

    Scenario(long seed, int chunks, int poolSize, int lexical) {
      Random r = new Random(seed);
      List<ApproximateHit> all = new ArrayList<>();
      for (long id = 1; id <= chunks; id++) {
        float s = 0.2f + 0.6f * r.nextFloat();
        // PQ error and calibrated interval of the size SciFact's build reports (q95 ~0.06)
        float est = s + (r.nextFloat() - 0.5f) * 0.04f;
        exact.put(id, s);
        all.add(new ApproximateHit(id, est, est - 0.025f, est + 0.025f, false));
      }
      all.sort(Comparator.comparingDouble(ApproximateHit::estimate).reversed());
      pool.addAll(all.subList(0, poolSize));
      Set<Long> inPool = new HashSet<>();
      pool.forEach(h -> inPool.add(h.chunkId()));
      Set<Long> lex = new LinkedHashSet<>();
      while (lex.size() < lexical) {
        lex.add(1 + (long) r.nextInt(chunks));
      }
      lexIds = lex.stream().mapToLong(Long::longValue).toArray();
      lexScores = new double[lexIds.length];
      for (int i = 0; i < lexIds.length; i++) {
        lexScores[i] = 20 - i * 0.5; // BM25-like, best first
      }
      for (ApproximateHit h : all) {
        if (lex.contains(h.chunkId()) && !inPool.contains(h.chunkId())) {
          lexicalVector.add(h);
        }
      }
    }

    ExactScores score(long[] ids) {
      float[] s = new float[ids.length];
      for (int i = 0; i < ids.length; i++) {
        s[i] = exact.get(ids[i]);
        asked.add(ids[i]);
      }
      recomputed += ids.length;
      return new ExactScores(ids, s, ids.length, 0);
    }

    /** The fused top k computed with every vector score exact (the answer refining must give). */
    List<RankFusion.Fused> reference(int depth, int k) {
      double[] est = pool.stream().mapToDouble(ApproximateHit::estimate).sorted().toArray();
      double min = est[Math.max(0, est.length - depth)];
      Set<Long> cands = new LinkedHashSet<>();
      pool.forEach(h -> cands.add(h.chunkId()));
      Arrays.stream(lexIds).forEach(cands::add);
      double max = cands.stream().mapToDouble(exact::get).max().orElseThrow();
      double lmin = Arrays.stream(lexScores).min().orElseThrow();
      double lmax = Arrays.stream(lexScores).max().orElseThrow();
      Map<Long, Double> lexNorm = new HashMap<>();
      for (int i = 0; i < lexIds.length; i++) {
        lexNorm.put(lexIds[i], (lexScores[i] - lmin) / (lmax - lmin));
      }
      List<RankFusion.Fused> out = new ArrayList<>();
      for (long id : cands) {
        double s = exact.get(id);
        double v = s < min ? 0 : Math.min(1, (s - min) / (max - min));
        out.add(new RankFusion.Fused(id, ALPHA * v + (1 - ALPHA) * lexNorm.getOrDefault(id, 0.0)));
      }
      out.sort(Comparator.comparingDouble(RankFusion.Fused::score).reversed());
      return out.subList(0, k);
    }
  }

  @Test
  void refiningGivesTheSameTopKAsFusingExactScoresWhileRecomputingFewerCandidates()
      throws Exception {
    for (long seed = 1; seed <= 20; seed++) {
      Scenario sc = new Scenario(seed, 300, 100, 30);
      BoundedFusion.Outcome o =
          BoundedFusion.refine(
              sc.pool, sc.lexicalVector, sc.lexIds, sc.lexScores, ALPHA, 30, 10, sc::score);
      List<RankFusion.Fused> ref = sc.reference(30, 10);
      assertThat(o.fused())
          .extracting(RankFusion.Fused::chunkId)
          .as("seed %d", seed)
          .containsExactlyElementsOf(ref.stream().map(RankFusion.Fused::chunkId).toList());
      for (int i = 0; i < ref.size(); i++) {
        assertThat(o.fused().get(i).score()).isCloseTo(ref.get(i).score(), Offset.offset(1e-6));
      }
      assertThat(o.recomputed()).isEqualTo(sc.recomputed);
      int candidates = sc.pool.size() + sc.lexicalVector.size();
      assertThat(o.recomputed()).as("seed %d", seed).isLessThan(candidates / 2);
    }
  }

  @Test
  void aCandidateWhoseUpperBoundCannotReachTheTopKIsNeverRecomputed() throws Exception {
    Scenario sc = new Scenario(7, 300, 100, 30);
    BoundedFusion.Outcome o =
        BoundedFusion.refine(
            sc.pool, sc.lexicalVector, sc.lexIds, sc.lexScores, ALPHA, 30, 10, sc::score);
    double kth = o.fused().getLast().score();
    double[] est = sc.pool.stream().mapToDouble(ApproximateHit::estimate).sorted().toArray();
    double min = est[est.length - 30];
    Set<Long> lexical = new HashSet<>();
    Arrays.stream(sc.lexIds).forEach(lexical::add);
    for (ApproximateHit h : sc.pool) {
      if (!lexical.contains(h.chunkId()) && h.upper() < min) {
        assertThat(sc.asked).doesNotContain(h.chunkId());
      }
    }
    assertThat(kth).isPositive();
  }

  @Test
  void exactCandidatesFromTheCacheNeedNoRecomputation() throws Exception {
    List<ApproximateHit> pool =
        List.of(
            ApproximateHit.exact(1, 0.9f),
            ApproximateHit.exact(2, 0.8f),
            ApproximateHit.exact(3, 0.5f));
    BoundedFusion.Outcome o =
        BoundedFusion.refine(
            pool,
            List.of(),
            new long[] {3},
            new double[] {5},
            ALPHA,
            30,
            2,
            ids -> {
              throw new AssertionError("nothing to recompute");
            });
    assertThat(o.recomputed()).isZero();
    assertThat(o.cacheHits()).isEqualTo(3);
    assertThat(o.fused()).extracting(RankFusion.Fused::chunkId).containsExactly(1L, 2L);
  }

  @Test
  void noCandidatesFuseToNothing() throws Exception {
    BoundedFusion.Outcome o =
        BoundedFusion.refine(
            List.of(), List.of(), new long[0], new double[0], ALPHA, 30, 10, ids -> null);
    assertThat(o.fused()).isEmpty();
    assertThat(
            BoundedFusion.preliminary(
                List.of(), List.of(), new long[0], new double[0], ALPHA, 30, 10))
        .isEmpty();
  }

  @Test
  void lexicalOnlySearchesKeepTheLexicalOrder() throws Exception {
    BoundedFusion.Outcome o =
        BoundedFusion.refine(
            List.of(),
            List.of(),
            new long[] {5, 6, 7},
            new double[] {3, 2, 1},
            ALPHA,
            30,
            10,
            ids -> null);
    assertThat(o.fused()).extracting(RankFusion.Fused::chunkId).containsExactly(5L, 6L, 7L);
  }

  @Test
  void thePreliminaryListUsesEstimatesAndContainsTheLexicalHits() {
    Scenario sc = new Scenario(3, 500, 60, 5);
    List<RankFusion.Fused> first =
        BoundedFusion.preliminary(
            sc.pool, sc.lexicalVector, sc.lexIds, sc.lexScores, ALPHA, 30, 60);
    assertThat(first).hasSize(60);
    assertThat(first.getFirst().score()).isGreaterThan(first.getLast().score());
    assertThat(sc.recomputed).isZero();
  }

  @Test
  void rerankingRecomputesOnlyTheBestEstimatedCandidatesInOneBatch() throws Exception {
    for (long seed = 1; seed <= 10; seed++) {
      Scenario sc = new Scenario(seed, 300, 100, 30);
      int[] calls = {0};
      BoundedFusion.Outcome o =
          BoundedFusion.rerankTop(
              sc.pool,
              sc.lexicalVector,
              sc.lexIds,
              sc.lexScores,
              ALPHA,
              30,
              10,
              15,
              ids -> {
                calls[0]++;
                return sc.score(ids);
              },
              null);
      assertThat(calls[0]).as("seed %d", seed).isEqualTo(1);
      assertThat(o.recomputed()).isEqualTo(15).isEqualTo(sc.asked.size());
      // the ones recomputed are the 15 best of the estimate-only fusion
      List<Long> firstFifteen =
          BoundedFusion.preliminary(
                  sc.pool, sc.lexicalVector, sc.lexIds, sc.lexScores, ALPHA, 30, 15)
              .stream()
              .map(RankFusion.Fused::chunkId)
              .toList();
      assertThat(sc.asked).containsExactlyInAnyOrderElementsOf(firstFifteen);
      assertThat(o.fused()).hasSize(10);
      for (int i = 1; i < o.fused().size(); i++) {
        assertThat(o.fused().get(i).score()).isLessThanOrEqualTo(o.fused().get(i - 1).score());
      }
      // with every candidate recomputed it is the fusion of exact scores
      Scenario all = new Scenario(seed, 300, 100, 30);
      BoundedFusion.Outcome full =
          BoundedFusion.rerankTop(
              all.pool,
              all.lexicalVector,
              all.lexIds,
              all.lexScores,
              ALPHA,
              30,
              10,
              1000,
              all::score,
              null);
      List<RankFusion.Fused> ref = all.reference(30, 10);
      assertThat(full.fused())
          .extracting(RankFusion.Fused::chunkId)
          .containsExactlyElementsOf(ref.stream().map(RankFusion.Fused::chunkId).toList());
    }
  }

  @Test
  void rerankingNothingIsTheEstimateFusionAndCachedScoresCostNothing() throws Exception {
    Scenario sc = new Scenario(5, 300, 60, 10);
    BoundedFusion.Outcome none =
        BoundedFusion.rerankTop(
            sc.pool,
            sc.lexicalVector,
            sc.lexIds,
            sc.lexScores,
            ALPHA,
            30,
            10,
            0,
            ids -> {
              throw new AssertionError("nothing to recompute");
            },
            null);
    assertThat(none.fused())
        .containsExactlyElementsOf(
            BoundedFusion.preliminary(
                sc.pool, sc.lexicalVector, sc.lexIds, sc.lexScores, ALPHA, 30, 10));
    List<ApproximateHit> cached =
        List.of(ApproximateHit.exact(1, 0.9f), ApproximateHit.exact(2, 0.4f));
    BoundedFusion.Outcome o =
        BoundedFusion.rerankTop(
            cached,
            List.of(),
            new long[] {2},
            new double[] {5},
            ALPHA,
            30,
            2,
            15,
            ids -> {
              throw new AssertionError("cached scores are exact");
            },
            null);
    assertThat(o.recomputed()).isZero();
    assertThat(o.cacheHits()).isEqualTo(2);
    assertThat(o.fused()).extracting(RankFusion.Fused::chunkId).containsExactlyInAnyOrder(1L, 2L);
  }
}
