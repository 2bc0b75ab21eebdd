package dev.cairn.ingest;

import dev.cairn.ingest.lexical.SegmentIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The document store as an export file carries it (export format 2): a copy without its full-text
 * index ({@code chunks_fts}) and its segment index ({@code chunk_segments}), which are derived from
 * the chunk texts and rebuilt on import ({@link DocumentStore#rebuildLexicalIndex}). The tables
 * themselves stay (empty), so the schema is the store's own and opens as usual.
 *
 * <p>Stateless; works on a copy nobody else has open (the exporter's temporary file).
 */
public final class PortableStore {
  private PortableStore() {}

  /**
   * Empties the full-text and segment indexes of the store copy {@code copy}, then compacts it
   * (VACUUM) into one self-contained file (rollback journal, no {@code -wal}).
   *
   * @throws StoreException when the file is not a store or cannot be written
   */
  public static void leaveOutLexicalIndex(Path copy) {
    Path f = copy.toAbsolutePath().normalize();
    if (!Files.isRegularFile(f)) {
      throw new StoreException("no document store copy at " + f);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f)) {
      // one statement each: a PRAGMA's open result would block the VACUUM
      for (String sql :
          List.of(
              "PRAGMA journal_mode=DELETE",
              "INSERT INTO chunks_fts(chunks_fts) VALUES('delete-all')",
              "INSERT INTO "
                  + SegmentIndex.TABLE
                  + "("
                  + SegmentIndex.TABLE
                  + ") VALUES('delete-all')",
              "VACUUM")) {
        try (Statement st = c.createStatement()) {
          st.execute(sql);
        }
      }
    } catch (SQLException e) {
      throw new StoreException(
          "cannot leave the full-text index out of the store copy " + f + ": " + e.getMessage(), e);
    }
  }
}
