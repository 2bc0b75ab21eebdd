package dev.cairn.ingest;

import dev.cairn.ingest.lexical.SegmentIndex;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Checks and rebuilds the store's FTS5 index ({@code chunks_fts}, an external-content table over
 * {@code chunks.text}). SQLite's own {@code PRAGMA integrity_check} does not look inside FTS5 data,
 * so a damaged full-text index would otherwise go unnoticed and lexical search would silently miss
 * results; FTS5's {@code integrity-check} command with rank 1 compares the index with the chunk
 * text itself. The segment index of no-space scripts ({@link SegmentIndex}) is checked and rebuilt
 * with it. Stateless; the caller supplies the writer connection (both commands are INSERTs).
 */
final class FullTextMaintenance {
  private FullTextMaintenance() {}

  static LexicalCheck check(Connection c, Object storeFile) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("INSERT INTO chunks_fts(chunks_fts, rank) VALUES('integrity-check', 1)");
    } catch (SQLException e) {
      String msg = String.valueOf(e.getMessage());
      if (msg.contains("SQLITE_BUSY") || msg.contains("locked")) {
        throw e;
      }
      return new LexicalCheck(
          false,
          "the full-text index of "
              + storeFile
              + " does not match its chunks ("
              + msg.strip()
              + "): keyword search would miss results");
    }
    String segments = SegmentIndex.check(c);
    if (segments != null) {
      return new LexicalCheck(
          false, segments + " in " + storeFile + ": keyword search would miss results");
    }
    return LexicalCheck.sound();
  }

  static void rebuild(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("INSERT INTO chunks_fts(chunks_fts) VALUES('rebuild')");
    }
    SegmentIndex.rebuild(c, (done, total) -> {});
  }
}
