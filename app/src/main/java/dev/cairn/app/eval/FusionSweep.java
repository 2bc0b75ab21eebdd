package dev.cairn.app.eval;

import dev.cairn.app.library.RankFusion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.ToDoubleFunction;

/**
 * The fusion sweep of a hybrid evaluation: fuses each query's vector and lexical lists by every
 * variant of {@link #VARIANTS} (through the product's {@link RankFusion}) and sums each variant's
 * nDCG@10. One instance per evaluation, used by one thread.
 */
final class FusionSweep {
  /** A fusion of scored vector and lexical rankings, for the fusion sweep. */
  interface Fusion {
    List<RankFusion.Fused> fuse(long[] v, double[] vs, long[] l, double[] ls, int k);
  }

  /** Fusions compared on every hybrid evaluation (their nDCG@10 goes to fusionVariants). */
  static final Map<String, Fusion> VARIANTS = new LinkedHashMap<>();

  static {
    VARIANTS.put("rrf c=60", (v, vs, l, ls, k) -> RankFusion.fuse(v, l, 1, 1, 60, k));
    VARIANTS.put("rrf c=20", (v, vs, l, ls, k) -> RankFusion.fuse(v, l, 1, 1, 20, k));
    VARIANTS.put(
        "rrf c=60 lexical x1.5", (v, vs, l, ls, k) -> RankFusion.fuse(v, l, 1, 1.5, 60, k));
    VARIANTS.put("rrf c=60 vector x1.5", (v, vs, l, ls, k) -> RankFusion.fuse(v, l, 1.5, 1, 60, k));
    for (double a : new double[] {0.3, 0.4, 0.5, 0.6, 0.7}) {
      VARIANTS.put("convex alpha=" + a, (v, vs, l, ls, k) -> RankFusion.convex(v, vs, l, ls, a, k));
    }
  }

  private final Map<String, Double> sums = new LinkedHashMap<>();

  /** Adds one query: every variant fuses the two lists, {@code ndcg} scores the fused chunk ids. */
  void add(
      long[] vectorIds,
      double[] vectorScores,
      long[] lexicalIds,
      double[] lexicalScores,
      int depth,
      ToDoubleFunction<List<Long>> ndcg) {
    for (var e : VARIANTS.entrySet()) {
      List<Long> v =
          e.getValue().fuse(vectorIds, vectorScores, lexicalIds, lexicalScores, depth).stream()
              .map(RankFusion.Fused::chunkId)
              .toList();
      sums.merge(e.getKey(), ndcg.applyAsDouble(v), Double::sum);
    }
  }

  /** Weights of the document-level convex variants ({@link RankFusion#combine} with a group). */
  static final double[] DOCUMENT_ALPHAS = {0.5, 0.6, 0.7};

  /**
   * Adds one query's document-level convex fusions: each document's best vector and best lexical
   * part pooled ("convex alpha=A by document").
   */
  void addByDocument(
      long[] vectorIds,
      double[] vectorScores,
      long[] lexicalIds,
      double[] lexicalScores,
      int depth,
      LongFunction<?> document,
      ToDoubleFunction<List<Long>> ndcg) {
    for (double a : DOCUMENT_ALPHAS) {
      List<Long> v =
          RankFusion.combine(
                  RankFusion.convexParts(vectorIds, vectorScores, lexicalIds, lexicalScores, a),
                  document,
                  depth)
              .stream()
              .map(RankFusion.Fused::chunkId)
              .toList();
      sums.merge("convex alpha=" + a + " by document", ndcg.applyAsDouble(v), Double::sum);
    }
  }

  /** Adds one query's nDCG of a variant computed elsewhere (the rerank sweep). */
  void add(String variant, double ndcg) {
    sums.merge(variant, ndcg, Double::sum);
  }

  /** Each variant's mean over {@code n} queries, in {@link #VARIANTS} order. */
  Map<String, Double> averaged(int n) {
    Map<String, Double> out = new LinkedHashMap<>();
    sums.forEach((k, v) -> out.put(k, v / n));
    return out;
  }
}
