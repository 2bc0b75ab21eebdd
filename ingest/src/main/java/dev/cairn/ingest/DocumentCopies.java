package dev.cairn.ingest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Copies of one document inside different files (schema version 5): a message streamed from an mbox
 * that is also a standalone {@code .eml} (same Message-ID), a mail attachment that is also a file
 * on disk (same extracted text). Where {@link DuplicateFiles} handles whole files, this class
 * handles single documents: every place keeps its own document row (title, parent, metadata), but
 * only the first one stored, the <em>original</em>, has chunks (embedded once); each later one is a
 * <em>copy</em>, a row of {@code document_copies} naming the original.
 *
 * <p>A document with a Message-ID is a copy of an indexed document of another file with the same
 * Message-ID; a document without one is a copy of an indexed document of another file, also without
 * one, whose text hash ({@code documents.text_hash}, SHA-256 of its chunk texts in order) is the
 * same. A document without chunks is never a copy (there is nothing to share), and copies inside
 * one file are kept apart (a mailbox holding a message twice keeps both).
 *
 * <p>When the original's file is deleted or changes, or its message leaves a compacted mailbox, the
 * oldest copy takes over its chunks (same chunk ids: nothing is embedded again) and the other
 * copies name that one. Filters see every place ({@link #anyPlace}), results list them ({@link
 * #placesOf}).
 *
 * <p>Stateless; every method runs inside the caller's store connection (and transaction, for the
 * writes), under {@link DocumentStore}'s writer lock.
 */
final class DocumentCopies {
  /** The schema version that adds document copies. */
  static final int VERSION = 5;

  /** The schema-version-5 migration. */
  static final List<String> SCHEMA =
      List.of(
          "ALTER TABLE documents ADD COLUMN text_hash TEXT",
          "CREATE INDEX documents_text_hash ON documents(text_hash)",
          """
          CREATE TABLE document_copies(
            copy_id INTEGER PRIMARY KEY REFERENCES documents(id),
            original_id INTEGER NOT NULL REFERENCES documents(id))""",
          "CREATE INDEX document_copies_original ON document_copies(original_id)");

  private DocumentCopies() {}

  /** The indexed document a new one is a copy of, and the path of the file holding it. */
  record Original(long documentId, Path path) {}

  /**
   * SHA-256 (hex) of a document's chunk texts in order, separated so that boundaries count; null
   * when it has no chunks.
   */
  static String textHash(List<ChunkDraft> chunks) {
    if (chunks.isEmpty()) {
      return null;
    }
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
    for (ChunkDraft c : chunks) {
      md.update(c.text().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /**
   * The original that a new document of file {@code fileId} copies, if there is one.
   *
   * @param messageId the new document's Message-ID, or null
   * @param textHash its {@link #textHash}, null when it has no chunks (then it is no copy)
   */
  static Optional<Original> originalOf(Connection c, long fileId, String messageId, String textHash)
      throws SQLException {
    if (textHash == null) {
      return Optional.empty();
    }
    boolean byMessage = messageId != null && !messageId.isBlank();
    String sql =
        "SELECT d.id, f.path FROM documents d JOIN files f ON f.id = d.file_id WHERE "
            + (byMessage ? "d.message_id = ?" : "d.text_hash = ? AND d.message_id IS NULL")
            + " AND d.file_id <> ?"
            + " AND NOT EXISTS (SELECT 1 FROM document_copies x WHERE x.copy_id = d.id)"
            + " AND EXISTS (SELECT 1 FROM chunks k WHERE k.document_id = d.id)"
            + " ORDER BY d.id LIMIT 1";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, byMessage ? messageId.strip() : textHash);
      ps.setLong(2, fileId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Original(rs.getLong(1), Path.of(rs.getString(2))))
            : Optional.empty();
      }
    }
  }

  /** Records document {@code copyId} (stored without chunks) as a copy of {@code original}. */
  static void record(Connection c, long copyId, Original original) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO document_copies(copy_id, original_id) VALUES (?, ?)")) {
      ps.setLong(1, copyId);
      ps.setLong(2, original.documentId());
      ps.executeUpdate();
    }
  }

  /** Makes the copies of document {@code from} name document {@code to} as their original. */
  static void renameOriginal(Connection c, long from, long to) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE document_copies SET original_id = ? WHERE original_id = ?")) {
      ps.setLong(1, to);
      ps.setLong(2, from);
      ps.executeUpdate();
    }
  }

  /** Stores a new document's text hash. */
  static void setTextHash(Connection c, long documentId, String textHash) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE documents SET text_hash = ? WHERE id = ?")) {
      ps.setString(1, textHash);
      ps.setLong(2, documentId);
      ps.executeUpdate();
    }
  }

  /**
   * Before the documents of file {@code fileId} with ids in {@code [fromId, toId]} are deleted:
   * each of them that has copies hands its chunks to its oldest copy (the chunks keep their ids, so
   * nothing is embedded again and they are not among the removed ones), the other copies name that
   * one, and the copy rows of the doomed documents themselves go.
   *
   * @return the number of chunks handed over
   */
  static int handOver(Connection c, long fileId, long fromId, long toId) throws SQLException {
    List<long[]> heirs = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            SELECT dc.original_id, min(dc.copy_id) FROM document_copies dc
            JOIN documents d ON d.id = dc.original_id
            WHERE d.file_id = ? AND d.id BETWEEN ? AND ? GROUP BY dc.original_id""")) {
      ps.setLong(1, fileId);
      ps.setLong(2, fromId);
      ps.setLong(3, toId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          heirs.add(new long[] {rs.getLong(1), rs.getLong(2)});
        }
      }
    }
    int handed = 0;
    for (long[] h : heirs) {
      handed += handOverOne(c, fileId, h[0], h[1]);
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM document_copies WHERE copy_id IN (SELECT id FROM documents"
                + " WHERE file_id = ? AND id BETWEEN ? AND ?)")) {
      ps.setLong(1, fileId);
      ps.setLong(2, fromId);
      ps.setLong(3, toId);
      ps.executeUpdate();
    }
    return handed;
  }

  private static int handOverOne(Connection c, long fileId, long original, long heir)
      throws SQLException {
    long heirFile;
    try (PreparedStatement ps = c.prepareStatement("SELECT file_id FROM documents WHERE id = ?")) {
      ps.setLong(1, heir);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new StoreException(
              "document copy " + heir + " of document " + original + " has no document row");
        }
        heirFile = rs.getLong(1);
      }
    }
    int moved;
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE chunks SET document_id = ?, file_id = ? WHERE document_id = ?")) {
      ps.setLong(1, heir);
      ps.setLong(2, heirFile);
      ps.setLong(3, original);
      moved = ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM document_copies WHERE copy_id = ?")) {
      ps.setLong(1, heir);
      ps.executeUpdate();
    }
    renameOriginal(c, original, heir);
    // the heir's file now holds the chunks: its counts and, if all of it was copies, its state
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            UPDATE files SET chunks = chunks + ?,
              state = CASE WHEN state = 'DUPLICATE' AND duplicate_of IS NULL THEN 'INDEXED'
                           ELSE state END,
              reason = CASE WHEN state = 'DUPLICATE' AND duplicate_of IS NULL THEN NULL
                            ELSE reason END
            WHERE id = ?""")) {
      ps.setInt(1, moved);
      ps.setLong(2, heirFile);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE files SET chunks = max(chunks - ?, 0) WHERE id = ?")) {
      ps.setInt(1, moved);
      ps.setLong(2, fileId);
      ps.executeUpdate();
    }
    return moved;
  }

  /**
   * Every other place of a stored document, oldest first: the files holding its copies, and the
   * files that are whole-file duplicates ({@link DuplicateFiles}) of its file or of theirs. Empty
   * when the document has none or is unknown.
   */
  static List<Path> placesOf(Connection c, long documentId) throws SQLException {
    Long ownFile = null;
    String ownPath = null;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT f.id, f.path FROM documents d JOIN files f ON f.id = d.file_id WHERE d.id = ?")) {
      ps.setLong(1, documentId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          ownFile = rs.getLong(1);
          ownPath = rs.getString(2);
        }
      }
    }
    if (ownFile == null) {
      return List.of();
    }
    Set<String> places = new LinkedHashSet<>(DuplicateFiles.copiesOf(c, ownFile));
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            SELECT f.id, f.path FROM document_copies dc JOIN documents cd ON cd.id = dc.copy_id
            JOIN files f ON f.id = cd.file_id WHERE dc.original_id = ? ORDER BY dc.copy_id""")) {
      ps.setLong(1, documentId);
      List<Long> copyFiles = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          copyFiles.add(rs.getLong(1));
          places.add(rs.getString(2));
        }
      }
      for (long f : copyFiles) {
        places.addAll(DuplicateFiles.copiesOf(c, f));
      }
    }
    places.remove(ownPath);
    return places.stream().map(Path::of).toList();
  }

  /**
   * A filter condition on the file alias {@code f} (of a chunk of document {@code d}) widened to
   * every place: true when {@code f}, a whole-file duplicate of it, or the file of one of {@code
   * d}'s copies satisfies {@code condition}. The condition's arguments are bound {@link
   * #PLACE_KINDS} times, in that order.
   */
  static String anyPlace(String condition) {
    String onCopy = condition.replace("f.", "cf.");
    return "("
        + DuplicateFiles.orACopy(condition)
        + " OR EXISTS (SELECT 1 FROM document_copies dc JOIN documents cd ON cd.id = dc.copy_id"
        + " JOIN files cf ON cf.id = cd.file_id WHERE dc.original_id = d.id AND "
        + onCopy
        + "))";
  }

  /** How many times {@link #anyPlace} repeats its condition (bind its arguments this often). */
  static final int PLACE_KINDS = 3;
}
