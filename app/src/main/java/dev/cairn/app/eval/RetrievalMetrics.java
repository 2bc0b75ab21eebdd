package dev.cairn.app.eval;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Retrieval quality figures as defined by BEIR / trec_eval. */
final class RetrievalMetrics {
  private RetrievalMetrics() {}

  /**
   * nDCG@k with graded relevance and linear gain (as pytrec_eval, used by BEIR): DCG = Σ rel_i /
   * log2(i + 1) over the first k ranked documents; the ideal sorts all judged relevances.
   *
   * @param ranked document ids best first (duplicates ignored after the first)
   * @param qrels relevance per document id (> 0 relevant)
   */
  static double ndcgAt(List<String> ranked, Map<String, Integer> qrels, int k) {
    double dcg = 0;
    Set<String> seen = new HashSet<>();
    int rank = 0;
    for (String id : ranked) {
      if (rank >= k) {
        break;
      }
      if (!seen.add(id)) {
        continue;
      }
      rank++;
      int rel = qrels.getOrDefault(id, 0);
      if (rel > 0) {
        dcg += rel / log2(rank + 1);
      }
    }
    int[] ideal =
        qrels.values().stream().filter(r -> r > 0).mapToInt(Integer::intValue).sorted().toArray();
    double idcg = 0;
    for (int i = 0; i < Math.min(k, ideal.length); i++) {
      idcg += ideal[ideal.length - 1 - i] / log2(i + 2);
    }
    return idcg == 0 ? 0 : dcg / idcg;
  }

  /** Share of {@code reference} found in {@code candidate} (1 when the reference is empty). */
  static double overlap(Collection<Long> candidate, Collection<Long> reference) {
    if (reference.isEmpty()) {
      return 1;
    }
    Set<Long> c = new HashSet<>(candidate);
    long hit = reference.stream().filter(c::contains).count();
    return (double) hit / reference.size();
  }

  /**
   * Share of the first {@code k} of {@code reference} found among the first {@code k} of {@code
   * candidate} (1 when the reference is empty): recall@k against the exact ranking.
   */
  static double overlapAt(List<String> candidate, List<String> reference, int k) {
    List<String> ref = reference.subList(0, Math.min(k, reference.size()));
    if (ref.isEmpty()) {
      return 1;
    }
    Set<String> cand = new HashSet<>(candidate.subList(0, Math.min(k, candidate.size())));
    return (double) ref.stream().filter(cand::contains).count() / ref.size();
  }

  /** The p-th percentile (0..100) by nearest rank; 0 for no values. */
  static double percentile(double[] values, double p) {
    if (values.length == 0) {
      return 0;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
