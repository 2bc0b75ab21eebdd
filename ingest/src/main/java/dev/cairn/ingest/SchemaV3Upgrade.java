package dev.cairn.ingest;

import dev.cairn.ingest.language.LanguageGuesser;
import dev.cairn.ingest.lexical.SegmentIndex;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Schema version 3: a segment index for scripts written without spaces ({@link SegmentIndex}) and
 * each document's language. The SQL creates the table, trigger and column; {@link #fill} then
 * segments every stored chunk and guesses every document's language in one pass over the chunks,
 * reporting the count done, inside the migration's transaction (a killed upgrade leaves version 2
 * and runs again on the next open).
 */
final class SchemaV3Upgrade {
  static final int VERSION = 3;
  static final String STEP = "indexing words inside Chinese, Japanese, Thai and Burmese text";

  private static final int PROGRESS_EVERY = 1000;

  private SchemaV3Upgrade() {}

  /** The SQL of the version 3 migration. */
  static List<String> sql() {
    List<String> out = new java.util.ArrayList<>();
    out.add("ALTER TABLE documents ADD COLUMN language TEXT");
    out.add("CREATE INDEX documents_language ON documents(language)");
    out.addAll(SegmentIndex.CREATE);
    return List.copyOf(out);
  }

  /** Fills the new table and column from the stored chunks. */
  static void fill(Connection c, UpgradeProgress progress) throws SQLException {
    long total;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM chunks")) {
      total = rs.next() ? rs.getLong(1) : 0;
    }
    long done = 0;
    long doc = -1;
    StringBuilder sample = new StringBuilder();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT id, document_id, text FROM chunks ORDER BY document_id, ordinal");
        PreparedStatement lang =
            c.prepareStatement("UPDATE documents SET language = ? WHERE id = ?")) {
      while (rs.next()) {
        long chunkId = rs.getLong(1);
        long docId = rs.getLong(2);
        String text = rs.getString(3);
        if (docId != doc) {
          setLanguage(lang, doc, sample);
          doc = docId;
          sample.setLength(0);
        }
        if (sample.length() < LanguageGuesser.SAMPLE_CHARS) {
          sample.append(text).append('\n');
        }
        SegmentIndex.add(c, chunkId, text);
        if (++done % PROGRESS_EVERY == 0) {
          progress.progress(VERSION, STEP, done, total);
        }
      }
      setLanguage(lang, doc, sample);
    }
    progress.progress(VERSION, STEP, done, total);
  }

  private static void setLanguage(PreparedStatement ps, long docId, CharSequence sample)
      throws SQLException {
    if (docId < 0) {
      return;
    }
    String language = LanguageGuesser.guess(sample);
    if (language != null) {
      ps.setString(1, language);
      ps.setLong(2, docId);
      ps.executeUpdate();
    }
  }
}
