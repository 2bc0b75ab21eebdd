package dev.cairn.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one open {@link CairnIndex} holds: the main segment, the delta segment, the hot cache, the
 * searcher over them and (for a writer) the write lock. Loading it from disk is here; searching,
 * mutating and validating are in their own classes. Not thread-safe: the owning index guards every
 * access with its read-write lock (mutations and {@link #reload} under the write lock).
 */
final class IndexState implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IndexState.class);

  final Path dir;
  final EmbeddingSource source;

  /** The search settings of this open instance; null: those recorded in the file. */
  private final SearchOptions searchOptions;

  MainSegment main;
  DeltaSegment delta;
  HotCache cache;
  Reranker reranker;
  IndexSearcher searcher;
  WriterLock lock;

  private IndexState(Path dir, EmbeddingSource source, SearchOptions searchOptions) {
    this.dir = dir;
    this.source = source;
    this.searchOptions = searchOptions;
  }

  /**
   * Loads the index in {@code dir}.
   *
   * @throws NoSuchFileException if the directory holds no index
   */
  static IndexState load(Path dir, EmbeddingSource source, SearchOptions searchOptions)
      throws IOException {
    IndexState s = new IndexState(dir, source, searchOptions);
    s.loadFiles(null);
    return s;
  }

  /** The search settings in force: the ones given at open, else those the file records. */
  SearchOptions search() {
    return searchOptions != null ? searchOptions : main.meta().search();
  }

  IndexMeta meta() {
    return main.meta();
  }

  /**
   * Reads the files again (after another writer changed them, or after a merge swapped in a new
   * generation), keeping the reranker's totals. The previous state is closed once the new one is
   * loaded; on failure the previous state stays.
   */
  void reload() throws IOException {
    MainSegment oldMain = main;
    DeltaSegment oldDelta = delta;
    HotCache oldCache = cache;
    if (lock != null) {
      oldCache.flush();
    }
    loadFiles(reranker);
    try {
      oldCache.close();
      oldDelta.close();
    } finally {
      oldMain.close();
    }
  }

  private void loadFiles(Reranker previous) throws IOException {
    if (IndexGenerations.needsCleanUp(dir)) {
      IndexGenerations.cleanUp(dir);
    }
    Path file = dir.resolve(IndexFile.FILE_NAME);
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, "no Cairn index in " + dir);
    }
    IndexFile.Loaded loaded = IndexFile.read(file);
    HotCache c = null;
    DeltaSegment d = null;
    try {
      IndexMeta meta = loaded.meta();
      checkModel(meta, source);
      MainSegment m = MainSegment.of(loaded);
      d = DeltaSegment.open(dir, meta.dims(), loaded.sizes().identity());
      SearchOptions o = searchOptions != null ? searchOptions : meta.search();
      c = HotCache.open(dir, meta.modelId(), meta.dims(), budget(o, m, d));
      main = m;
      delta = d;
      cache = c;
      reranker = previous == null ? new Reranker(source, c, meta.dims()) : previous.withCache(c);
      searcher = new IndexSearcher(reranker);
      restoreSmallModeVectors();
    } catch (IOException | RuntimeException e) {
      if (c != null) {
        c.close();
      }
      if (d != null) {
        d.close();
      }
      loaded.close();
      throw e;
    }
  }

  static void checkModel(IndexMeta meta, EmbeddingSource source) throws ModelMismatchException {
    if (!meta.modelId().equals(source.modelId()) || meta.dims() != source.dimensions()) {
      throw new ModelMismatchException(
          meta.modelId(), meta.dims(), source.modelId(), source.dimensions());
    }
  }

  /** Hot-cache budget for the live chunks of both segments. */
  static long budget(SearchOptions o, MainSegment m, DeltaSegment d) {
    return o.cacheBudgetBytes(liveCount(m, d), m.meta().dims());
  }

  /** Live chunks: the main graph's, less those the delta hides, plus the delta's. */
  static int liveCount(MainSegment m, DeltaSegment d) {
    int hidden = 0;
    for (long id : d.tombstones()) {
      if (m.holdsLive(id)) {
        hidden++;
      }
    }
    return m.nodes().liveCount() - hidden + d.liveCount();
  }

  int liveCount() {
    return liveCount(main, delta);
  }

  /** Ids of the live chunks: the main graph's in node order, then the delta's in insert order. */
  long[] chunkIds() {
    NodeStore nodes = main.nodes();
    long[] ids = new long[liveCount()];
    int j = 0;
    for (int v = 0; v < nodes.nodeCount(); v++) {
      if (!nodes.isDeleted(v) && !delta.hides(nodes.chunkId(v))) {
        ids[j++] = nodes.chunkId(v);
      }
    }
    for (long id : delta.inserted().keySet()) {
      ids[j++] = id;
    }
    return ids;
  }

  /** Whether the chunk is live in the index (main graph not hidden, or delta). */
  boolean holdsLive(long chunkId) {
    return delta.contains(chunkId) || (main.holdsLive(chunkId) && !delta.hides(chunkId));
  }

  /**
   * In small mode every live vector must be in the cache; recompute the missing ones (kept in
   * memory; the next writer persists them).
   */
  void restoreSmallModeVectors() throws IOException {
    if (!main.meta().smallMode()) {
      return;
    }
    NodeStore nodes = main.nodes();
    List<Long> missing = new ArrayList<>();
    for (int node = 0; node < nodes.nodeCount(); node++) {
      if (!nodes.isDeleted(node) && !cache.contains(nodes.chunkId(node))) {
        missing.add(nodes.chunkId(node));
      }
    }
    if (!missing.isEmpty()) {
      LOG.info("recomputing {} small-index vectors missing from the hot cache", missing.size());
      long[] ids = missing.stream().mapToLong(Long::longValue).toArray();
      cache.pin(ids, reranker.embed(ids));
    }
  }

  /** Writes the main segment to {@code target}, the delta's deletes as tombstones. */
  void writeMainTo(Path target) throws IOException {
    NodeStore nodes = main.nodes();
    if (!delta.tombstones().isEmpty()) {
      ArrayNodeStore copy =
          ArrayNodeStore.copyOf(nodes, main.meta().smallMode() ? 0 : main.pq().codeBytes());
      for (long id : delta.tombstones()) {
        int node = copy.nodeOf(id);
        if (node >= 0 && !copy.isDeleted(node)) {
          copy.delete(node);
        }
      }
      nodes = copy;
    }
    IndexFile.write(target, main.meta(), nodes, main.pq());
  }

  /** Sizes, shape and cache hit rate; the delta log counts in "other" bytes and in the ratio. */
  IndexStats stats() throws IOException {
    IndexFile.Sizes sizes = main.sizes();
    IndexMeta meta = meta();
    NodeStore nodes = main.nodes();
    cache.checkpoint();
    long cacheBytes = cache.fileBytes();
    long deltaBytes = delta.fileBytes();
    int live = liveCount();
    long flat = (long) live * meta.dims() * 4;
    long stored = sizes.graph() + sizes.pq() + cacheBytes + deltaBytes;
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
    return new IndexStats(
        sizes.graph(),
        sizes.pq(),
        cacheBytes,
        sizes.other() + deltaBytes,
        sizes.total() + cacheBytes + deltaBytes,
        flat,
        flat == 0 ? 0 : (double) stored / flat,
        live,
        meta.dims(),
        n == 0 ? 0 : (double) edges / n,
        n == 0 ? 0 : (double) hubs / n,
        reranker.cacheHitRate(),
        meta.modelId(),
        lastModified(meta));
  }

  private Instant lastModified(IndexMeta meta) throws IOException {
    Instant written = Instant.ofEpochMilli(meta.lastModifiedMillis());
    Path log = dir.resolve(DeltaLog.FILE_NAME);
    if (delta.fileBytes() == 0 || !Files.exists(log)) {
      return written;
    }
    FileTime t = Files.getLastModifiedTime(log);
    return t.toInstant().isAfter(written) ? t.toInstant() : written;
  }

  /** Persists what searches left in the cache (writers only) and closes every file. */
  @Override
  public void close() throws IOException {
    try {
      if (lock != null) {
        cache.flush();
      }
      cache.close();
    } finally {
      try {
        delta.close();
      } finally {
        main.close();
        if (lock != null) {
          lock.close();
        }
      }
    }
  }
}
