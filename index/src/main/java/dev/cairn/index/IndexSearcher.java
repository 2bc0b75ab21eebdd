package dev.cairn.index;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.LongPredicate;

/**
 * Searches one state of an index: the main graph (PQ-ranked traversal, then the {@link Reranker})
 * beside the delta segment (exact scan), results merged by exact score; the delta's tombstones hide
 * main-graph nodes inside the traversal. In small-index mode the main part is an exact scan.
 *
 * <p>Stateless apart from its reranker; thread-safe for concurrent searches of an unchanging state
 * (the owning index holds its read lock).
 */
final class IndexSearcher {
  private final Reranker reranker;

  IndexSearcher(Reranker reranker) {
    this.reranker = reranker;
  }

  SearchResult search(
      MainSegment main,
      DeltaSegment delta,
      SearchOptions o,
      float[] query,
      int k,
      LongPredicate allowed)
      throws IOException {
    long t0 = System.nanoTime();
    NodeStore store = main.nodes();
    IndexMeta meta = main.meta();
    SearchResult result;
    if (store.liveCount() == 0) {
      result = SearchResult.empty(System.nanoTime() - t0);
    } else {
      IntPredicate accept = accept(store, delta, allowed);
      if (meta.smallMode()) {
        result = reranker.exactScan(store, query, k, accept, t0);
      } else {
        Pq pq = main.pq();
        Pq.Table table = pq.table(query);
        int ef = Math.max(o.searchBeamWidth(), k);
        GraphSearch.Candidates c =
            GraphSearch.search(store, table, pq.codeBytes(), meta.entryNode(), ef, k, accept);
        result = reranker.rerank(store, meta, query, k, c, o, t0);
      }
    }
    reranker.count(result.recomputed(), result.cacheHits());
    if (delta.liveCount() == 0) {
      return result;
    }
    TopHits top = new TopHits();
    for (SearchHit h : result.hits()) {
      top.offer(h.chunkId(), h.score(), k);
    }
    delta.scan(query, k, allowed, top);
    return new SearchResult(
        top.best(), result.recomputed(), result.cacheHits(), System.nanoTime() - t0);
  }

  /** Traversal candidates with calibrated intervals (see {@link CairnIndex#approximate}). */
  List<ApproximateHit> approximate(
      MainSegment main,
      DeltaSegment delta,
      SearchOptions o,
      float[] query,
      int depth,
      LongPredicate allowed)
      throws IOException {
    NodeStore store = main.nodes();
    IndexMeta meta = main.meta();
    List<ApproximateHit> out = new ArrayList<>();
    if (store.liveCount() > 0) {
      IntPredicate accept = accept(store, delta, allowed);
      if (meta.smallMode()) {
        SearchResult r = reranker.exactScan(store, query, depth, accept, System.nanoTime());
        reranker.count(r.recomputed(), r.cacheHits());
        r.hits().forEach(h -> out.add(ApproximateHit.exact(h.chunkId(), h.score())));
      } else {
        Pq pq = main.pq();
        Pq.Table table = pq.table(query);
        int ef = Math.max(o.searchBeamWidth(), depth);
        GraphSearch.Candidates c =
            GraphSearch.search(store, table, pq.codeBytes(), meta.entryNode(), ef, depth, accept);
        for (int i = 0; i < c.size(); i++) {
          out.add(interval(meta, o, store.chunkId(c.nodes()[i]), query, c.scores()[i]));
        }
      }
    }
    if (delta.liveCount() == 0) {
      return out;
    }
    TopHits top = new TopHits();
    delta.scan(query, depth, allowed, top);
    top.best().forEach(h -> out.add(ApproximateHit.exact(h.chunkId(), h.score())));
    out.sort(Comparator.comparingDouble(ApproximateHit::estimate).reversed());
    return out;
  }

  /** Intervals of the given chunks; ids not live are left out, order kept. */
  List<ApproximateHit> approximate(
      MainSegment main, DeltaSegment delta, SearchOptions o, float[] query, long[] chunkIds)
      throws IOException {
    NodeStore store = main.nodes();
    IndexMeta meta = main.meta();
    if (meta.smallMode()) {
      ExactScores e = reranker.exactScores(store, delta, query, chunkIds);
      List<ApproximateHit> out = new ArrayList<>(e.chunkIds().length);
      for (int i = 0; i < e.chunkIds().length; i++) {
        out.add(ApproximateHit.exact(e.chunkIds()[i], e.scores()[i]));
      }
      return out;
    }
    Pq pq = main.pq();
    Pq.Table table = pq.table(query);
    MemorySegment codes = store.codes();
    List<ApproximateHit> out = new ArrayList<>(chunkIds.length);
    for (long id : chunkIds) {
      float[] dv = delta.vector(id);
      if (dv != null) {
        out.add(ApproximateHit.exact(id, VectorMath.dot(query, dv)));
        continue;
      }
      int node = store.nodeOf(id);
      if (node < 0 || store.isDeleted(node) || delta.hides(id)) {
        continue;
      }
      float pqScore = table.score(codes, (long) node * pq.codeBytes());
      out.add(interval(meta, o, id, query, pqScore));
    }
    return out;
  }

  private ApproximateHit interval(
      IndexMeta meta, SearchOptions o, long chunkId, float[] query, float pqScore) {
    float[] cached = reranker.cache().get(chunkId);
    if (cached != null) {
      return ApproximateHit.exact(chunkId, VectorMath.dot(query, cached));
    }
    double q = o.rerankMarginQuantile();
    float estimate = meta.upperBound(pqScore, 0.5);
    float upper = Math.max(estimate, meta.upperBound(pqScore, q));
    float lower = Math.min(estimate, meta.upperBound(pqScore, 1 - q));
    return new ApproximateHit(chunkId, estimate, lower, upper, false);
  }

  private static IntPredicate accept(NodeStore store, DeltaSegment delta, LongPredicate allowed) {
    if (delta.isEmpty()) {
      return node ->
          !store.isDeleted(node) && (allowed == null || allowed.test(store.chunkId(node)));
    }
    return node -> {
      if (store.isDeleted(node)) {
        return false;
      }
      long id = store.chunkId(node);
      return !delta.hides(id) && (allowed == null || allowed.test(id));
    };
  }
}
