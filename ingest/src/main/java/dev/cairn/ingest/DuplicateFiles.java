package dev.cairn.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Copies of one document in several places (the same PDF in Downloads and in Documents): the first
 * copy stored keeps the documents and chunks (embedded once); every other copy is a {@link
 * FileState#DUPLICATE} row that points at it ({@code files.duplicate_of}) and stores nothing else.
 * Two files are copies when their extracted text is the same (SHA-256 of the chunk texts in order,
 * {@code files.text_hash}), whatever their bytes, names or metadata.
 *
 * <p>When the kept copy is deleted or changes, one of its duplicates takes over its documents and
 * chunks (same chunk ids: nothing is embedded again, the index does not change) and the others
 * point at that one. All of it runs inside the caller's store transaction.
 */
final class DuplicateFiles {
  private DuplicateFiles() {}

  /** The kept copy another file duplicates. */
  record Original(long fileId, String path) {}

  /**
   * SHA-256 (hex) of a file's chunk texts in order, separated so that boundaries count, and of its
   * documents' Message-IDs: two different emails with the same body are no copies; the same message
   * saved twice is.
   */
  static String textHash(List<ExtractedDocument> docs, List<List<ChunkDraft>> chunksPerDoc) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
    for (int d = 0; d < chunksPerDoc.size(); d++) {
      String messageId = d < docs.size() ? docs.get(d).messageId : null;
      if (messageId != null) {
        md.update(messageId.strip().getBytes(StandardCharsets.UTF_8));
        md.update((byte) 2);
      }
      for (ChunkDraft c : chunksPerDoc.get(d)) {
        md.update(c.text().getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
      }
      md.update((byte) 1);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /**
   * An indexed file other than {@code path} with the same text, if there is one. Files stored
   * before copies were tracked have no text hash yet: for those, the same bytes ({@code
   * contentHash}, the file's SHA-256) count as the same text.
   */
  static Optional<Original> original(Connection c, String textHash, String contentHash, String path)
      throws SQLException {
    Optional<Original> byText =
        first(
            c,
            "SELECT id, path FROM files WHERE text_hash = ? AND state = 'INDEXED' AND path <> ?"
                + " ORDER BY id LIMIT 1",
            textHash,
            path);
    if (byText.isPresent() || contentHash == null) {
      return byText;
    }
    return first(
        c,
        "SELECT id, path FROM files WHERE content_hash = ? AND text_hash IS NULL"
            + " AND state = 'INDEXED' AND path <> ? ORDER BY id LIMIT 1",
        contentHash,
        path);
  }

  private static Optional<Original> first(Connection c, String sql, String hash, String path)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, hash);
      ps.setString(2, path);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Original(rs.getLong(1), rs.getString(2)))
            : Optional.empty();
      }
    }
  }

  /** The status reason of a duplicate. */
  static String reason(String originalPath) {
    return "duplicate of " + originalPath;
  }

  /** Records that file {@code fileId} is a copy of {@code original}. */
  static void markDuplicate(Connection c, long fileId, String textHash, Original original)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE files SET text_hash = ?, duplicate_of = ? WHERE id = ?")) {
      ps.setString(1, textHash);
      ps.setLong(2, original.fileId());
      ps.setLong(3, fileId);
      ps.executeUpdate();
    }
  }

  /** Records the text hash of a file that keeps its own documents. */
  static void markOriginal(Connection c, long fileId, String textHash) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE files SET text_hash = ?, duplicate_of = NULL WHERE id = ?")) {
      ps.setString(1, textHash);
      ps.setLong(2, fileId);
      ps.executeUpdate();
    }
  }

  /**
   * Before file {@code fileId}'s content is deleted (the file is gone or changed): if other files
   * are copies of it, the oldest copy takes over its documents and chunks, and the rest point at
   * that copy. Returns true when the content was handed over (so it must not be deleted).
   */
  static boolean handOver(Connection c, long fileId) throws SQLException {
    List<Long> copies = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT id, path FROM files WHERE duplicate_of = ? ORDER BY id")) {
      ps.setLong(1, fileId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          copies.add(rs.getLong(1));
          paths.add(rs.getString(2));
        }
      }
    }
    if (copies.isEmpty()) {
      return false;
    }
    long heir = copies.getFirst();
    for (String sql :
        List.of(
            "UPDATE documents SET file_id = ? WHERE file_id = ?",
            "UPDATE chunks SET file_id = ? WHERE file_id = ?")) {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setLong(1, heir);
        ps.setLong(2, fileId);
        ps.executeUpdate();
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            UPDATE files SET state = 'INDEXED', reason = NULL, duplicate_of = NULL,
              documents = (SELECT documents FROM files WHERE id = ?),
              chunks = (SELECT chunks FROM files WHERE id = ?),
              text_hash = (SELECT text_hash FROM files WHERE id = ?)
            WHERE id = ?""")) {
      ps.setLong(1, fileId);
      ps.setLong(2, fileId);
      ps.setLong(3, fileId);
      ps.setLong(4, heir);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE files SET duplicate_of = ?, reason = ? WHERE duplicate_of = ? AND id <> ?")) {
      ps.setLong(1, heir);
      ps.setString(2, reason(paths.getFirst()));
      ps.setLong(3, fileId);
      ps.setLong(4, heir);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE files SET documents = 0, chunks = 0, duplicate_of = NULL WHERE id = ?")) {
      ps.setLong(1, fileId);
      ps.executeUpdate();
    }
    return true;
  }

  /** The other places of the file {@code fileId} keeps (its duplicates' paths), oldest first. */
  static List<String> copiesOf(Connection c, long fileId) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement("SELECT path FROM files WHERE duplicate_of = ? ORDER BY id")) {
      ps.setLong(1, fileId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /**
   * A filter condition on the file alias {@code f} widened to its copies: true when {@code f} or
   * one of the files that duplicate it satisfies {@code condition}, written over alias {@code f}.
   */
  static String orACopy(String condition) {
    String onCopy = condition.replace("f.", "dup.");
    return "("
        + condition
        + " OR EXISTS (SELECT 1 FROM files dup WHERE dup.duplicate_of = f.id AND "
        + onCopy
        + "))";
  }
}
