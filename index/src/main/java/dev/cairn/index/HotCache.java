package dev.cairn.index;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <p>Only {@link #resetPinned} (a build) and {@link #flush} write the file. {@link #pin}, {@link
 * #offer} and {@link #remove} change the cache in memory and remember the change; the index's
 * writer flushes them with its next mutation or when it closes, so a search never writes to disk.
 */
final class HotCache implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(HotCache.class);
  static final String FILE_NAME = "cache.sqlite";
  static final int SCHEMA_VERSION = 1;

  /** Approximate SQLite bytes per row beyond the fp16 vector (record header, cell, page slack). */
  static final int ROW_OVERHEAD = 40;

  private final Path file;
  private final int dims;
  private final Connection db;
  private final Map<Long, short[]> pinned = new HashMap<>();
  private final LinkedHashMap<Long, short[]> lru = new LinkedHashMap<>(64, 0.75f, true);
  private final Map<Long, Pending> pendingWrites = new LinkedHashMap<>();
  private final java.util.Set<Long> pendingDeletes = new java.util.HashSet<>();
  private long budgetBytes;
  private long clock;

  /** A row to write at the next flush. */
  private record Pending(boolean pinned, short[] vector) {}

  private HotCache(Path file, int dims, Connection db) {
    this.file = file;
    this.dims = dims;
    this.db = db;
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
      deleteFiles(file);
      try {
        return openOnce(file, modelId, dims, budgetBytes);
      } catch (SQLException e2) {
        throw new IOException("cannot create hot cache " + file + ": " + e2.getMessage(), e2);
      }
    }
  }

  private static HotCache openOnce(Path file, String modelId, int dims, long budgetBytes)
      throws SQLException {
    Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    HotCache cache = new HotCache(file, dims, db);
    try {
      cache.budgetBytes = budgetBytes;
      cache.checkSound();
      cache.init(modelId);
      cache.vacuumIfMostlyFree();
      return cache;
    } catch (SQLException | RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** Throws when SQLite finds the file damaged (not a database, corrupt pages). */
  private void checkSound() throws SQLException {
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
      String first = rs.next() ? rs.getString(1) : "no answer";
      if (!"ok".equalsIgnoreCase(first)) {
        throw new SQLException("quick_check: " + first);
      }
    }
  }

  /** Reclaims free pages when they outweigh the live rows (e.g. after many evictions). */
  private void vacuumIfMostlyFree() throws SQLException {
    long pageSize;
    long free;
    long pages;
    try (Statement st = db.createStatement()) {
      pageSize = longPragma(st, "page_size");
      free = longPragma(st, "freelist_count");
      pages = longPragma(st, "page_count");
      if (free * pageSize >= 64 * 1024 && free * 2 > pages) {
        LOG.info("vacuuming hot cache {}: {} of {} pages free", file, free, pages);
        st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        st.execute("VACUUM");
      }
    }
  }

  private static long longPragma(Statement st, String name) throws SQLException {
    try (ResultSet rs = st.executeQuery("PRAGMA " + name)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  static void deleteFiles(Path file) throws IOException {
    for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
      Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
    }
  }

  private void init(String modelId) throws SQLException {
    try (Statement st = db.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("PRAGMA synchronous=NORMAL");
      st.execute(
          "CREATE TABLE IF NOT EXISTS cache_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
      st.execute(
          "CREATE TABLE IF NOT EXISTS embedding(chunk_id INTEGER PRIMARY KEY, pinned INTEGER NOT"
              + " NULL, last_used INTEGER NOT NULL, vector BLOB NOT NULL)");
    }
    String schema = meta("schema_version");
    String model = meta("model_id");
    String d = meta("dims");
    boolean fresh = schema == null && model == null;
    if (!fresh
        && (!String.valueOf(SCHEMA_VERSION).equals(schema)
            || !modelId.equals(model)
            || !String.valueOf(dims).equals(d))) {
      LOG.info(
          "dropping hot cache {}: it holds model '{}' ({} dims, schema {}), index uses '{}' ({}"
              + " dims)",
          file,
          model,
          d,
          schema,
          modelId,
          dims);
      try (Statement st = db.createStatement()) {
        st.execute("DELETE FROM embedding");
      }
    }
    if (!String.valueOf(SCHEMA_VERSION).equals(schema)) {
      setMeta("schema_version", String.valueOf(SCHEMA_VERSION));
    }
    if (!modelId.equals(model)) {
      setMeta("model_id", modelId);
    }
    if (!String.valueOf(dims).equals(d)) {
      setMeta("dims", String.valueOf(dims));
    }
    try (Statement st = db.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT chunk_id, pinned, vector FROM embedding ORDER BY last_used, chunk_id")) {
      while (rs.next()) {
        short[] v = decode(rs.getBytes(3));
        if (v.length != dims) {
          continue;
        }
        if (rs.getInt(2) == 1) {
          pinned.put(rs.getLong(1), v);
        } else {
          lru.put(rs.getLong(1), v);
        }
        clock++;
      }
    }
  }

  private String meta(String key) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement("SELECT value FROM cache_meta WHERE key=?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private void setMeta(String key, String value) throws SQLException {
    try (PreparedStatement ps =
        db.prepareStatement("INSERT OR REPLACE INTO cache_meta(key, value) VALUES(?, ?)")) {
      ps.setString(1, key);
      ps.setString(2, value);
      ps.executeUpdate();
    }
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
    try {
      db.setAutoCommit(false);
      try (Statement st = db.createStatement()) {
        st.execute("DELETE FROM embedding");
      }
      pinned.clear();
      lru.clear();
      pendingWrites.clear();
      pendingDeletes.clear();
      try (PreparedStatement ps = insert()) {
        for (int i = 0; i < ids.size(); i++) {
          short[] v = VectorMath.toFp16(vectors.get(i));
          pinned.put(ids.get(i), v);
          bind(ps, ids.get(i), true, v);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      db.commit();
    } catch (SQLException e) {
      rollback();
      throw new IOException("cannot write hot cache " + file + ": " + e.getMessage(), e);
    } finally {
      autoCommit();
    }
  }

  /** Adds pinned rows (small-index vectors), outside the LRU budget; in memory until a flush. */
  synchronized void pin(long[] ids, float[][] vectors) {
    for (int i = 0; i < ids.length; i++) {
      short[] v = VectorMath.toFp16(vectors[i]);
      pinned.put(ids[i], v);
      lru.remove(ids[i]);
      pendingDeletes.remove(ids[i]);
      pendingWrites.remove(ids[i]);
      pendingWrites.put(ids[i], new Pending(true, v));
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
        pendingWrites.put(ids[i], new Pending(false, v));
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
    try {
      db.setAutoCommit(false);
      try (PreparedStatement ps = insert()) {
        for (Map.Entry<Long, Pending> e : pendingWrites.entrySet()) {
          bind(ps, e.getKey(), e.getValue().pinned(), e.getValue().vector());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (PreparedStatement del = db.prepareStatement("DELETE FROM embedding WHERE chunk_id=?")) {
        for (Long id : pendingDeletes) {
          del.setLong(1, id);
          del.addBatch();
        }
        del.executeBatch();
      }
      db.commit();
      pendingWrites.clear();
      pendingDeletes.clear();
    } catch (SQLException e) {
      rollback();
      throw new IOException("cannot write hot cache " + file + ": " + e.getMessage(), e);
    } finally {
      autoCommit();
    }
  }

  /** Bytes of the cache file and its WAL on disk. */
  synchronized long fileBytes() throws IOException {
    long bytes = Files.size(file);
    Path wal = file.resolveSibling(FILE_NAME + "-wal");
    if (Files.exists(wal)) {
      bytes += Files.size(wal);
    }
    return bytes;
  }

  /** Moves the WAL into the main file, so {@link #fileBytes()} shows the settled size. */
  synchronized void checkpoint() throws IOException {
    try (Statement st = db.createStatement()) {
      st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (SQLException e) {
      throw new IOException("cannot checkpoint hot cache " + file + ": " + e.getMessage(), e);
    }
  }

  private PreparedStatement insert() throws SQLException {
    return db.prepareStatement(
        "INSERT OR REPLACE INTO embedding(chunk_id, pinned, last_used, vector) VALUES(?, ?, ?, ?)");
  }

  private void bind(PreparedStatement ps, long id, boolean pin, short[] v) throws SQLException {
    ps.setLong(1, id);
    ps.setInt(2, pin ? 1 : 0);
    ps.setLong(3, ++clock);
    ps.setBytes(4, encode(v));
  }

  private static byte[] encode(short[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short s : v) {
      b.putShort(s);
    }
    return b.array();
  }

  private static short[] decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    short[] v = new short[bytes.length / 2];
    for (int i = 0; i < v.length; i++) {
      v[i] = b.getShort();
    }
    return v;
  }

  private void rollback() {
    try {
      db.rollback();
    } catch (SQLException e) {
      LOG.warn("rollback of hot cache {} failed: {}", file, e.getMessage());
    }
  }

  private void autoCommit() {
    try {
      db.setAutoCommit(true);
    } catch (SQLException e) {
      LOG.warn("cannot restore autocommit on hot cache {}: {}", file, e.getMessage());
    }
  }

  @Override
  public synchronized void close() throws IOException {
    try {
      try (Statement st = db.createStatement()) {
        st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      }
      db.close();
    } catch (SQLException e) {
      throw new IOException("cannot close hot cache " + file + ": " + e.getMessage(), e);
    }
  }
}
