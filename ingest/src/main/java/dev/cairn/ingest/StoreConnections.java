package dev.cairn.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The document store's connections: opens the SQLite file (WAL, pragmas, schema migration through
 * {@link StoreSchema}), owns the one writer connection behind a lock and a small pool of read-only
 * reader connections, and runs work on them ({@link #read}, {@link #write}, {@link #transaction})
 * turning {@link SQLException}s into {@link StoreException}s. Thread-safe; closed by the {@link
 * DocumentStore} that opened it. No other room holds a connection beyond one piece of work.
 */
final class StoreConnections {
  // log lines keep the store's logger name
  private static final Logger LOG = LoggerFactory.getLogger(DocumentStore.class);

  private static final int READERS = 4;

  private final Path file;
  private final Connection writer;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
  private final List<Connection> allReaders = new ArrayList<>();
  private volatile boolean closed;

  private StoreConnections(Path file, Connection writer) {
    this.file = file;
    this.writer = writer;
  }

  /**
   * Opens (creating if needed) the store at the absolute, normalized {@code f} and migrates it.
   *
   * @throws StoreException when the file cannot be opened, is not a Cairn store, or was written by
   *     a newer schema version
   */
  static StoreConnections open(Path f, UpgradeProgress progress) throws StoreException {
    try {
      if (f.getParent() != null) {
        Files.createDirectories(f.getParent());
      }
    } catch (IOException e) {
      throw new StoreException("cannot create the folder of " + f + ": " + e.getMessage(), e);
    }
    Connection c = null;
    try {
      c = connect(f, false);
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA journal_mode=WAL");
        st.execute("PRAGMA synchronous=NORMAL");
        st.execute("PRAGMA foreign_keys=ON");
      }
      StoreSchema.migrate(c, f, progress);
      StoreConnections store = new StoreConnections(f, c);
      for (int i = 0; i < READERS; i++) {
        Connection r = connect(f, true);
        store.readers.add(r);
        store.allReaders.add(r);
      }
      return store;
    } catch (SQLException e) {
      closeQuietly(c);
      throw new StoreException("cannot open document store " + f + ": " + e.getMessage(), e);
    }
  }

  private static Connection connect(Path f, boolean readOnly) throws SQLException {
    Properties p = new Properties();
    p.setProperty("busy_timeout", "30000");
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + f, p);
    if (readOnly) {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA query_only=ON");
      }
    }
    return c;
  }

  /** The SQLite file. */
  Path file() {
    return file;
  }

  /** Runs {@code work} on a pooled reader connection (waits while all are busy). */
  <T> T read(DocumentStore.SqlWork<T> work) {
    ensureOpen();
    Connection c;
    try {
      c = readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for a read connection to " + file);
    }
    try {
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreException("query on " + file + " failed: " + e.getMessage(), e);
    } finally {
      readers.add(c);
    }
  }

  /** Runs {@code work} on the writer connection, outside a transaction, holding the write lock. */
  <T> T write(DocumentStore.SqlWork<T> work) {
    ensureOpen();
    writeLock.lock();
    try {
      return work.run(writer);
    } catch (SQLException e) {
      throw new StoreException("write to " + file + " failed: " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }

  /** Runs {@code work} on the writer in one transaction, rolled back when it throws. */
  <T> T transaction(DocumentStore.SqlWork<T> work) {
    ensureOpen();
    writeLock.lock();
    try {
      writer.setAutoCommit(false);
      try {
        T result = work.run(writer);
        writer.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        writer.rollback();
        throw e;
      } finally {
        writer.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("transaction on " + file + " failed: " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Writes a consistent, compacted copy of the store to {@code target} with {@code VACUUM INTO} on
   * the writer, between transactions; a partial target is deleted.
   */
  void copyTo(Path target) {
    ensureOpen();
    Path t = target.toAbsolutePath().normalize();
    if (Files.exists(t)) {
      throw new StoreException("cannot copy the document store to " + t + ": the file exists");
    }
    writeLock.lock();
    try (PreparedStatement ps = writer.prepareStatement("VACUUM INTO ?")) {
      // on the writer, between transactions: the copy is one committed state
      ps.setString(1, t.toString());
      ps.execute();
    } catch (SQLException e) {
      try {
        Files.deleteIfExists(t);
      } catch (IOException ignored) {
        // the message below names the target
      }
      throw new StoreException("cannot copy the document store to " + t + ": " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreException("document store " + file + " is closed");
    }
  }

  /** Closes every connection; further work throws {@link StoreException}. Idempotent. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    writeLock.lock();
    try {
      for (Connection r : allReaders) {
        closeQuietly(r);
      }
      closeQuietly(writer);
    } finally {
      writeLock.unlock();
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        LOG.warn("closing an SQLite connection failed: {}", e.getMessage());
      }
    }
  }
}
