package dev.cairn.index;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rows of one open embedding spool ({@link VectorSpool}): batched writes and deletes in one
 * transaction each (rolled back on failure), lookups, paged reads that check each row's CRC32C, and
 * the scan at open that drops damaged rows. Owns the connection and closes it; encodes rows through
 * {@link SpoolFormat}. Not synchronized: the spool serialises every call.
 */
final class SpoolRows {
  private static final Logger LOG = LoggerFactory.getLogger(VectorSpool.class);

  private final Path file;
  private final int dims;
  private final Connection db;
  private PreparedStatement containsQuery;

  SpoolRows(Path file, int dims, Connection db) {
    this.file = file;
    this.dims = dims;
    this.db = db;
  }

  /**
   * Reads every row once and deletes those whose length or CRC32C is wrong (logged).
   *
   * @return the number of intact rows
   */
  int dropDamaged() throws SQLException {
    List<Long> damaged = new ArrayList<>();
    int count = 0;
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT chunk_id, crc, data FROM vector")) {
      while (rs.next()) {
        byte[] data = rs.getBytes(3);
        if (!SpoolFormat.intact(data, rs.getLong(2), dims)) {
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
      delete(damaged.stream().mapToLong(Long::longValue).toArray());
    }
    return count;
  }

  /**
   * Stores a batch in one transaction, replacing chunk ids already present.
   *
   * @return how many of the chunk ids were not present before
   */
  int put(List<ChunkVector> batch) throws SQLException {
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
          byte[] data = SpoolFormat.encode(cv.vector());
          put.setLong(1, cv.chunkId());
          put.setLong(2, SpoolFormat.crc(data));
          put.setBytes(3, data);
          put.executeUpdate();
        }
      }
      db.commit();
      return added;
    } catch (SQLException e) {
      rollback();
      throw e;
    } finally {
      autoCommit();
    }
  }

  boolean contains(long chunkId) throws SQLException {
    if (containsQuery == null) {
      containsQuery = db.prepareStatement("SELECT 1 FROM vector WHERE chunk_id=?");
    }
    containsQuery.setLong(1, chunkId);
    try (ResultSet rs = containsQuery.executeQuery()) {
      return rs.next();
    }
  }

  /** Every chunk id, ascending; {@code expected} sizes the first array. */
  long[] chunkIds(int expected) throws SQLException {
    long[] ids = new long[Math.max(expected, 16)];
    int n = 0;
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT chunk_id FROM vector ORDER BY chunk_id")) {
      while (rs.next()) {
        if (n == ids.length) {
          ids = Arrays.copyOf(ids, n * 2);
        }
        ids[n++] = rs.getLong(1);
      }
    }
    return Arrays.copyOf(ids, n);
  }

  /**
   * Deletes the rows of these chunks (unknown ids are ignored) in one transaction.
   *
   * @return the number of rows deleted
   */
  int delete(long[] chunkIds) throws SQLException {
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
   * Adds up to {@code limit} rows with chunk ids above {@code after}, ascending, to {@code out}.
   *
   * @return the number of rows read
   * @throws IOException if a row is damaged or SQLite cannot read the file
   */
  int readPage(long after, int limit, List<ChunkVector> out) throws IOException {
    try (PreparedStatement ps =
        db.prepareStatement(
            "SELECT chunk_id, crc, data FROM vector WHERE chunk_id > ? ORDER BY chunk_id"
                + " LIMIT "
                + limit)) {
      ps.setLong(1, after);
      int rows = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows++;
          long id = rs.getLong(1);
          byte[] data = rs.getBytes(3);
          if (!SpoolFormat.intact(data, rs.getLong(2), dims)) {
            throw new IOException(
                "embedding spool " + file + ": vector of chunk " + id + " is damaged");
          }
          out.add(new ChunkVector(id, SpoolFormat.decode(data)));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IOException("cannot read spool " + file + ": " + e.getMessage(), e);
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

  /** Checkpoints the WAL into the file and closes the connection. */
  void close() throws SQLException {
    if (containsQuery != null) {
      containsQuery.close();
    }
    try (Statement st = db.createStatement()) {
      st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    db.close();
  }
}
