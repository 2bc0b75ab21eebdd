package dev.cairn.index;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.zip.CRC32C;

/**
 * The embedding spool's file format ({@link VectorSpool}): the SQLite connection settings (WAL,
 * {@code synchronous=FULL}), the two tables ({@code spool_meta}, {@code vector}), the meta rows
 * (format version {@value VectorSpool#FORMAT_VERSION}, model id, dimensions) and one row's encoding
 * (float32 little-endian with a CRC32C). Stateless; touches only the connection it is given, and
 * never decides what to do with a mismatching or damaged file (the spool does).
 */
final class SpoolFormat {
  private SpoolFormat() {}

  /** The file is a readable spool, but of another format version, model or dimensions. */
  static final class SpoolMismatch extends Exception {
    SpoolMismatch(String message) {
      super(message);
    }
  }

  static Connection connect(Path file) throws SQLException {
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

  /** Throws unless the meta rows record this format version, model and dimensions. */
  static void checkMeta(Connection db, String modelId, int dims)
      throws SQLException, SpoolMismatch {
    String version = meta(db, "format_version");
    String model = meta(db, "model_id");
    String d = meta(db, "dims");
    if (!String.valueOf(VectorSpool.FORMAT_VERSION).equals(version)) {
      throw new SpoolMismatch(
          "format version " + version + ", expected " + VectorSpool.FORMAT_VERSION);
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
  }

  /** Creates the tables and meta rows of an empty spool in one transaction; autocommit after. */
  static void createSchema(Connection db, String modelId, int dims) throws SQLException {
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
            {"format_version", String.valueOf(VectorSpool.FORMAT_VERSION)},
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
  }

  private static String meta(Connection db, String key) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement("SELECT value FROM spool_meta WHERE key=?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Whether a stored row is whole: {@code dims} floats whose CRC32C is the stored one. */
  static boolean intact(byte[] data, long storedCrc, int dims) {
    return data != null && data.length == dims * 4 && crc(data) == storedCrc;
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

  static long crc(byte[] data) {
    CRC32C c = new CRC32C();
    c.update(data);
    return c.getValue();
  }
}
