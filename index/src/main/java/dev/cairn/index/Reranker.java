package dev.cairn.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;

/**
 * The second level of a search: exact scores of candidates, taken from the hot cache first and
 * recomputed through the {@link EmbeddingSource} in batches for the rest, stopping as soon as no
 * remaining candidate can enter the exact top k. Recomputed vectors are offered to the cache in
 * memory only; a writer persists them ({@link HotCache#flush}), so a query never writes a file.
 *
 * <p>Thread-safe (the cache is synchronized, the counters atomic); the embedding source must be
 * safe for concurrent calls when searches run concurrently.
 */
final class Reranker {
  private final EmbeddingSource source;
  private final HotCache cache;
  private final int dims;
  private final AtomicLong recomputedTotal;
  private final AtomicLong cacheHitTotal;

  Reranker(EmbeddingSource source, HotCache cache, int dims) {
    this(source, cache, dims, new AtomicLong(), new AtomicLong());
  }

  private Reranker(
      EmbeddingSource source, HotCache cache, int dims, AtomicLong recomputed, AtomicLong hits) {
    this.source = source;
    this.cache = cache;
    this.dims = dims;
    this.recomputedTotal = recomputed;
    this.cacheHitTotal = hits;
  }

  /** The same reranker over another cache (a new generation's), keeping the totals. */
  Reranker withCache(HotCache other) {
    return new Reranker(source, other, dims, recomputedTotal, cacheHitTotal);
  }

  HotCache cache() {
    return cache;
  }

  /** Adds a query's work to the totals behind the cache hit rate. */
  void count(int recomputed, int hits) {
    recomputedTotal.addAndGet(recomputed);
    cacheHitTotal.addAndGet(hits);
  }

  /** Share of exact vectors taken from the cache over this instance's life. */
  double cacheHitRate() {
    long hits = cacheHitTotal.get();
    long recomputed = recomputedTotal.get();
    return hits + recomputed == 0 ? 0 : (double) hits / (hits + recomputed);
  }

  /** Small-index mode: every accepted node scored exactly (cache, else recomputed and pinned). */
  SearchResult exactScan(NodeStore store, float[] query, int k, IntPredicate accept, long t0)
      throws IOException {
    GraphSearch.FloatHeap top = new GraphSearch.FloatHeap(k + 1, false);
    int hits = 0;
    List<Integer> missing = new ArrayList<>();
    for (int node = 0; node < store.nodeCount(); node++) {
      if (!accept.test(node)) {
        continue;
      }
      float[] v = cache.get(store.chunkId(node));
      if (v == null) {
        missing.add(node);
        continue;
      }
      hits++;
      offer(top, k, node, VectorMath.dot(query, v));
    }
    int recomputed = 0;
    if (!missing.isEmpty()) {
      long[] ids = missing.stream().mapToLong(store::chunkId).toArray();
      float[][] vecs = embed(ids);
      for (int i = 0; i < ids.length; i++) {
        offer(top, k, missing.get(i), VectorMath.dot(query, vecs[i]));
      }
      recomputed = ids.length;
      cache.pin(ids, vecs);
    }
    return new SearchResult(hits(store, top), recomputed, hits, System.nanoTime() - t0);
  }

