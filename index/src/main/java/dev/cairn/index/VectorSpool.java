package dev.cairn.index;

import dev.cairn.index.SpoolFormat.SpoolMismatch;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Consumer;
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
 * <p>This class checks arguments, serialises access and keeps the count; {@link SpoolFormat} owns
 * the file's schema and row encoding, {@link SpoolRows} the reads and writes of rows.
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
  private final SpoolRows rows;
  private int size;
  private boolean closed;

  private VectorSpool(Path file, int dims, Connection db) {
    this.file = file;
    this.dims = dims;
    this.rows = new SpoolRows(file, dims, db);
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

  private static VectorSpool openExisting(Path file, String modelId, int dims)
      throws SQLException, SpoolMismatch {
    Connection db = SpoolFormat.connect(file);
    try {
      SpoolFormat.checkMeta(db, modelId, dims);
      VectorSpool spool = new VectorSpool(file, dims, db);
      spool.size = spool.rows.dropDamaged();
      return spool;
    } catch (SQLException | SpoolMismatch | RuntimeException e) {
      db.close();
      throw e;
    }
  }

  private static VectorSpool create(Path file, String modelId, int dims) throws SQLException {
    Connection db = SpoolFormat.connect(file);
    try {
      SpoolFormat.createSchema(db, modelId, dims);
      return new VectorSpool(file, dims, db);
    } catch (SQLException | RuntimeException e) {
      db.close();
      throw e;
    }
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
      size += rows.put(batch);
    } catch (SQLException e) {
      throw new IOException(
          "cannot write " + batch.size() + " vectors to spool " + file + ": " + e.getMessage(), e);
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
      return rows.contains(chunkId);
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
    try {
      return rows.chunkIds(size);
    } catch (SQLException e) {
      throw new UncheckedIOException(
          new IOException("cannot read spool " + file + ": " + e.getMessage(), e));
    }
  }

  /** Removes the vectors of these chunks (unknown ids are ignored), in one transaction. */
  public synchronized void removeAll(long[] chunkIds) throws IOException {
    Objects.requireNonNull(chunkIds, "chunkIds");
    ensureOpen();
    try {
      size -= rows.delete(chunkIds);
    } catch (SQLException e) {
      throw new IOException("cannot remove vectors from spool " + file + ": " + e.getMessage(), e);
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
    return rows.readPage(after, PAGE, out);
  }

  /** The spool's file. */
  public Path file() {
    return file;
  }

  /** Dimensions of the vectors. */
  public int dimensions() {
    return dims;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("embedding spool " + file + " is closed");
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
      rows.close();
    } catch (SQLException e) {
      throw new IOException("cannot close embedding spool " + file + ": " + e.getMessage(), e);
    }
  }
}
