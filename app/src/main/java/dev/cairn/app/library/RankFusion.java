package dev.cairn.app.library;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuses ranked lists of chunk ids by weighted reciprocal rank fusion: {@code score(d) = Σ w_i / (c
 * + rank_i(d))} with 1-based ranks (Cormack et al., 2009). Ties keep the order of first appearance,
 * vector list first. Stateless and thread-safe.
 */
public final class RankFusion {
  /** The usual RRF constant. */
  static final double DEFAULT_C = 60;

  private RankFusion() {}

  /** One fused result. */
  public record Fused(long chunkId, double score) {}

  /**
   * Fuses two rankings.
   *
   * @param vector chunk ids best first from the vector search
   * @param lexical chunk ids best first from the lexical search
   * @param vectorWeight weight of the vector ranking
   * @param lexicalWeight weight of the lexical ranking
   * @param c the rank constant (> 0)
   * @param k how many to return
   */
  public static List<Fused> fuse(
      long[] vector, long[] lexical, double vectorWeight, double lexicalWeight, double c, int k) {
    if (c <= 0) {
      throw new IllegalArgumentException("RRF constant must be > 0, got " + c);
    }
    Map<Long, double[]> scores = new LinkedHashMap<>();
    add(scores, vector, vectorWeight, c);
    add(scores, lexical, lexicalWeight, c);
    List<Fused> out = new ArrayList<>(scores.size());
    scores.forEach((id, s) -> out.add(new Fused(id, s[0])));
    out.sort(Comparator.comparingDouble(Fused::score).reversed());
    return out.size() > k ? List.copyOf(out.subList(0, k)) : out;
  }

  private static void add(Map<Long, double[]> scores, long[] ranking, double weight, double c) {
    for (int i = 0; i < ranking.length; i++) {
      double contribution = weight / (c + i + 1);
      scores.computeIfAbsent(ranking[i], id -> new double[1])[0] += contribution;
    }
  }

  /**
   * Fuses two scored rankings by a convex combination of min-max normalised scores: {@code
   * alpha·norm(vector) + (1−alpha)·norm(lexical)}, a chunk missing from a list counting 0 there.
   *
   * @param alpha weight of the vector scores, in [0, 1]
   */
  public static List<Fused> convex(
      long[] vector,
      double[] vectorScores,
      long[] lexical,
      double[] lexicalScores,
      double alpha,
      int k) {
    return combine(convexParts(vector, vectorScores, lexical, lexicalScores, alpha), null, k);
  }

  private static void addNormalised(
      Map<Long, double[]> scores, long[] ids, double[] raw, double weight) {
    addNormalised(scores, ids, raw, weight, 0);
  }

  private static void addNormalised(
      Map<Long, double[]> scores, long[] ids, double[] raw, double weight, int slot) {
    if (ids.length != raw.length) {
      throw new IllegalArgumentException(ids.length + " ids but " + raw.length + " scores");
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : raw) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double range = max - min;
    for (int i = 0; i < ids.length; i++) {
      double norm = range > 0 ? (raw[i] - min) / range : 1.0;
      scores.computeIfAbsent(ids[i], id -> new double[2])[slot] += weight * norm;
    }
  }

  /**
   * A candidate's two weighted parts: {@code alpha·norm(vector)} and {@code
   * (1−alpha)·norm(lexical)}, 0 where the candidate is missing from that list.
   */
  public record Parts(long chunkId, double vector, double lexical) {
    double sum() {
      return vector + lexical;
    }
  }

  /**
   * The convex combination's parts: min-max normalised scores times their weights, in order of
   * first appearance (vector list first), as {@link #convex} adds them.
   */
  public static List<Parts> convexParts(
      long[] vector, double[] vectorScores, long[] lexical, double[] lexicalScores, double alpha) {
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
    }
    Map<Long, double[]> scores = new LinkedHashMap<>();
    addNormalised(scores, vector, vectorScores, alpha, 0);
    addNormalised(scores, lexical, lexicalScores, 1 - alpha, 1);
    List<Parts> out = new ArrayList<>(scores.size());
    scores.forEach((id, s) -> out.add(new Parts(id, s[0], s[1])));
    return out;
  }

  /**
   * The fused top k of candidates' parts. Without {@code group} each chunk scores the sum of its
   * own parts. With it, chunks of one group (one document) pool their evidence: the group's best
   * chunk scores the group's best vector part plus its best lexical part, so a document whose
   * abstract matches the meaning in one passage and the words in another ranks as one match of
   * both; its other chunks keep their own sums (never above the best one's), so they do not crowd
   * other documents out of the top k.
   *
   * @param group the group of a chunk id (a document key), or null for chunk-level fusion
   */
  public static List<Fused> combine(
      List<Parts> parts, java.util.function.LongFunction<?> group, int k) {
    List<Fused> out = new ArrayList<>(parts.size());
    if (group == null) {
      for (Parts p : parts) {
        out.add(new Fused(p.chunkId(), p.sum()));
      }
    } else {
      Map<Object, Parts> pooled = new LinkedHashMap<>();
      Map<Object, Parts> best = new LinkedHashMap<>();
      for (Parts p : parts) {
        Object g = group.apply(p.chunkId());
        Object key = g != null ? g : p.chunkId();
        pooled.merge(
            key,
            p,
            (a, b) ->
                new Parts(
                    a.chunkId(),
                    Math.max(a.vector(), b.vector()),
                    Math.max(a.lexical(), b.lexical())));
        best.merge(key, p, (a, b) -> b.sum() > a.sum() ? b : a);
      }
      for (Parts p : parts) {
        Object g = group.apply(p.chunkId());
        Object key = g != null ? g : p.chunkId();
        boolean lead = best.get(key).chunkId() == p.chunkId();
        out.add(new Fused(p.chunkId(), lead ? pooled.get(key).sum() : p.sum()));
      }
    }
    out.sort(Comparator.comparingDouble(Fused::score).reversed());
    return out.size() > k ? List.copyOf(out.subList(0, k)) : out;
  }

  /**
   * Hybrid fusion on PQ estimates with one exact pass over the best {@code rerank} candidates, as
   * {@link SearchPipeline.HybridScoring#RERANK} runs it; public for the evaluation's rerank sweep,
   * which scores candidates from an exact flat index instead of recomputing.
   *
   * @param vector the index's PQ-ranked candidates ({@code CairnIndex.approximate})
   * @param lexicalVector estimates of the lexical candidates missing from {@code vector}
   * @param scorer exact scores of the chunks asked
   * @param group a chunk's document key for document-level fusion ({@link #combine}), or null
   */
  public static List<Fused> estimateThenRerank(
      List<dev.cairn.index.ApproximateHit> vector,
      List<dev.cairn.index.ApproximateHit> lexicalVector,
      long[] lexicalIds,
      double[] lexicalScores,
      int depth,
      int k,
      int rerank,
      java.util.function.Function<long[], dev.cairn.index.ExactScores> scorer,
      java.util.function.LongFunction<?> group) {
    try {
      return BoundedFusion.rerankTop(
              vector,
              lexicalVector,
              lexicalIds,
              lexicalScores,
              SearchPipeline.HYBRID_VECTOR_WEIGHT,
              depth,
              k,
              rerank,
              scorer::apply,
              group)
          .fused();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