  /** Exact top k among the traversal's candidates (in PQ order), recomputing as few as it can. */
  SearchResult rerank(
      NodeStore store,
      IndexMeta meta,
      float[] query,
      int k,
      GraphSearch.Candidates c,
      SearchOptions o,
      long t0)
      throws IOException {
    int m = c.size();
    GraphSearch.FloatHeap top = new GraphSearch.FloatHeap(k + 1, false);
    boolean[] done = new boolean[m];
    int hits = 0;
    for (int i = 0; i < m; i++) {
      float[] v = cache.get(store.chunkId(c.nodes()[i]));
      if (v != null) {
        done[i] = true;
        hits++;
        offer(top, k, c.nodes()[i], VectorMath.dot(query, v));
      }
    }
    double quantile = o.rerankMarginQuantile();
    int maxRecompute = Math.max(o.maxRecomputations(), k);
    int recomputed = 0;
    List<Long> recomputedIds = new ArrayList<>();
    List<float[]> recomputedVecs = new ArrayList<>();
    int i = 0;
    int[] batch = new int[Math.max(o.recomputeBatchSize(), k)];
    while (recomputed < maxRecompute) {
      int limit =
          Math.min(Math.max(o.recomputeBatchSize(), k - top.size()), maxRecompute - recomputed);
      int count = 0;
      for (; i < m && count < limit; i++) {
        if (done[i]) {
          continue;
        }
        if (top.size() >= k && meta.upperBound(c.scores()[i], quantile) < top.topScore()) {
          i = m; // candidates are in PQ order: no later one can enter the top k either
          break;
        }
        batch[count++] = i;
      }
      if (count == 0) {
        break;
      }
      long[] ids = new long[count];
      for (int j = 0; j < count; j++) {
        ids[j] = store.chunkId(c.nodes()[batch[j]]);
      }
      float[][] vecs = embed(ids);
      for (int j = 0; j < count; j++) {
        offer(top, k, c.nodes()[batch[j]], VectorMath.dot(query, vecs[j]));
        recomputedIds.add(ids[j]);
        recomputedVecs.add(vecs[j]);
      }
      recomputed += count;
    }
    if (!recomputedIds.isEmpty()) {
      cache.offer(
          recomputedIds.stream().mapToLong(Long::longValue).toArray(),
          recomputedVecs.toArray(new float[0][]));
    }
    return new SearchResult(hits(store, top), recomputed, hits, System.nanoTime() - t0);
  }

  /**
   * Exact scores of the given chunks: delta vectors and the cache first, the rest recomputed in one
   * call. Chunk ids the index does not hold live are left out.
   */
  ExactScores exactScores(NodeStore store, DeltaSegment delta, float[] query, long[] chunkIds)
      throws IOException {
    long[] ids = new long[chunkIds.length];
    float[] scores = new float[chunkIds.length];
    int n = 0;
    int hits = 0;
    List<Integer> missingAt = new ArrayList<>();
    for (long id : chunkIds) {
      float[] v = delta.vector(id);
      if (v == null) {
        int node = store.nodeOf(id);
        if (node < 0 || store.isDeleted(node) || delta.hides(id)) {
          continue;
        }
        v = cache.get(id);
        if (v != null) {
          hits++;
        }
      }
      if (v != null) {
        scores[n] = VectorMath.dot(query, v);
      } else {
        missingAt.add(n);
      }
      ids[n++] = id;
    }
    if (!missingAt.isEmpty()) {
      long[] missing = missingAt.stream().mapToLong(i -> ids[i]).toArray();
      float[][] vecs = embed(missing);
      for (int j = 0; j < missing.length; j++) {
        scores[missingAt.get(j)] = VectorMath.dot(query, vecs[j]);
      }
      cache.offer(missing, vecs);
    }
    count(missingAt.size(), hits);
    return new ExactScores(Arrays.copyOf(ids, n), Arrays.copyOf(scores, n), missingAt.size(), hits);
  }

  /** Embeddings of the chunks from the source, checked for count and dimensions. */
  float[][] embed(long[] ids) throws IOException {
    float[][] vecs = source.embed(ids);
    if (vecs == null || vecs.length != ids.length) {
      throw new IOException(
          "embedding source returned "
              + (vecs == null ? "null" : vecs.length + " vectors")
              + " for "
              + ids.length
              + " chunk ids");
    }
    for (int i = 0; i < vecs.length; i++) {
      if (vecs[i] == null || vecs[i].length != dims) {
        throw new IOException(
            "embedding source returned "
                + (vecs[i] == null ? "null" : vecs[i].length + " dimensions")
                + " for chunk "
                + ids[i]
                + ", index has "
                + dims);
      }
    }
    return vecs;
  }

  private static void offer(GraphSearch.FloatHeap top, int k, int node, float score) {
    if (top.size() < k) {
      top.push(node, score);
    } else if (score > top.topScore()) {
      top.pop();
      top.push(node, score);
    }
  }

  private static List<SearchHit> hits(NodeStore store, GraphSearch.FloatHeap top) {
    SearchHit[] hits = new SearchHit[top.size()];
    for (int i = hits.length - 1; i >= 0; i--) {
      float s = top.topScore();
      hits[i] = new SearchHit(store.chunkId(top.pop()), s);
    }
    return List.of(hits);
  }
}
