package dev.cairn.index;

import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntPredicate;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LEANN index: a degree-pruned proximity graph stored as compressed CSR, PQ codes for
 * approximate scores, and a small SQLite cache of hot exact embeddings. Everything else is
 * recomputed at query time through the {@link EmbeddingSource}: a search traverses the graph by PQ
 * score, then re-scores its most promising candidates exactly, cached ones first, the rest in
 * batches, and stops as soon as no remaining candidate can enter the exact top k.
 *
 * <p>Files in the index directory: {@code index.cairn} (see docs/index-format.md), {@code
 * cache.sqlite} (hot cache) and {@code write.lock}.
 *
 * <p>Threads: searches may run concurrently; mutations ({@link #insert}, {@link #delete}, {@link
 * #compact}) are exclusive and block searches of this instance while they run. Only one instance
 * (in any process) may mutate a directory: the first mutation takes the write lock (an index
 * returned by {@link #build} holds it already), and another writer gets {@link
 * IndexLockedException}. Each mutation writes a new file and renames it over the old one, so
 * readers in other processes keep a consistent (older) view until they reopen.
 *
 * <p>Small-index mode: below {@link IndexOptions#smallIndexThreshold()} vectors (too few to train
 * PQ) the index pins every exact vector in the cache and searches them exhaustively; it switches to
 * graph + PQ when it grows past the threshold.
 *
 * <p>The caller owns the instance and must {@link #close()} it; the embedding source is not closed
 * by the index.
 */
public final class CairnIndex implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(CairnIndex.class);

  private final Path dir;
  private final Path file;
  private final EmbeddingSource source;
  private final IndexOptions searchOverride;
  private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
  private final AtomicLong recomputedTotal = new AtomicLong();
  private final AtomicLong cacheHitTotal = new AtomicLong();

  private IndexMeta meta;
  private NodeStore nodes;
  private Pq pq;
  private IndexFile.Sizes sizes;
  private IndexFile.Loaded mapped;
  private final HotCache cache;
  private WriterLock lock;
  private boolean closed;

  private CairnIndex(
      Path dir,
      EmbeddingSource source,
      IndexOptions searchOverride,
      IndexMeta meta,
      NodeStore nodes,
      Pq pq,
      IndexFile.Sizes sizes,
      IndexFile.Loaded mapped,
      HotCache cache,
      WriterLock lock) {
    this.dir = dir;
    this.file = dir.resolve(IndexFile.FILE_NAME);
    this.source = source;
    this.searchOverride = searchOverride;
    this.meta = meta;
    this.nodes = nodes;
    this.pq = pq;
    this.sizes = sizes;
    this.mapped = mapped;
    this.cache = cache;
    this.lock = lock;
  }

  // ------------------------------------------------------------------------------ build / open

  /**
   * Builds a new index in {@code dir} from a stream of vectors (replacing any index there) and
   * returns it open, holding the write lock.
   *
   * @param vectors normalised vectors of {@code source.dimensions()} floats, unique chunk ids; may
   *     be empty
   * @throws IllegalArgumentException on a wrong dimension or a duplicate chunk id
   * @throws IndexLockedException if another writer holds the directory
   */
  public static CairnIndex build(
      Path dir, IndexOptions options, EmbeddingSource source, Iterator<ChunkVector> vectors)
      throws IOException {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(vectors, "vectors");
    if (options.pqSubspaces() > source.dimensions()) {
      throw new IllegalArgumentException(
          "pqSubspaces "
              + options.pqSubspaces()
              + " exceeds the "
              + source.dimensions()
              + " dimensions of the embedding source");
    }
    Path abs = dir.toAbsolutePath().normalize();
    Files.createDirectories(abs.getParent());
    IndexGenerations.cleanUp(abs);
    Path staging = IndexGenerations.staging(abs);
    IndexGenerations.deleteTree(staging);
    Files.createDirectories(staging);
    WriterLock lock = WriterLock.acquire(staging);
    WriterLock current = null;
    HotCache cache = null;
    boolean promoted = false;
    try {
      if (Files.isDirectory(abs)) {
        current = WriterLock.acquire(abs);
      }
      int dims = source.dimensions();
      List<float[]> vecs = new ArrayList<>();
      long[] ids = new long[1024];
      LongIntMap seen = new LongIntMap(1024);
      while (vectors.hasNext()) {
        ChunkVector cv = vectors.next();
        VectorMath.checkDims("vector of chunk " + cv.chunkId(), cv.vector(), dims);
        if (seen.get(cv.chunkId()) >= 0) {
          throw new IllegalArgumentException("chunk id " + cv.chunkId() + " appears twice");
        }
        seen.put(cv.chunkId(), vecs.size());
        if (vecs.size() == ids.length) {
          ids = Arrays.copyOf(ids, ids.length * 2);
        }
        ids[vecs.size()] = cv.chunkId();
        vecs.add(cv.vector());
      }
      int n = vecs.size();
      ids = Arrays.copyOf(ids, n);
      long started = System.nanoTime();
      cache = HotCache.open(staging, source.modelId(), dims, budgetBytes(options, n, dims));
      Built built = buildState(ids, vecs.toArray(new float[0][]), dims, source.modelId(), options);
      applyCache(cache, built, vecs, options, dims);
      IndexFile.write(staging.resolve(IndexFile.FILE_NAME), built.meta, built.nodes, built.pq);
      cache.checkpoint();
      cache.close();
      cache = null;
      // The new generation is complete: swap it in (the old one stays openable until then).
      IndexGenerations.promote(staging, abs);
      promoted = true;
      LOG.info(
          "built index {} with {} vectors in {} ms ({} mode)",
          abs,
          n,
          (System.nanoTime() - started) / 1_000_000,
          built.meta.smallMode() ? "small" : "graph");
    } catch (IOException | RuntimeException e) {
      if (cache != null) {
        cache.close();
      }
      throw e;
    } finally {
      lock.close();
      if (current != null) {
        current.close();
      }
      if (!promoted) {
        IndexGenerations.deleteTree(staging);
      }
    }
    CairnIndex index = open(abs, source, null);
    try {
      index.lock = WriterLock.acquire(abs);
    } catch (IOException | RuntimeException e) {
      index.close();
      throw e;
    }
    return index;
  }

  /**
   * Whether {@code dir} holds a complete index (or the two halves of an interrupted swap that
   * {@link #open} completes): a folder with only a lock file or a cache in it, left by a crash
   * during a first build, is no index.
   */
  public static boolean exists(Path dir) {
    return IndexGenerations.exists(dir);
  }

  /**
   * Removes what an interrupted build left beside {@code dir} (a staging folder nobody holds) and
   * finishes or undoes an interrupted swap, so that {@code dir} holds one complete index or none.
   * Never touches the folder of a build that is still running. {@link #open} and {@link #build}
   * call this themselves.
   */
  public static void cleanUp(Path dir) throws IOException {
    IndexGenerations.cleanUp(dir);
  }

  private record Built(
      IndexMeta meta, ArrayNodeStore nodes, Pq pq, List<Integer> hubsByDegree, boolean small) {}

  private static Built buildState(
      long[] ids, float[][] vectors, int dims, String modelId, IndexOptions options) {
    int n = ids.length;
    long now = System.currentTimeMillis();
    if (n < options.smallIndexThreshold()) {
      ArrayNodeStore store = new ArrayNodeStore(0, n);
      for (long id : ids) {
        store.add(id, new int[0], new byte[0]);
      }
      IndexMeta meta = new IndexMeta(dims, modelId, options, -1, true, 1, 0, new float[0], 0, now);
      return new Built(meta, store, null, List.of(), true);
    }
    GraphBuilder.Built b = GraphBuilder.build(ids, vectors, dims, options);
    IndexMeta meta =
        new IndexMeta(
            dims,
            modelId,
            options,
            b.entry(),
            false,
            b.calibration().slope(),
            b.calibration().intercept(),
            b.calibration().quantiles(),
            b.degreeBeforePruning(),
            now);
    List<Integer> hubs = new ArrayList<>();
    for (int node : b.hubsByDegree()) {
      if (b.nodes().isHub(node)) {
        hubs.add(node);
      }
    }
    return new Built(meta, b.nodes(), b.pq(), hubs, false);
  }

  /** Pins hub embeddings (by degree, within the budget), or every vector in small mode. */
  private static void applyCache(
      HotCache cache, Built built, List<float[]> vectors, IndexOptions options, int dims)
      throws IOException {
    List<Long> ids = new ArrayList<>();
    List<float[]> vecs = new ArrayList<>();
    if (built.small) {
      for (int i = 0; i < vectors.size(); i++) {
        ids.add(built.nodes.chunkId(i));
        vecs.add(vectors.get(i));
      }
    } else {
      long capacity =
          budgetBytes(options, built.nodes.liveCount(), dims) / HotCache.entryBytes(dims);
      for (int node : built.hubsByDegree) {
        if (ids.size() >= capacity) {
          break;
        }
        ids.add(built.nodes.chunkId(node));
        vecs.add(vectors.get(node));
      }
    }
    cache.setBudget(budgetBytes(options, built.nodes.liveCount(), dims));
    cache.resetPinned(ids, vecs);
  }

  static long budgetBytes(IndexOptions o, int live, int dims) {
    double share = o.hotCacheShare() * live * dims * 4.0;
    double cap = o.hotCacheMaxMb() * 1024 * 1024;
    return (long) Math.min(share, cap);
  }

  /** Opens an existing index with the search settings it was built with. */
  public static CairnIndex open(Path dir, EmbeddingSource source) throws IOException {
    return open(dir, source, null);
  }

  /**
   * Opens an existing index for searching. The index holds no write lock until its first mutation.
   *
   * @param searchOptions if not null, its search settings (beam width, rerank, batch size, cache
   *     budget) replace the stored ones; build settings always come from the file
   * @throws NoSuchFileException if the directory holds no index
   * @throws CorruptIndexException if the file is damaged (names file and section)
   * @throws IndexVersionException if the file has another format version (rebuild needed)
   * @throws ModelMismatchException if the index was built with another model or dimensions
   */
  public static CairnIndex open(Path dir, EmbeddingSource source, IndexOptions searchOptions)
      throws IOException {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(source, "source");
    if (IndexGenerations.needsCleanUp(dir)) {
      IndexGenerations.cleanUp(dir);
    }
    Path file = dir.resolve(IndexFile.FILE_NAME);
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "no Cairn index in " + dir);
    }
    IndexFile.Loaded loaded = IndexFile.read(file);
    HotCache cache = null;
    try {
      IndexMeta meta = loaded.meta();
      checkModel(meta, source);
      if (searchOptions != null) {
        meta = meta.withOptions(merge(meta.options(), searchOptions));
      }
      cache =
          HotCache.open(
              dir,
              meta.modelId(),
              meta.dims(),
              budgetBytes(meta.options(), loaded.nodes().liveCount(), meta.dims()));
      CairnIndex index =
          new CairnIndex(
              dir,
              source,
              searchOptions,
              meta,
              loaded.nodes(),
              loaded.pq(),
              loaded.sizes(),
              loaded,
              cache,
              null);
      index.restoreSmallModeVectors();
      return index;
    } catch (IOException | RuntimeException e) {
      if (cache != null) {
        cache.close();
      }
      loaded.close();
      throw e;
    }
  }

  private static void checkModel(IndexMeta meta, EmbeddingSource source)
      throws ModelMismatchException {
    if (!meta.modelId().equals(source.modelId()) || meta.dims() != source.dimensions()) {
      throw new ModelMismatchException(
          meta.modelId(), meta.dims(), source.modelId(), source.dimensions());
    }
  }

  private static IndexOptions merge(IndexOptions stored, IndexOptions search) {
    return stored.toBuilder()
        .searchBeamWidth(search.searchBeamWidth())
        .recomputeBatchSize(search.recomputeBatchSize())
        .rerankMarginQuantile(search.rerankMarginQuantile())
        .maxRecomputations(search.maxRecomputations())
        .hotCacheShare(search.hotCacheShare())
        .hotCacheMaxMb(search.hotCacheMaxMb())
        .build();
  }

  /** In small mode every live vector must be in the cache; recompute the missing ones. */
  private void restoreSmallModeVectors() throws IOException {
    if (!meta.smallMode()) {
      return;
    }
    List<Long> missing = new ArrayList<>();
    for (int node = 0; node < nodes.nodeCount(); node++) {
      if (!nodes.isDeleted(node) && !cache.contains(nodes.chunkId(node))) {
        missing.add(nodes.chunkId(node));
      }
    }
    if (!missing.isEmpty()) {
      LOG.info("recomputing {} small-index vectors missing from the hot cache", missing.size());
      long[] ids = missing.stream().mapToLong(Long::longValue).toArray();
      cache.pin(ids, embed(ids));
    }
  }

  // ------------------------------------------------------------------------------ search

  /**
   * Finds the k chunks most similar to the query (cosine), among chunks the filter allows.
   *
   * @param query normalised query embedding of the index's dimensions
   * @param k number of results wanted, at least 1; fewer come back only when fewer allowed chunks
   *     exist
   * @param allowed chunk-id filter applied inside the traversal; null allows everything
   * @throws IllegalArgumentException if the query has the wrong number of dimensions or k < 1
   * @throws IOException if the embedding source fails
   */
  public SearchResult search(float[] query, int k, LongPredicate allowed) throws IOException {
    long t0 = System.nanoTime();
    Objects.requireNonNull(query, "query");
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    rw.readLock().lock();
    try {
      ensureOpen();
      VectorMath.checkDims("query", query, meta.dims());
      NodeStore store = nodes;
      if (store.liveCount() == 0) {
        return SearchResult.empty(System.nanoTime() - t0);
      }
      IntPredicate accept =
          node -> !store.isDeleted(node) && (allowed == null || allowed.test(store.chunkId(node)));
      SearchResult result;
      if (meta.smallMode()) {
        result = exactScan(store, query, k, accept, t0);
      } else {
        IndexOptions o = meta.options();
        Pq.Table table = pq.table(query);
        int ef = Math.max(o.searchBeamWidth(), k);
        GraphSearch.Candidates c =
            GraphSearch.search(store, table, pq.codeBytes(), meta.entryNode(), ef, k, accept);
        result = rerank(store, query, k, c, o, t0);
      }
      recomputedTotal.addAndGet(result.recomputed());
      cacheHitTotal.addAndGet(result.cacheHits());
      return result;
    } finally {
      rw.readLock().unlock();
    }
  }

  /**
   * The first level of {@link #search} without its re-rank: the PQ-ranked candidates of the graph
   * traversal with calibrated score intervals, recomputing nothing. Candidates whose exact vector
   * is in the hot cache (always, in small mode) come back exact. Callers that fuse several scores
   * use the intervals to recompute only the candidates that can still change their answer (see
   * {@link #exactScores}).
   *
   * @param depth candidates wanted, at least 1; the pool holds max(depth, beam width) of them
   * @param allowed chunk-id filter applied inside the traversal; null allows everything
   * @return candidates best first by PQ estimate (by exact score in small mode)
   * @throws IOException if the embedding source fails (small mode recomputes uncached vectors)
   */
  public List<ApproximateHit> approximate(float[] query, int depth, LongPredicate allowed)
      throws IOException {
    Objects.requireNonNull(query, "query");
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be >= 1, got " + depth);
    }
    rw.readLock().lock();
    try {
      ensureOpen();
      VectorMath.checkDims("query", query, meta.dims());
      NodeStore store = nodes;
      if (store.liveCount() == 0) {
        return List.of();
      }
      IntPredicate accept =
          node -> !store.isDeleted(node) && (allowed == null || allowed.test(store.chunkId(node)));
      if (meta.smallMode()) {
        SearchResult r = exactScan(store, query, depth, accept, System.nanoTime());
        recomputedTotal.addAndGet(r.recomputed());
        cacheHitTotal.addAndGet(r.cacheHits());
        return r.hits().stream().map(h -> ApproximateHit.exact(h.chunkId(), h.score())).toList();
      }
      IndexOptions o = meta.options();
      Pq.Table table = pq.table(query);
      int ef = Math.max(o.searchBeamWidth(), depth);
      GraphSearch.Candidates c =
          GraphSearch.search(store, table, pq.codeBytes(), meta.entryNode(), ef, depth, accept);
      List<ApproximateHit> out = new ArrayList<>(c.size());
      for (int i = 0; i < c.size(); i++) {
        out.add(approximateHit(store.chunkId(c.nodes()[i]), query, c.scores()[i], o));
      }
      return out;
    } finally {
      rw.readLock().unlock();
    }
  }

  /**
   * Calibrated score intervals of the given chunks, as {@link #approximate(float[], int,
   * LongPredicate)} gives them for traversal candidates (for chunks another retriever found). Chunk
   * ids the index does not hold live are left out; the order of the others is kept.
   */
  public List<ApproximateHit> approximate(float[] query, long[] chunkIds) throws IOException {
    Objects.requireNonNull(query, "query");
    rw.readLock().lock();
    try {
      ensureOpen();
      VectorMath.checkDims("query", query, meta.dims());
      NodeStore store = nodes;
      if (meta.smallMode()) {
        ExactScores e = exactScores(query, chunkIds);
        List<ApproximateHit> out = new ArrayList<>(e.chunkIds().length);
        for (int i = 0; i < e.chunkIds().length; i++) {
          out.add(ApproximateHit.exact(e.chunkIds()[i], e.scores()[i]));
        }
        return out;
      }
      IndexOptions o = meta.options();
      Pq.Table table = pq.table(query);
      MemorySegment codes = store.codes();
      List<ApproximateHit> out = new ArrayList<>(chunkIds.length);
      for (long id : chunkIds) {
        int node = store.nodeOf(id);
        if (node < 0 || store.isDeleted(node)) {
          continue;
        }
        float pqScore = table.score(codes, (long) node * pq.codeBytes());
        out.add(approximateHit(id, query, pqScore, o));
      }
      return out;
    } finally {
      rw.readLock().unlock();
    }
  }

  private ApproximateHit approximateHit(
      long chunkId, float[] query, float pqScore, IndexOptions o) {
    float[] cached = cache.get(chunkId);
    if (cached != null) {
      return ApproximateHit.exact(chunkId, VectorMath.dot(query, cached));
    }
    double q = o.rerankMarginQuantile();
    float estimate = meta.upperBound(pqScore, 0.5);
    float upper = Math.max(estimate, meta.upperBound(pqScore, q));
    float lower = Math.min(estimate, meta.upperBound(pqScore, 1 - q));
    return new ApproximateHit(chunkId, estimate, lower, upper, false);
  }

  /**
   * Exact cosine scores of the given chunks: hot cache first, the rest recomputed in one call to
   * the embedding source and offered to the cache. Chunk ids the index does not hold live are left
   * out.
   *
   * @throws IOException if the embedding source fails
   */
  public ExactScores exactScores(float[] query, long[] chunkIds) throws IOException {
    Objects.requireNonNull(query, "query");
    rw.readLock().lock();
    try {
      ensureOpen();
      VectorMath.checkDims("query", query, meta.dims());
      NodeStore store = nodes;
      long[] ids = new long[chunkIds.length];
      float[] scores = new float[chunkIds.length];
      int n = 0;
      int hits = 0;
      List<Integer> missingAt = new ArrayList<>();
      for (long id : chunkIds) {
        int node = store.nodeOf(id);
        if (node < 0 || store.isDeleted(node)) {
          continue;
        }
        float[] v = cache.get(id);
        if (v != null) {
          scores[n] = VectorMath.dot(query, v);
          hits++;
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
      recomputedTotal.addAndGet(missingAt.size());
      cacheHitTotal.addAndGet(hits);
      return new ExactScores(
          Arrays.copyOf(ids, n), Arrays.copyOf(scores, n), missingAt.size(), hits);
    } finally {
      rw.readLock().unlock();
    }
  }

  private SearchResult exactScan(
      NodeStore store, float[] query, int k, IntPredicate accept, long t0) throws IOException {
    GraphSearch.FloatHeap top = new GraphSearch.FloatHeap(k + 1, false);
    int hits = 0;
    List<Long> missing = new ArrayList<>();
    for (int node = 0; node < store.nodeCount(); node++) {
      if (!accept.test(node)) {
        continue;
      }
      float[] v = cache.get(store.chunkId(node));
      if (v == null) {
        missing.add((long) node);
        continue;
      }
      hits++;
      offer(top, k, node, VectorMath.dot(query, v));
    }
    int recomputed = 0;
    if (!missing.isEmpty()) {
      long[] ids = missing.stream().mapToLong(node -> store.chunkId((int) (long) node)).toArray();
      float[][] vecs = embed(ids);
      for (int i = 0; i < ids.length; i++) {
        offer(top, k, (int) (long) missing.get(i), VectorMath.dot(query, vecs[i]));
      }
      recomputed = ids.length;
      cache.pin(ids, vecs);
    }
    return new SearchResult(hits(store, top), recomputed, hits, System.nanoTime() - t0);
  }

  private SearchResult rerank(
      NodeStore store, float[] query, int k, GraphSearch.Candidates c, IndexOptions o, long t0)
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

  private float[][] embed(long[] ids) throws IOException {
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
      if (vecs[i] == null || vecs[i].length != meta.dims()) {
        throw new IOException(
            "embedding source returned "
                + (vecs[i] == null ? "null" : vecs[i].length + " dimensions")
                + " for chunk "
                + ids[i]
                + ", index has "
                + meta.dims());
      }
    }
    return vecs;
  }

  // ------------------------------------------------------------------------------ mutation

  /**
   * Adds one chunk to the index without a rebuild and writes the index.
   *
   * @throws IllegalArgumentException on a wrong dimension, or if the chunk id is already live
   * @throws IndexLockedException if another writer holds the directory
   */
  public void insert(long chunkId, float[] vector) throws IOException {
    insertAll(List.of(new ChunkVector(chunkId, vector)));
  }

  /** Adds several chunks and writes the index once. Same errors as {@link #insert}. */
  public void insertAll(List<ChunkVector> batch) throws IOException {
    Objects.requireNonNull(batch, "batch");
    rw.writeLock().lock();
    try {
      ensureOpen();
      LongIntMap seen = new LongIntMap(batch.size());
      for (ChunkVector cv : batch) {
        VectorMath.checkDims("vector of chunk " + cv.chunkId(), cv.vector(), meta.dims());
        if (seen.get(cv.chunkId()) >= 0) {
          throw new IllegalArgumentException("chunk id " + cv.chunkId() + " appears twice");
        }
        seen.put(cv.chunkId(), 0);
      }
      if (batch.isEmpty()) {
        return;
      }
      ArrayNodeStore store = ensureWriter();
      for (ChunkVector cv : batch) {
        int existing = store.nodeOf(cv.chunkId());
        if (existing >= 0 && !store.isDeleted(existing)) {
          throw new IllegalArgumentException(
              "chunk id " + cv.chunkId() + " is already in the index; delete it first");
        }
      }
      long[] ids = batch.stream().mapToLong(ChunkVector::chunkId).toArray();
      float[][] vecs = batch.stream().map(ChunkVector::vector).toArray(float[][]::new);
      if (meta.smallMode()) {
        for (long id : ids) {
          store.add(id, new int[0], new byte[0]);
        }
        cache.pin(ids, vecs);
        if (store.liveCount() >= meta.options().smallIndexThreshold()) {
          promoteToGraph(store);
        }
      } else {
        for (int i = 0; i < ids.length; i++) {
          insertIntoGraph(store, ids[i], vecs[i]);
        }
        keepReachable(store);
        cache.offer(ids, vecs);
      }
      persist();
    } finally {
      rw.writeLock().unlock();
    }
  }

  /**
   * An insert may take the only in-edge of an older node when it replaces a full neighbour list's
   * least similar entry; this gives every node cut off that way an edge from a reachable one again.
   */
  private void keepReachable(ArrayNodeStore store) {
    int n = store.nodeCount();
    int[][] adjacency = new int[n][];
    int[] degrees = new int[n];
    for (int v = 0; v < n; v++) {
      adjacency[v] = store.neighbourArray(v);
      degrees[v] = adjacency[v].length;
    }
    if (GraphBuilder.repair(adjacency, meta.entryNode(), null) > 0) {
      for (int v = 0; v < n; v++) {
        if (adjacency[v].length != degrees[v]) {
          store.setNeighbours(v, adjacency[v]);
        }
      }
    }
  }

  private void insertIntoGraph(ArrayNodeStore store, long chunkId, float[] v) {
    IndexOptions o = meta.options();
    int codeBytes = pq.codeBytes();
    Pq.Table table = pq.table(v);
    GraphSearch.Candidates c =
        GraphSearch.search(
            store,
            table,
            codeBytes,
            meta.entryNode(),
            Math.max(o.searchBeamWidth(), 2 * o.graphDegree()),
            0,
            node -> !store.isDeleted(node));
    int degree = o.prune() ? o.prunedDegree() : o.graphDegree();
    int pool = Math.min(c.size(), 3 * degree);
    float[][] approx = new float[pool][];
    MemorySegment codes = store.codes();
    for (int i = 0; i < pool; i++) {
      approx[i] = approximate(store, codes, c.nodes()[i], codeBytes);
    }
    LinkedHashSet<Integer> chosen = new LinkedHashSet<>();
    for (int i = 0; i < pool && chosen.size() < degree; i++) {
      boolean diverse = true;
      for (int s : chosen) {
        if (VectorMath.dot(approx[i], approx[s]) > c.scores()[i]) {
          diverse = false;
          break;
        }
      }
      if (diverse) {
        chosen.add(i);
      }
    }
    for (int i = 0; i < pool && chosen.size() < degree; i++) {
      chosen.add(i);
    }
    int[] neighbours = chosen.stream().mapToInt(i -> c.nodes()[i]).toArray();
    int node = store.add(chunkId, neighbours, pq.encode(v));
    codes = store.codes();
    boolean linked = false;
    for (int u : neighbours) {
      int cap = !o.prune() || store.isHub(u) ? o.graphDegree() : o.prunedDegree();
      linked |= link(store, codes, codeBytes, u, node, v, cap);
    }
    if (!linked && neighbours.length > 0) {
      link(store, codes, codeBytes, neighbours[0], node, v, IndexOptions.MAX_GRAPH_DEGREE);
    }
  }

  /** Adds edge u→node if u has room, else replaces u's least similar neighbour if node beats it. */
  private boolean link(
      ArrayNodeStore store,
      MemorySegment codes,
      int codeBytes,
      int u,
      int node,
      float[] v,
      int cap) {
    int[] nb = store.neighbourArray(u);
    if (nb.length < cap) {
      int[] grown = Arrays.copyOf(nb, nb.length + 1);
      grown[nb.length] = node;
      store.setNeighbours(u, grown);
      return true;
    }
    float[] uv = approximate(store, codes, u, codeBytes);
    int worst = -1;
    float worstSim = Float.POSITIVE_INFINITY;
    for (int j = 0; j < nb.length; j++) {
      float s = VectorMath.dot(uv, approximate(store, codes, nb[j], codeBytes));
      if (s < worstSim) {
        worstSim = s;
        worst = j;
      }
    }
    if (worst >= 0 && VectorMath.dot(uv, v) > worstSim) {
      int[] replaced = nb.clone();
      replaced[worst] = node;
      store.setNeighbours(u, replaced);
      return true;
    }
    return false;
  }

  /** Exact vector from the cache when there, else the PQ reconstruction. */
  private float[] approximate(NodeStore store, MemorySegment codes, int node, int codeBytes) {
    float[] v = cache.get(store.chunkId(node));
    return v != null ? v : pq.decode(codes, (long) node * codeBytes);
  }

  /** Small index grew past the threshold: train PQ and build the graph from the exact vectors. */
  private void promoteToGraph(ArrayNodeStore store) throws IOException {
    List<Long> ids = new ArrayList<>();
    List<float[]> vecs = new ArrayList<>();
    for (int node = 0; node < store.nodeCount(); node++) {
      if (!store.isDeleted(node)) {
        long id = store.chunkId(node);
        float[] v = cache.get(id);
        if (v == null) {
          v = embed(new long[] {id})[0];
        }
        ids.add(id);
        vecs.add(v);
      }
    }
    LOG.info("index {} reached {} vectors: building graph and PQ", dir, ids.size());
    Built built =
        buildState(
            ids.stream().mapToLong(Long::longValue).toArray(),
            vecs.toArray(new float[0][]),
            meta.dims(),
            meta.modelId(),
            meta.options());
    applyCache(cache, built, vecs, meta.options(), meta.dims());
    meta = built.meta;
    nodes = built.nodes;
    pq = built.pq;
  }

  /**
   * Marks a chunk deleted (tombstone) and writes the index; it is never returned again. Deleting an
   * unknown or already deleted chunk id does nothing.
   *
   * @throws IndexLockedException if another writer holds the directory
   */
  public void delete(long chunkId) throws IOException {
    rw.writeLock().lock();
    try {
      ensureOpen();
      ArrayNodeStore store = ensureWriter();
      int node = store.nodeOf(chunkId);
      if (node < 0 || store.isDeleted(node)) {
        return;
      }
      store.delete(node);
      cache.remove(chunkId);
      persist();
    } finally {
      rw.writeLock().unlock();
    }
  }

  /**
   * Removes tombstoned nodes for good: their in-neighbours are re-linked to the deleted nodes' live
   * neighbours (by PQ similarity), nodes are renumbered, and the index is written. No embedding is
   * recomputed.
   */
  public void compact() throws IOException {
    rw.writeLock().lock();
    try {
      ensureOpen();
      ArrayNodeStore store = ensureWriter();
      if (store.deletedCount() == 0) {
        return;
      }
      int n = store.nodeCount();
      int[] remap = new int[n];
      int live = 0;
      for (int v = 0; v < n; v++) {
        remap[v] = store.isDeleted(v) ? -1 : live++;
      }
      int codeBytes = meta.smallMode() ? 0 : pq.codeBytes();
      ArrayNodeStore compacted = new ArrayNodeStore(codeBytes, live);
      IndexOptions o = meta.options();
      MemorySegment codes = store.codes();
      int[][] adjacency = new int[live][];
      for (int v = 0; v < n; v++) {
        if (remap[v] < 0) {
          continue;
        }
        int[] nb = store.neighbourArray(v);
        LinkedHashSet<Integer> kept = new LinkedHashSet<>();
        List<Integer> candidates = new ArrayList<>();
        for (int u : nb) {
          if (remap[u] >= 0) {
            kept.add(u);
          } else {
            for (int w : store.neighbourArray(u)) {
              if (w != v && remap[w] >= 0) {
                candidates.add(w);
              }
            }
          }
        }
        int cap = nb.length;
        if (!meta.smallMode() && kept.size() < cap && !candidates.isEmpty()) {
          float[] vv = approximate(store, codes, v, codeBytes);
          candidates.sort(
              (a, b) ->
                  Float.compare(
                      VectorMath.dot(vv, approximate(store, codes, b, codeBytes)),
                      VectorMath.dot(vv, approximate(store, codes, a, codeBytes))));
          for (int w : candidates) {
            if (kept.size() >= cap) {
              break;
            }
            kept.add(w);
          }
        }
        adjacency[remap[v]] = kept.stream().mapToInt(u -> remap[u]).toArray();
      }
      int entry = -1;
      if (!meta.smallMode() && live > 0) {
        entry = remap[meta.entryNode()];
        for (int v = 0; v < n && entry < 0; v++) {
          if (remap[v] >= 0 && store.isHub(v)) {
            entry = remap[v];
          }
        }
        if (entry < 0) {
          entry = 0;
        }
        GraphBuilder.repair(adjacency, entry, null);
      }
      byte[] code = new byte[codeBytes];
      for (int v = 0; v < n; v++) {
        if (remap[v] < 0) {
          continue;
        }
        if (codeBytes > 0) {
          MemorySegment.copy(
              codes,
              java.lang.foreign.ValueLayout.JAVA_BYTE,
              (long) v * codeBytes,
              code,
              0,
              codeBytes);
        }
        int nv = compacted.add(store.chunkId(v), adjacency[remap[v]], code);
        compacted.setHub(nv, store.isHub(v));
      }
      LOG.info("compacted index {}: {} -> {} nodes", dir, n, live);
      nodes = compacted;
      meta = meta.withEntry(entry);
      persist();
    } finally {
      rw.writeLock().unlock();
    }
  }

  /** Takes the write lock if not held and switches to a mutable copy of the newest file. */
  private ArrayNodeStore ensureWriter() throws IOException {
    if (lock == null) {
      lock = WriterLock.acquire(dir);
    }
    if (nodes instanceof ArrayNodeStore store) {
      return store;
    }
    IndexFile.Loaded fresh = IndexFile.read(file);
    try {
      checkModel(fresh.meta(), source);
      IndexMeta m = fresh.meta();
      if (searchOverride != null) {
        m = m.withOptions(merge(m.options(), searchOverride));
      }
      Pq p = fresh.pq();
      ArrayNodeStore copy =
          ArrayNodeStore.copyOf(fresh.nodes(), m.smallMode() || p == null ? 0 : p.codeBytes());
      meta = m;
      pq = p;
      sizes = fresh.sizes();
      nodes = copy;
    } finally {
      fresh.close();
    }
    if (mapped != null) {
      mapped.close();
      mapped = null;
    }
    return (ArrayNodeStore) nodes;
  }

  private void persist() throws IOException {
    meta = meta.withModified(System.currentTimeMillis());
    sizes = IndexFile.write(file, meta, nodes, pq);
    cache.setBudget(budgetBytes(meta.options(), nodes.liveCount(), meta.dims()));
  }

  // ------------------------------------------------------------------------------ inspection

  /** Sizes, shape and cache hit rate of the index. */
  public IndexStats stats() throws IOException {
    rw.readLock().lock();
    try {
      ensureOpen();
      cache.checkpoint();
      long cacheBytes = cache.fileBytes();
      int live = nodes.liveCount();
      long flat = (long) live * meta.dims() * 4;
      long stored = sizes.graph() + sizes.pq() + cacheBytes;
      int n = nodes.nodeCount();
      long edges = 0;
      int hubs = 0;
      int[] buf = new int[IndexOptions.MAX_GRAPH_DEGREE];
      for (int v = 0; v < n; v++) {
        edges += nodes.neighbours(v, buf);
        if (nodes.isHub(v)) {
          hubs++;
        }
      }
      long hits = cacheHitTotal.get();
      long recomputed = recomputedTotal.get();
      return new IndexStats(
          sizes.graph(),
          sizes.pq(),
          cacheBytes,
          sizes.other(),
          sizes.total() + cacheBytes,
          flat,
          flat == 0 ? 0 : (double) stored / flat,
          live,
          meta.dims(),
          n == 0 ? 0 : (double) edges / n,
          n == 0 ? 0 : (double) hubs / n,
          hits + recomputed == 0 ? 0 : (double) hits / (hits + recomputed),
          meta.modelId(),
          Instant.ofEpochMilli(meta.lastModifiedMillis()));
    } finally {
      rw.readLock().unlock();
    }
  }

  /** Average out-degree of the graph jvector built, before pruning (0 in small mode). */
  public double degreeBeforePruning() {
    return meta.degreeBeforePruning();
  }

  /**
   * Checks the file on disk (header, every section's CRC32C) and the structure in memory: neighbour
   * ids in range, no self loops or duplicates, every live node reachable from the entry point,
   * small-index vectors present in the cache.
   */
  public ValidationReport validate() throws IOException {
    List<String> problems = new ArrayList<>();
    try (IndexFile.Loaded ignored = IndexFile.read(file)) {
      // checksums and structure of the stored file are verified by reading it
    } catch (CorruptIndexException | IndexVersionException e) {
      problems.add(e.getMessage());
    }
    rw.readLock().lock();
    try {
      ensureOpen();
      int n = nodes.nodeCount();
      int[] buf = new int[IndexOptions.MAX_GRAPH_DEGREE];
      int[][] adjacency = new int[n][];
      for (int v = 0; v < n; v++) {
        int deg = nodes.neighbours(v, buf);
        adjacency[v] = Arrays.copyOf(buf, deg);
        BitSet seen = new BitSet();
        for (int u : adjacency[v]) {
          if (u < 0 || u >= n) {
            problems.add("node " + v + " has neighbour " + u + " outside [0, " + n + ")");
          } else if (u == v) {
            problems.add("node " + v + " links to itself");
          } else if (seen.get(u)) {
            problems.add("node " + v + " lists neighbour " + u + " twice");
          } else {
            seen.set(u);
          }
        }
        if (problems.size() > 100) {
          break;
        }
      }
      if (meta.smallMode()) {
        for (int v = 0; v < n; v++) {
          if (!nodes.isDeleted(v) && !cache.contains(nodes.chunkId(v))) {
            problems.add("small-index vector of chunk " + nodes.chunkId(v) + " missing");
          }
        }
      } else if (n > 0 && problems.isEmpty()) {
        int entry = meta.entryNode();
        if (entry < 0 || entry >= n) {
          problems.add("entry node " + entry + " outside [0, " + n + ")");
        } else {
          BitSet reached = new BitSet(n);
          GraphBuilder.bfs(adjacency, entry, reached);
          int unreachable = 0;
          for (int v = 0; v < n; v++) {
            if (!nodes.isDeleted(v) && !reached.get(v)) {
              unreachable++;
            }
          }
          if (unreachable > 0) {
            problems.add(unreachable + " live nodes unreachable from entry node " + entry);
          }
        }
      }
    } finally {
      rw.readLock().unlock();
    }
    return ValidationReport.of(problems);
  }

  /** Live chunks. */
  public int size() {
    rw.readLock().lock();
    try {
      return nodes.liveCount();
    } finally {
      rw.readLock().unlock();
    }
  }

  /** Ids of the live chunks, in node order. */
  public long[] chunkIds() {
    rw.readLock().lock();
    try {
      long[] ids = new long[nodes.liveCount()];
      int j = 0;
      for (int v = 0; v < nodes.nodeCount(); v++) {
        if (!nodes.isDeleted(v)) {
          ids[j++] = nodes.chunkId(v);
        }
      }
      return ids;
    } finally {
      rw.readLock().unlock();
    }
  }

  /** Dimensions of the vectors. */
  public int dimensions() {
    return meta.dims();
  }

  /** Writes the current state to another file (format round trips, golden tests). */
  void writeTo(Path target) throws IOException {
    rw.readLock().lock();
    try {
      IndexFile.write(target, meta, nodes, pq);
    } finally {
      rw.readLock().unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("index " + dir + " is closed");
    }
  }

  /** Closes the cache, unmaps the file and releases the write lock. Idempotent. */
  @Override
  public void close() throws IOException {
    rw.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        cache.close();
      } finally {
        if (mapped != null) {
          mapped.close();
        }
        if (lock != null) {
          lock.close();
        }
      }
    } finally {
      rw.writeLock().unlock();
    }
  }
}
