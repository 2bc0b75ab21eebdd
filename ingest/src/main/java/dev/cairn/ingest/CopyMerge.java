package dev.cairn.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Schema version 8: documents that were stored twice before version 5 knew copies (the same
 * attachment as a file on disk, the same message in a mailbox and as an {@code .eml}) become one
 * original and its copies, by the rules a new store applies ({@link DocumentCopies}): the older
 * document keeps its chunks, each later one becomes a {@code document_copies} row and loses its
 * chunks (the full-text and segment rows go with them, by the delete triggers); copies that named
 * it name the original; a file whose every document with text is now a copy is a {@link
 * FileState#DUPLICATE} row "duplicate of ORIGINAL'S FILE", a mailbox message that is one has that
 * reason on its message row. Runs after {@link TextHashBackfill} (version 7), which gives the old
 * documents the text hash the comparison needs.
 *
 * <p>Nothing is embedded: the index still holds the removed chunks until the collection's next
 * indexing run reconciles it with the store (it deletes them), and searches in between leave them
 * out. Runs inside the migration's transaction (a killed upgrade leaves version 7 and runs again);
 * one query finds the candidates, with progress in candidates. Stateless.
 */
final class CopyMerge {
  /** The schema version whose upgrade runs the merge. */
  static final int VERSION = 8;

  private static final String STEP = "merging copies of documents stored before version 5";

  /**
   * Originals with chunks for which an older original of another file with the same Message-ID (or,
   * without one, the same text hash) exists; {@link DocumentCopies#originalOf} decides.
   */
  private static final String CANDIDATES =
      """
      SELECT d.id, d.file_id, d.message_id, d.text_hash FROM documents d
      WHERE d.text_hash IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM document_copies x WHERE x.copy_id = d.id)
        AND EXISTS (SELECT 1 FROM chunks k WHERE k.document_id = d.id)
        AND (EXISTS (SELECT 1 FROM documents o WHERE d.message_id IS NOT NULL
                       AND o.message_id = trim(d.message_id) AND o.id < d.id
                       AND o.file_id <> d.file_id)
          OR EXISTS (SELECT 1 FROM documents o WHERE d.message_id IS NULL
                       AND o.text_hash = d.text_hash AND o.message_id IS NULL AND o.id < d.id
                       AND o.file_id <> d.file_id))
      ORDER BY d.id""";

  private CopyMerge() {}

  /** What one candidate is. */
  private record Candidate(long id, long fileId, String messageId, String textHash) {}

  /**
   * Makes the later of each pair of stored copies a copy; returns how many documents became one.
   */
  static long merge(Connection c, UpgradeProgress progress) throws SQLException {
    List<Candidate> candidates = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(CANDIDATES)) {
      while (rs.next()) {
        candidates.add(
            new Candidate(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
      }
    }
    if (candidates.isEmpty()) {
      return 0;
    }
    long merged = 0;
    long done = 0;
    for (Candidate d : candidates) {
      Optional<DocumentCopies.Original> original =
          DocumentCopies.originalOf(c, d.fileId(), d.messageId(), d.textHash());
      // the oldest original wins; one that is newer was (or will be) merged into this one
      if (original.isPresent() && original.get().documentId() < d.id()) {
        makeCopy(c, d, original.get());
        merged++;
      }
      done++;
      if (done % 1000 == 0) {
        progress.progress(VERSION, STEP, done, candidates.size());
      }
    }
    progress.progress(VERSION, STEP, done, candidates.size());
    return merged;
  }

  private static void makeCopy(Connection c, Candidate d, DocumentCopies.Original original)
      throws SQLException {
    int removed = update(c, "DELETE FROM chunks WHERE document_id = ?", d.id());
    DocumentCopies.renameOriginal(c, d.id(), original.documentId());
    DocumentCopies.record(c, d.id(), original);
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE files SET chunks = max(0, chunks - ?) WHERE id = ?")) {
      ps.setInt(1, removed);
      ps.setLong(2, d.fileId());
      ps.executeUpdate();
    }
    String reason = DuplicateFiles.reason(original.path().toString());
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE container_messages SET reason = ? WHERE first_document_id = ?"
                + " AND reason IS NULL")) {
      ps.setString(1, reason);
      ps.setLong(2, d.id());
      ps.executeUpdate();
    }
    // a file (not a mailbox) whose every document with text is a copy now: its status says where
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            UPDATE files SET state = ?, reason = ? WHERE id = ? AND state = ? AND chunks = 0
              AND NOT EXISTS (SELECT 1 FROM containers ct WHERE ct.file_id = files.id)""")) {
      ps.setString(1, FileState.DUPLICATE.name());
      ps.setString(2, reason);
      ps.setLong(3, d.fileId());
      ps.setString(4, FileState.INDEXED.name());
      ps.executeUpdate();
    }
  }

  private static int update(Connection c, String sql, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, id);
      return ps.executeUpdate();
    }
  }
}
