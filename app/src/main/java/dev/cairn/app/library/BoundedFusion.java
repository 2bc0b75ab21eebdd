package dev.cairn.app.library;

import dev.cairn.index.ApproximateHit;
import dev.cairn.index.ExactScores;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hybrid fusion over vector score <em>intervals</em>: the convex combination of {@link
 * RankFusion#convex} (min-max normalised cosine and BM25 scores), where each vector candidate
 * starts with the interval the index's calibrated PQ error gives it and is recomputed exactly only
 * while its fused upper bound can still enter the top k. Lexical-only candidates get their vector
 * part from their PQ estimate and bound the same way.
 *
 * <p>Vector normalisation: the maximum is the best exact vector score (the candidates whose upper
 * bound exceeds it are recomputed first), the minimum the {@code depth}-th best vector estimate, as
 * the exact fusion normalises over its exact top-{@code depth} list; scores below the minimum count
 * 0, as chunks outside that list do there.
 *
 * <p>Stateless; one call per query, not thread-safe within a call.
 */
final class BoundedFusion {
  /** Embeddings recomputed per call to the index while refining. */
  static final int BATCH = 4;

  private BoundedFusion() {}

  /** Computes exact scores of chunks (the index's {@code exactScores}). */
  interface ExactScorer {
    ExactScores score(long[] chunkIds) throws IOException;
  }

  /** The fused top k, best first, and what refining it cost. */
  record Outcome(List<RankFusion.Fused> fused, int recomputed, int cacheHits) {}

  private static final class Candidate {
    final long id;
    double lower;
    double upper;
    double estimate;
    boolean exact;
    double lexical;

    Candidate(long id) {
      this.id = id;
      this.lower = Double.NEGATIVE_INFINITY;
      this.upper = Double.NEGATIVE_INFINITY;
      this.estimate = Double.NEGATIVE_INFINITY;
      this.exact = true; // no vector score known: its vector part is 0, exactly
    }

    void set(ApproximateHit h) {
      lower = h.lower();
      upper = h.upper();
      estimate = h.estimate();
      exact = h.exact();
    }

    void setExact(double s) {
      lower = s;
      upper = s;
      estimate = s;
      exact = true;
    }
  }

  private record Norm(double min, double max) {
    double of(double s) {
      if (s == Double.NEGATIVE_INFINITY || s < min) {
        return 0;
      }
      double range = max - min;
      return range > 0 ? Math.min(1, (s - min) / range) : 1;
    }
  }

  /**
   * The first, unrefined fusion: every vector part from its estimate, nothing recomputed.
   *
   * @param vector graph candidates best first by estimate
   * @param lexicalVector intervals of lexical candidates missing from {@code vector}
   */
  static List<RankFusion.Fused> preliminary(
      List<ApproximateHit> vector,
      List<ApproximateHit> lexicalVector,
      long[] lexicalIds,
      double[] lexicalScores,
      double alpha,
      int depth,
      int k) {
    Map<Long, Candidate> cands = candidates(vector, lexicalVector, lexicalIds, lexicalScores);
    Norm norm = new Norm(minAnchor(vector, depth), maxEstimate(cands));
    List<RankFusion.Parts> parts = new ArrayList<>();
    for (Candidate c : cands.values()) {
      parts.add(new RankFusion.Parts(c.id, alpha * norm.of(c.estimate), (1 - alpha) * c.lexical));
    }
    return RankFusion.combine(parts, null, k);
  }

  /**
   * Fusion on estimates, then one exact pass over the best {@code rerank} candidates: every
   * candidate is fused on its estimate as in {@link #preliminary}, the {@code rerank} best that are
   * not exact yet are recomputed in one batch (cache first), and all are fused again, the
   * recomputed ones on their exact score. Costs at most {@code rerank} recomputations whatever the
   * depth; a candidate left on its estimate may still rank in the top k. With {@code group} the
   * final fusion pools each document's parts ({@link RankFusion#combine}).
   */
  static Outcome rerankTop(
      List<ApproximateHit> vector,
      List<ApproximateHit> lexicalVector,
      long[] lexicalIds,
      double[] lexicalScores,
      double alpha,
      int depth,
      int k,
      int rerank,
      ExactScorer scorer,
      java.util.function.LongFunction<?> group)
      throws IOException {
    Map<Long, Candidate> cands = candidates(vector, lexicalVector, lexicalIds, lexicalScores);
    int cacheHits = exactCount(vector) + exactCount(lexicalVector);
    double min = minAnchor(vector, depth);
    Norm first = new Norm(min, maxEstimate(cands));
    List<Candidate> top =
        cands.values().stream()
            .sorted(
                Comparator.comparingDouble(
                        (Candidate c) -> alpha * first.of(c.estimate) + (1 - alpha) * c.lexical)
                    .reversed())
            .filter(c -> !c.exact)
            .limit(Math.max(0, rerank))
            .toList();
    int recomputed = 0;
    if (!top.isEmpty()) {
      ExactScores e = recompute(top, scorer);
      recomputed = e.recomputed();
      cacheHits += e.cacheHits();
    }
    Norm norm = new Norm(min, maxEstimate(cands));
    List<RankFusion.Parts> parts = new ArrayList<>();
    for (Candidate c : cands.values()) {
      parts.add(new RankFusion.Parts(c.id, alpha * norm.of(c.estimate), (1 - alpha) * c.lexical));
    }
    return new Outcome(RankFusion.combine(parts, group, k), recomputed, cacheHits);
  }

  /** How many of {@code hits} came back exact (hot-cache hits). */
  private static int exactCount(List<ApproximateHit> hits) {
    int n = 0;
    for (ApproximateHit h : hits) {
      n += h.exact() ? 1 : 0;
    }
    return n;
  }

  private static double maxEstimate(Map<Long, Candidate> cands) {
    double max = Double.NEGATIVE_INFINITY;
    for (Candidate c : cands.values()) {
      max = Math.max(max, c.estimate);
    }
    return max;
  }

  /** The exact fused top k: recomputes candidates until no inexact one can enter it. */
  static Outcome refine(
      List<ApproximateHit> vector,
      List<ApproximateHit> lexicalVector,
      long[] lexicalIds,
      double[] lexicalScores,
      double alpha,
      int depth,
      int k,
      ExactScorer scorer)
      throws IOException {
    Map<Long, Candidate> cands = candidates(vector, lexicalVector, lexicalIds, lexicalScores);
    int cacheHits = exactCount(vector) + exactCount(lexicalVector);
    int recomputed = 0;
    double min = minAnchor(vector, depth);
    // 1. Settle the normalisation maximum: the best exact vector score.
    while (true) {
      double bestExact = Double.NEGATIVE_INFINITY;
      for (Candidate c : cands.values()) {
        if (c.exact) {
          bestExact = Math.max(bestExact, c.upper);
        }
      }
      final double floor = bestExact;
      List<Candidate> above =
          cands.values().stream()
              .filter(c -> !c.exact && c.upper > floor)
              .sorted(Comparator.comparingDouble((Candidate c) -> c.upper).reversed())
              .limit(BATCH)
              .toList();
      if (above.isEmpty()) {
        break;
      }
      ExactScores e = recompute(above, scorer);
      recomputed += e.recomputed();
      cacheHits += e.cacheHits();
    }
    // 2. Refine the candidates whose fused upper bound reaches the k-th fused lower bound.
    while (true) {
      Norm norm = new Norm(min, maxExact(cands));
      double threshold = kthLower(cands, norm, alpha, k);
      List<Candidate> open =
          cands.values().stream()
              .filter(c -> !c.exact)
              .filter(
                  c -> {
                    double hi = alpha * norm.of(c.upper);
                    double lo = alpha * norm.of(c.lower);
                    return hi > lo && hi + (1 - alpha) * c.lexical >= threshold;
                  })
              .sorted(
                  Comparator.comparingDouble(
                          (Candidate c) -> alpha * norm.of(c.upper) + (1 - alpha) * c.lexical)
                      .reversed())
              .limit(BATCH)
              .toList();
      if (open.isEmpty()) {
        List<RankFusion.Fused> out = new ArrayList<>();
        for (Candidate c : cands.values()) {
          out.add(new RankFusion.Fused(c.id, alpha * norm.of(c.lower) + (1 - alpha) * c.lexical));
        }
        out.sort(Comparator.comparingDouble(RankFusion.Fused::score).reversed());
        return new Outcome(
            out.size() > k ? List.copyOf(out.subList(0, k)) : out, recomputed, cacheHits);
      }
      ExactScores e = recompute(open, scorer);
      recomputed += e.recomputed();
      cacheHits += e.cacheHits();
    }
  }

  private static ExactScores recompute(List<Candidate> cs, ExactScorer scorer) throws IOException {
    long[] ids = cs.stream().mapToLong(c -> c.id).toArray();
    ExactScores e = scorer.score(ids);
    Map<Long, Float> got = new LinkedHashMap<>();
    for (int i = 0; i < e.chunkIds().length; i++) {
      got.put(e.chunkIds()[i], e.scores()[i]);
    }
    for (Candidate c : cs) {
      Float s = got.get(c.id);
      if (s != null) {
        c.setExact(s);
      } else {
        c.setExact(Double.NEGATIVE_INFINITY); // deleted meanwhile: no vector part
      }
    }
    return e;
  }

  private static double maxExact(Map<Long, Candidate> cands) {
    double max = Double.NEGATIVE_INFINITY;
    for (Candidate c : cands.values()) {
      if (c.exact) {
        max = Math.max(max, c.upper);
      }
    }
    return max;
  }

  private static double kthLower(Map<Long, Candidate> cands, Norm norm, double alpha, int k) {
    if (cands.size() < k) {
      return Double.NEGATIVE_INFINITY;
    }
    double[] lows = new double[cands.size()];
    int i = 0;
    for (Candidate c : cands.values()) {
      lows[i++] = alpha * norm.of(c.lower) + (1 - alpha) * c.lexical;
    }
    java.util.Arrays.sort(lows);
    return lows[lows.length - k];
  }

  private static double minAnchor(List<ApproximateHit> vector, int depth) {
    if (vector.isEmpty()) {
      return Double.NEGATIVE_INFINITY;
    }
    double[] est = vector.stream().mapToDouble(ApproximateHit::estimate).sorted().toArray();
    return est[Math.max(0, est.length - depth)];
  }

  private static Map<Long, Candidate> candidates(
      List<ApproximateHit> vector,
      List<ApproximateHit> lexicalVector,
      long[] lexicalIds,
      double[] lexicalScores) {
    if (lexicalIds.length != lexicalScores.length) {
      throw new IllegalArgumentException(
          lexicalIds.length + " lexical ids but " + lexicalScores.length + " scores");
    }
    Map<Long, Candidate> cands = new LinkedHashMap<>();
    for (ApproximateHit h : vector) {
      cands.computeIfAbsent(h.chunkId(), Candidate::new).set(h);
    }
    double lmin = Double.POSITIVE_INFINITY;
    double lmax = Double.NEGATIVE_INFINITY;
    for (double v : lexicalScores) {
      lmin = Math.min(lmin, v);
      lmax = Math.max(lmax, v);
    }
    double range = lmax - lmin;
    for (int i = 0; i < lexicalIds.length; i++) {
      cands.computeIfAbsent(lexicalIds[i], Candidate::new).lexical =
          range > 0 ? (lexicalScores[i] - lmin) / range : 1.0;
    }
    for (ApproximateHit h : lexicalVector) {
      Candidate c = cands.get(h.chunkId());
      if (c != null && c.estimate == Double.NEGATIVE_INFINITY) {
        c.set(h);
      }
    }
    return cands;
  }
}
