package dev.cairn.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * Schema version 7: the text hash ({@code documents.text_hash}, {@link DocumentCopies#textHash}) of
 * every document stored before version 5 added it, computed from its stored chunk texts in chunk
 * order, so that a copy indexed later is found by its text as it would be in a new store. A
 * document without chunks (nothing to share, or already a copy) keeps no hash, as a new store keeps
 * none. Documents that were stored twice before version 5 stay two originals: the backfill changes
 * no chunk and so no embedding.
 *
 * <p>Runs inside the migration's transaction (a killed upgrade leaves version 6 and runs again);
 * one pass over the chunks of the documents without a hash, ordered by document, with progress in
 * documents. Stateless.
 */
final class TextHashBackfill {
  /** The schema version whose upgrade runs the backfill. */
  static final int VERSION = 7;

  private static final String STEP = "computing the text hashes of older documents";

  private TextHashBackfill() {}

  /** Fills the missing text hashes; returns how many documents got one. */
  static long fill(Connection c, UpgradeProgress progress) throws SQLException {
    long total;
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM documents d WHERE d.text_hash IS NULL"
                    + " AND EXISTS (SELECT 1 FROM chunks k WHERE k.document_id = d.id)")) {
      total = rs.next() ? rs.getLong(1) : 0;
    }
    if (total == 0) {
      return 0;
    }
    long done = 0;
    long reported = 0;
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT k.document_id, k.text FROM chunks k JOIN documents d ON d.id = k.document_id"
                    + " WHERE d.text_hash IS NULL ORDER BY k.document_id, k.ordinal, k.id");
        PreparedStatement up =
            c.prepareStatement("UPDATE documents SET text_hash = ? WHERE id = ?")) {
      long current = -1;
      MessageDigest md = null;
      while (rs.next()) {
        long doc = rs.getLong(1);
        if (doc != current) {
          if (md != null) {
            store(up, current, md);
            done++;
            if (done - reported >= 1000) {
              progress.progress(VERSION, STEP, done, total);
              reported = done;
            }
          }
          current = doc;
          md = sha256();
        }
        md.update(rs.getString(2).getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
      }
      if (md != null) {
        store(up, current, md);
        done++;
      }
    }
    progress.progress(VERSION, STEP, done, total);
    return done;
  }

  private static void store(PreparedStatement up, long documentId, MessageDigest md)
      throws SQLException {
    up.setString(1, HexFormat.of().formatHex(md.digest()));
    up.setLong(2, documentId);
    up.executeUpdate();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }
}
