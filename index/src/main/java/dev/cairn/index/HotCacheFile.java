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
import java.util.Collection;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot cache's SQLite file: its soundness check, schema and {@code cache_meta} (schema version,
 * model identity, dimensions), loading the rows at open, the two writes (replace every row; apply
 * the changes since the last flush, each one transaction), the {@code last_used} clock, the fp16
 * row encoding, checkpoint and vacuum. It knows nothing of budgets or eviction ({@link HotCache}
 * decides those); it touches only the file under its connection. Not thread-safe on its own: {@link
 * HotCache} calls it under its monitor.
 */
final class HotCacheFile implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(HotCache.class);

  /** A stored row handed to the loader at open: pinned or LRU, oldest use first. */
  interface RowSink {
    void row(long chunkId, boolean pinned, short[] vector);
  }

  /** A row to write: pinned (hub or small-index vector) or an LRU entry. */
  record Row(boolean pinned, short[] vector) {}

  private final Path file;
  private final int dims;
  private final Connection db;
  private long clock;

  private HotCacheFile(Path file, int dims, Connection db) {
    this.file = file;
    this.dims = dims;
    this.db = db;
  }

  /**
   * Opens (or creates) the file, checks it, drops every row when it was written for another model,
   * dimensions or schema, hands the rows of the right length to {@code sink} (oldest use first) and
   * vacuums a file that is mostly free pages. Closes the connection when any step fails.
   */
  static HotCacheFile open(Path file, String modelId, int dims, RowSink sink) throws SQLException {
    Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    HotCacheFile f = new HotCacheFile(file, dims, db);
    try {
      f.checkSound();
      f.init(modelId);
      f.load(sink);
      f.vacuumIfMostlyFree();
      return f;
    } catch (SQLException | RuntimeException e) {
      db.close();
      throw e;
    }
  }

  static void deleteFiles(Path file) throws IOException {
    for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
      Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
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
    try (Statement st = db.createStatement()) {
      long pageSize = longPragma(st, "page_size");
      long free = longPragma(st, "freelist_count");
      long pages = longPragma(st, "page_count");
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
    String version = String.valueOf(HotCache.SCHEMA_VERSION);
    String schema = meta("schema_version");
    String model = meta("model_id");
    String d = meta("dims");
    boolean fresh = schema == null && model == null;
    if (!fresh
        && (!version.equals(schema) || !modelId.equals(model) || !String.valueOf(dims).equals(d))) {
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
    if (!version.equals(schema)) {
      setMeta("schema_version", version);
    }
    if (!modelId.equals(model)) {
      setMeta("model_id", modelId);
    }
    if (!String.valueOf(dims).equals(d)) {
      setMeta("dims", String.valueOf(dims));
    }
  }

  private void load(RowSink sink) throws SQLException {
    try (Statement st = db.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT chunk_id, pinned, vector FROM embedding ORDER BY last_used, chunk_id")) {
      while (rs.next()) {
        short[] v = decode(rs.getBytes(3));
        if (v.length != dims) {
          continue;
        }
        sink.row(rs.getLong(1), rs.getInt(2) == 1, v);
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

  /**
   * One transaction: every row deleted when {@code replaceAll}, then {@code writes} written and
   * {@code deletes} deleted. Rolled back whole on failure.
   */
  void write(boolean replaceAll, Map<Long, Row> writes, Collection<Long> deletes)
      throws IOException {
    try {
      db.setAutoCommit(false);
      if (replaceAll) {
        try (Statement st = db.createStatement()) {
          st.execute("DELETE FROM embedding");
        }
      }
      try (PreparedStatement ps =
          db.prepareStatement(
              "INSERT OR REPLACE INTO embedding(chunk_id, pinned, last_used, vector)"
                  + " VALUES(?, ?, ?, ?)")) {
        for (Map.Entry<Long, Row> e : writes.entrySet()) {
          ps.setLong(1, e.getKey());
          ps.setInt(2, e.getValue().pinned() ? 1 : 0);
          ps.setLong(3, ++clock);
          ps.setBytes(4, encode(e.getValue().vector()));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      if (!deletes.isEmpty()) {
        try (PreparedStatement del =
            db.prepareStatement("DELETE FROM embedding WHERE chunk_id=?")) {
          for (Long id : deletes) {
            del.setLong(1, id);
            del.addBatch();
          }
          del.executeBatch();
        }
      }
      db.commit();
    } catch (SQLException e) {
      rollback();
      throw new IOException("cannot write hot cache " + file + ": " + e.getMessage(), e);
    } finally {
      autoCommit();
    }
  }

  /** Bytes of the cache file and its WAL on disk. */
  long fileBytes() throws IOException {
    long bytes = Files.size(file);
    Path wal = file.resolveSibling(file.getFileName() + "-wal");
    if (Files.exists(wal)) {
      bytes += Files.size(wal);
    }
    return bytes;
  }

  /** Moves the WAL into the main file. */
  void checkpoint() throws IOException {
    try (Statement st = db.createStatement()) {
      st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (SQLException e) {
      throw new IOException("cannot checkpoint hot cache " + file + ": " + e.getMessage(), e);
    }
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

  /** Checkpoints the WAL and closes the connection. */
  @Override
  public void close() throws IOException {
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
