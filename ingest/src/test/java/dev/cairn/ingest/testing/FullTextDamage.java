package dev.cairn.ingest.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Shared test fixture (issue 16): damage inside the FTS5 data of a closed document store that
 * SQLite's own {@code PRAGMA integrity_check} does not see. Used by the ingest module's
 * FullTextDamageTest and the app module's HealthRepairViewModelTest (through this module's
 * test-fixtures jar).
 */
public final class FullTextDamage {
  private FullTextDamage() {}

  /** Flips one byte in the middle of the largest block of {@code chunks_fts_data} in {@code db}. */
  public static void flipOneByteInTheLargestBlock(Path db) throws SQLException {
    if (!Files.exists(db)) {
      throw new IllegalStateException("no document store to damage at " + db);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      long id;
      byte[] block;
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT id, block FROM chunks_fts_data ORDER BY length(block) DESC LIMIT 1")) {
        if (!rs.next()) {
          throw new IllegalStateException("no full-text data (chunks_fts_data is empty) in " + db);
        }
        id = rs.getLong(1);
        block = rs.getBytes(2);
      }
      block[block.length / 2] ^= 0x5A;
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE chunks_fts_data SET block = ? WHERE id = ?")) {
        ps.setBytes(1, block);
        ps.setLong(2, id);
        int updated = ps.executeUpdate();
        if (updated != 1) {
          throw new IllegalStateException(
              "expected to rewrite 1 full-text block (id "
                  + id
                  + ") in "
                  + db
                  + ", got "
                  + updated);
        }
      }
    }
  }
}
