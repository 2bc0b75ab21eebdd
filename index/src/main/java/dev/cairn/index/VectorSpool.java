package dev.cairn.index;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable spool of computed embeddings while a first index build is in progress, so that a crash
 * loses at most the batch being computed: a SQLite file (WAL, {@code synchronous=FULL}, one
 * transaction per {@link #putAll} batch) holding each vector as float32 little-endian with a
 * CRC32C, under a meta table recording the format version, model id and dimensions.
 *
 * <p>The spool is disposable: {@link #open} discards and recreates a file that is not a spool of
 * this format, model and dimensions, or that SQLite cannot read (logged as a warning); rows whose
 * checksum or length does not match are dropped at open (logged), so their chunks count as not yet
 * embedded. Delete the spool with {@link #delete} once the index is complete.
 *
 * <p>Threads: all methods are synchronized; an iterator reads in pages and may be used while other
 * methods run (it sees rows committed before each page). The caller owns the instance and closes
 * it. Only one process should write a spool (the collection's writer).
 */
public final class VectorSpool implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(VectorSpool.class);

  /** Version of the spool's schema; another value at open discards the file. */
  public static final int FORMAT_VERSION = 1;

  private static final int PAGE = 512;

  private final Path file;
  private final int dims;
  private final Connection db;
  private int size;
  private boolean closed;
  private PreparedStatement containsQuery;

  private VectorSpool(Path file, int dims, Connection db) {
    this.file = file;
    this.dims = dims;
    this.db = db;
  }

  /**
   * Opens the spool at {@code file}, creating it if absent. A file written for another model or
   * dimensions, of another format version, or damaged, is discarded (warning) and recreated empty.
   *
   * @throws IllegalArgumentException if dims < 1 or the model id is blank
   * @throws IOException if the file cannot be created
   */
  public static VectorSpool open(Path file, String modelId, int dims) throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(modelId, "modelId");
    if (dims < 1) {
      throw new IllegalArgumentException("dims must be >= 1, got " + dims);
    }
    if (modelId.isBlank()) {
      throw new IllegalArgumentException("modelId must not be blank");
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (Files.exists(file)) {
      try {
        return openExisting(file, modelId, dims);
      } catch (SQLException | SpoolMismatch e) {
        LOG.warn(
            "discarding embedding spool {} ({}); its chunks will be embedded again",
            file,
            e.getMessage());
        delete(file);
      }
    }
    try {
      return create(file, modelId, dims);
    } catch (SQLException e) {
      delete(file);
      throw new IOException("cannot create embedding spool " + file + ": " + e.getMessage(), e);
    }
  }

  /** Removes a spool file and its {@code -wal} / {@code -shm} companions; absent files are fine. */
  public static void delete(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    Files.deleteIfExists(file);
    Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-wal"));
    Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-shm"));
    Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-journal"));
  }

  private static final class SpoolMismatch extends Exception {
    SpoolMismatch(String message) {
      super(message);
    }
  }

  private static Connection connect(Path file) throws SQLException {
    Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try (Statement st = db.createStatement()) {
      st.execute("PRAGMA journal_mode=WAL");
      st.execute("PRAGMA synchronous=FULL");
    } catch (SQLException e) {
      db.close();
      throw e;
    }
    return db;
  }

  private static VectorSpool openExisting(Path file, String modelId, int dims)
      throws SQLException, SpoolMismatch {
    Connection db = connect(file);
    try {
      String version = meta(db, "format_version");
      String model = meta(db, "model_id");
      String d = meta(db, "dims");
      if (!String.valueOf(FORMAT_VERSION).equals(version)) {
        throw new SpoolMismatch("format version " + version + ", expected " + FORMAT_VERSION);
      }
      if (!modelId.equals(model) || !String.valueOf(dims).equals(d)) {
        throw new SpoolMismatch(
            "it holds model '"
                + model
                + "' ("
                + d
                + " dims), the build uses '"
                + modelId
                + "' ("
                + dims
                + " dims)");
      }
      VectorSpool spool = new VectorSpool(file, dims, db);
      spool.dropDamagedRows();
      return spool;
    } catch (SQLException | SpoolMismatch | RuntimeException e) {
      db.close();
      throw e;
    }
  }

  private static VectorSpool create(Path file, String modelId, int dims) throws SQLException {
    Connection db = connect(file);
    try {
      db.setAutoCommit(false);
      try (Statement st = db.createStatement()) {
        st.execute("CREATE TABLE spool_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        st.execute(
            "CREATE TABLE vector(chunk_id INTEGER PRIMARY KEY, crc INTEGER NOT NULL,"
                + " data BLOB NOT NULL)");
      }
      try (PreparedStatement ps = db.prepareStatement("INSERT INTO spool_meta VALUES(?, ?)")) {
        for (String[] kv :
            new String[][] {
              {"format_version", String.valueOf(FORMAT_VERSION)},
              {"model_id", modelId},
              {"dims", String.valueOf(dims)}
            }) {
          ps.setString(1, kv[0]);
          ps.setString(2, kv[1]);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      db.commit();
      db.setAutoCommit(true);
      return new VectorSpool(file, dims, db);
    } catch (SQLException | RuntimeException e) {
      db.close();
      throw e;
    }
  }

  private static String meta(Connection db, String key) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement("SELECT value FROM spool_meta WHERE key=?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Reads every row once: counts them and deletes those whose length or CRC32C is wrong. */
  private void dropDamagedRows() throws SQLException {
    List<Long> damaged = new ArrayList<>();
    int count = 0;
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT chunk_id, crc, data FROM vector")) {
      while (rs.next()) {
        byte[] data = rs.getBytes(3);
        if (data == null || data.length != dims * 4 || crc(data) != rs.getLong(2)) {
          damaged.add(rs.getLong(1));
        } else {
          count++;
        }
      }
    }
    if (!damaged.isEmpty()) {
      LOG.warn(
          "embedding spool {}: dropping {} damaged vectors (chunks {}); they will be embedded"
              + " again",
          file,
          damaged.size(),
          damaged.size() <= 10 ? damaged : damaged.subList(0, 10) + "…");
      deleteRows(damaged.stream().mapToLong(Long::longValue).toArray());
    }
    size = count;
  }

  /**
   * Stores a batch in one transaction, durable when this returns; a chunk id already present is
   * replaced.
   *
   * @throws IllegalArgumentException if a vector has the wrong number of dimensions (nothing of the
   *     batch is stored)
   */
  public synchronized void putAll(List<ChunkVector> batch) throws IOException {
    Objects.requireNonNull(batch, "batch");
    ensureOpen();
    for (ChunkVector cv : batch) {
      VectorMath.checkDims("vector of chunk " + cv.chunkId(), cv.vector(), dims);
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      db.setAutoCommit(false);
      int added = 0;
      try (PreparedStatement exists = db.prepareStatement("SELECT 1 FROM vector WHERE chunk_id=?");
          PreparedStatement put =
              db.prepareStatement(
                  "INSERT OR REPLACE INTO vector(chunk_id, crc, data) VALUES(?, ?, ?)")) {
        for (ChunkVector cv : batch) {
          exists.setLong(1, cv.chunkId());
          try (ResultSet rs = exists.executeQuery()) {
            if (!rs.next()) {
              added++;
            }
          }
          byte[] data = encode(cv.vector());
          put.setLong(1, cv.chunkId());
          put.setLong(2, crc(data));
          put.setBytes(3, data);
          put.executeUpdate();
        }
      }
      db.commit();
      size += added;
    } catch (SQLException e) {
      rollback();
      throw new IOException(
          "cannot write " + batch.size() + " vectors to spool " + file + ": " + e.getMessage(), e);
    } finally {
      autoCommit();
    }
  }

  /** Number of vectors in the spool. */
  public synchronized int size() {
    return size;
  }

  /**
   * Whether the spool holds a vector for the chunk.
   *
   * @throws UncheckedIOException if SQLite cannot read the file
   */
  public synchronized boolean contains(long chunkId) {
    ensureOpen();
    try {
      if (containsQuery == null) {
        containsQuery = db.prepareStatement("SELECT 1 FROM vector WHERE chunk_id=?");
      }
      containsQuery.setLong(1, chunkId);
      try (ResultSet rs = containsQuery.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new UncheckedIOException(
          new IOException("cannot read spool " + file + ": " + e.getMessage(), e));
    }
  }

  /**
   * Chunk ids of every spooled vector, ascending.
   *
   * @throws UncheckedIOException if SQLite cannot read the file
   */
  public synchronized long[] chunkIds() {
    ensureOpen();
    long[] ids = new long[Math.max(size, 16)];
    int n = 0;
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT chunk_id FROM vector ORDER BY chunk_id")) {
      while (rs.next()) {
        if (n == ids.length) {
          ids = Arrays.copyOf(ids, n * 2);
        }
        ids[n++] = rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new UncheckedIOException(
          new IOException("cannot read spool " + file + ": " + e.getMessage(), e));
    }
    return Arrays.copyOf(ids, n);
  }

  /** Removes the vectors of these chunks (unknown ids are ignored), in one transaction. */
  public synchronized void removeAll(long[] chunkIds) throws IOException {
    Objects.requireNonNull(chunkIds, "chunkIds");
    ensureOpen();
    try {
      size -= deleteRows(chunkIds);
    } catch (SQLException e) {
      throw new IOException("cannot remove vectors from spool " + file + ": " + e.getMessage(), e);
    }
  }

  private int deleteRows(long[] chunkIds) throws SQLException {
    int removed = 0;
    try {
      db.setAutoCommit(false);
      try (PreparedStatement del = db.prepareStatement("DELETE FROM vector WHERE chunk_id=?")) {
        for (long id : chunkIds) {
          del.setLong(1, id);
          removed += del.executeUpdate();
        }
      }
      db.commit();
      return removed;
    } catch (SQLException e) {
      rollback();
      throw e;
    } finally {
      autoCommit();
    }
  }

  /**
   * Streams the spooled vectors in ascending chunk-id order, {@value #PAGE} rows at a time. A row
   * damaged since open, or a read failure, ends the iteration with an {@link UncheckedIOException}.
   */
  public Iterator<ChunkVector> iterator() {
    return new Iterator<>() {
      private final List<ChunkVector> page = new ArrayList<>();
      private int pos;
      private long after = Long.MIN_VALUE;
      private boolean exhausted;

      @Override
      public boolean hasNext() {
        if (pos < page.size()) {
          return true;
        }
        if (exhausted) {
          return false;
        }
        try {
          page.clear();
          pos = 0;
          exhausted = readPage(after, page) < PAGE;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        if (!page.isEmpty()) {
          after = page.getLast().chunkId();
        }
        return pos < page.size();
      }

      @Override
      public ChunkVector next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return page.get(pos++);
      }
    };
  }

  /** Calls the action for every spooled vector in ascending chunk-id order (see iterator()). */
  public void forEach(Consumer<ChunkVector> action) {
    Objects.requireNonNull(action, "action");
    iterator().forEachRemaining(action);
  }

  private synchronized int readPage(long after, List<ChunkVector> out) throws IOException {
    ensureOpen();
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT chunk_id, crc, data FROM vector WHERE chunk_id > ? ORDER BY chunk_id"
                + " LIMIT "
                + PAGE)) {
      ps.setLong(1, after);
      int rows = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows++;
          long id = rs.getLong(1);
          byte[] data = rs.getBytes(3);
          if (data == null || data.length != dims * 4 || crc(data) != rs.getLong(2)) {
            throw new IOException(
                "embedding spool " + file + ": vector of chunk " + id + " is damaged");
          }
          out.add(new ChunkVector(id, decode(data)));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IOException("cannot read spool " + file + ": " + e.getMessage(), e);
    }
  }

  /** The spool's file. */
  public Path file() {
    return file;
  }

  /** Dimensions of the vectors. */
  public int dimensions() {
    return dims;
  }

  static byte[] encode(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putFloat(f);
    }
    return b.array();
  }

  static float[] decode(byte[] data) {
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    float[] v = new float[data.length / 4];
    for (int i = 0; i < v.length; i++) {
      v[i] = b.getFloat();
    }
    return v;
  }

  private static long crc(byte[] data) {
    CRC32C c = new CRC32C();
    c.update(data);
    return c.getValue();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("embedding spool " + file + " is closed");
    }
  }

  private void rollback() {
    try {
      db.rollback();
    } catch (SQLException e) {
      LOG.warn("rollback of spool {} failed: {}", file, e.getMessage());
    }
  }

  private void autoCommit() {
    try {
      db.setAutoCommit(true);
    } catch (SQLException e) {
      LOG.warn("cannot restore autocommit on spool {}: {}", file, e.getMessage());
    }
  }

  /** Checkpoints the WAL into the file and closes it. Idempotent. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (containsQuery != null) {
        containsQuery.close();
      }
      try (Statement st = db.createStatement()) {
        st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      }
      db.close();
    } catch (SQLException e) {
      throw new IOException("cannot close embedding spool " + file + ": " + e.getMessage(), e);
    }
  }
}
