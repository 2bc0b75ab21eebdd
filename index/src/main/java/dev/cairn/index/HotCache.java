package dev.cairn.index;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot-embedding cache: exact embeddings (fp16) of hub nodes, chosen by degree, plus an LRU of
 * recently recomputed ones, in a SQLite file inside the index directory, within a byte budget.
 *
 * <p>Rows are keyed by chunk id under one model identity recorded in the {@code cache_meta} table;
 * when the model identity (or dimensions) differs at open, every row is dropped. Pinned rows (hubs,
 * and every vector of an index in small-index mode) are never evicted by the LRU. All methods are
 * synchronized: safe to share between search threads.
 *
 * <p>This class holds the rows in memory and decides what stays (budget, LRU, pinning); {@link
 * HotCacheFile} owns the SQLite file. Only {@link #resetPinned} (a build) and {@link #flush} write
 * the file. {@link #pin}, {@link #offer} and {@link #remove} change the cache in memory and
 * remember the change; the index's writer flushes them with its next mutation or when it closes, so
 * a search never writes to disk.
 */
final class HotCache implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(HotCache.class);
  static final String FILE_NAME = "cache.sqlite";
  static final int SCHEMA_VERSION = 1;

  /** Approximate SQLite bytes per row beyond the fp16 vector (record header, cell, page slack). */
  static final int ROW_OVERHEAD = 40;

  private final int dims;
  private final Map<Long, short[]> pinned = new HashMap<>();
  private final LinkedHashMap<Long, short[]> lru = new LinkedHashMap<>(64, 0.75f, true);
  private final Map<Long, HotCacheFile.Row> pendingWrites = new LinkedHashMap<>();
  private final Set<Long> pendingDeletes = new HashSet<>();
  private HotCacheFile store;
  private long budgetBytes;

  private HotCache(int dims, long budgetBytes) {
    this.dims = dims;
    this.budgetBytes = budgetBytes;
  }

  /**
   * Opens (or creates) the cache in {@code dir}. The cache is disposable: a file that is not a
   * SQLite database, fails SQLite's quick check, or has an unreadable schema is deleted and
   * recreated empty with a warning (the index recomputes what it needs), never an error that makes
   * the index unusable. A file with more free pages than live data is vacuumed.
   */
  static HotCache open(Path dir, String modelId, int dims, long budgetBytes) throws IOException {
    Path file = dir.resolve(FILE_NAME);
    try {
      return openOnce(file, modelId, dims, budgetBytes);
    } catch (SQLException | RuntimeException e) {
      LOG.warn(
          "the hot cache {} is damaged ({}); deleting it — its embeddings will be recomputed when"
              + " needed",
          file,
          e.getMessage());
      HotCacheFile.deleteFiles(file);
      try {
        return openOnce(file, modelId, dims, budgetBytes);
      } catch (SQLException e2) {
        throw new IOException("cannot create hot cache " + file + ": " + e2.getMessage(), e2);
      }
    }
  }

  private static HotCache openOnce(Path file, String modelId, int dims, long budgetBytes)
      throws SQLException {
    HotCache cache = new HotCache(dims, budgetBytes);
    cache.store =
        HotCacheFile.open(
            file,
            modelId,
            dims,
            (id, pin, v) -> {
              if (pin) {
                cache.pinned.put(id, v);
              } else {
                cache.lru.put(id, v);
              }
            });
    return cache;
  }

  static long entryBytes(int dims) {
    return dims * 2L + ROW_OVERHEAD;
  }

  synchronized void setBudget(long bytes) {
    this.budgetBytes = bytes;
  }

  synchronized long budgetBytes() {
    return budgetBytes;
  }

  /** Exact vector of a chunk, or null. A hit refreshes the chunk's LRU position. */
  synchronized float[] get(long chunkId) {
    short[] v = pinned.get(chunkId);
    if (v == null) {
      v = lru.get(chunkId);
    }
    return v == null ? null : VectorMath.fromFp16(v);
  }

  synchronized boolean contains(long chunkId) {
    return pinned.containsKey(chunkId) || lru.containsKey(chunkId);
  }

  synchronized int pinnedCount() {
    return pinned.size();
  }

  synchronized int size() {
    return pinned.size() + lru.size();
  }

  /** Replaces every pinned row (hubs) and empties the LRU. */
  synchronized void resetPinned(List<Long> ids, List<float[]> vectors) throws IOException {
    pinned.clear();
    lru.clear();
    pendingWrites.clear();
    pendingDeletes.clear();
    Map<Long, HotCacheFile.Row> rows = new LinkedHashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      short[] v = VectorMath.toFp16(vectors.get(i));
      pinned.put(ids.get(i), v);
      rows.put(ids.get(i), new HotCacheFile.Row(true, v));
    }
    store.write(true, rows, List.of());
  }

  /** Adds pinned rows (small-index vectors), outside the LRU budget; in memory until a flush. */
  synchronized void pin(long[] ids, float[][] vectors) {
    for (int i = 0; i < ids.length; i++) {
      short[] v = VectorMath.toFp16(vectors[i]);
      pinned.put(ids[i], v);
      lru.remove(ids[i]);
      pendingDeletes.remove(ids[i]);
      pendingWrites.remove(ids[i]);
      pendingWrites.put(ids[i], new HotCacheFile.Row(true, v));
    }
  }

  /**
   * Offers recently recomputed embeddings to the LRU; evicts the least recently used beyond the
   * budget left by pinned rows. In memory until a {@link #flush}.
   */
  synchronized void offer(long[] ids, float[][] vectors) {
    long capacity = budgetBytes / entryBytes(dims) - pinned.size();
    if (capacity <= 0) {
      return;
    }
    for (int i = 0; i < ids.length; i++) {
      if (!pinned.containsKey(ids[i])) {
        short[] v = VectorMath.toFp16(vectors[i]);
        lru.put(ids[i], v);
        pendingDeletes.remove(ids[i]);
        pendingWrites.remove(ids[i]);
        pendingWrites.put(ids[i], new HotCacheFile.Row(false, v));
      }
    }
    Iterator<Long> it = lru.keySet().iterator();
    while (lru.size() > capacity && it.hasNext()) {
      Long id = it.next();
      it.remove();
      pendingWrites.remove(id);
      pendingDeletes.add(id);
    }
  }

  /** Drops a chunk's row (deleted chunk); in memory until a flush. */
  synchronized void remove(long chunkId) {
    pinned.remove(chunkId);
    lru.remove(chunkId);
    pendingWrites.remove(chunkId);
    pendingDeletes.add(chunkId);
  }

  /** Whether changes wait for a {@link #flush}. */
  synchronized boolean dirty() {
    return !pendingWrites.isEmpty() || !pendingDeletes.isEmpty();
  }

  /** Writes the changes made since the last flush in one transaction. */
  synchronized void flush() throws IOException {
    if (!dirty()) {
      return;
    }
    store.write(false, pendingWrites, pendingDeletes);
    pendingWrites.clear();
    pendingDeletes.clear();
  }

  /** Bytes of the cache file and its WAL on disk. */
  synchronized long fileBytes() throws IOException {
    return store.fileBytes();
  }

  /** Moves the WAL into the main file, so {@link #fileBytes()} shows the settled size. */
  synchronized void checkpoint() throws IOException {
    store.checkpoint();
  }

  @Override
  public synchronized void close() throws IOException {
    store.close();
  }
}
