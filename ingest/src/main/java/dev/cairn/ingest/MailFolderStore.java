package dev.cairn.ingest;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The store side of a mail folder (Maildir, Apple Mail {@code Messages}): the folder is one file
 * row (a directory), each message one {@code container_messages} row keyed by its stable key with
 * its documents. A batch of added and removed messages is ONE transaction, so a crash leaves the
 * store at the end of a batch, and the next run reads only the messages that have no row yet: that
 * is the resume point. Thread-safety: like {@link ContainerStore}; borrows the store.
 */
final class MailFolderStore {
  private final DocumentStore store;

  MailFolderStore(DocumentStore store) {
    this.store = store;
  }

  /** The folder's message rows by state, and its first failure. */
  ContainerStore.Tally tally(String path) {
    return new ContainerStore(store).tally(path);
  }

  /** A stored message of the folder. */
  record Stored(long rowId, int ordinal, String key, Long firstDocumentId, Long lastDocumentId) {}

  /**
   * The folder's stored messages by key; when the file row is missing or was not a mail folder of
   * this media type, it is (re)created empty first and the removed chunk ids are returned in {@code
   * removedOut}.
   */
  Map<String, Stored> open(ScannedFile f, String mediaType, List<Long> removedOut) {
    return store.transaction(
        c -> {
          String type = null;
          boolean exists = false;
          try (PreparedStatement ps =
              c.prepareStatement("SELECT media_type FROM files WHERE path = ?")) {
            ps.setString(1, f.key());
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next()) {
                exists = true;
                type = rs.getString(1);
              }
            }
          }
          if (!exists || !mediaType.equals(type)) {
            for (long id : DocumentStore.deleteContent(c, f.key())) {
              removedOut.add(id);
            }
            DocumentStore.upsertFile(c, f, FileState.PENDING, null, null, mediaType);
            return new HashMap<>();
          }
          Map<String, Stored> out = new HashMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  """
                  SELECT m.id, m.ordinal, m.message_key, m.first_document_id, m.last_document_id
                  FROM container_messages m JOIN files f ON f.id = m.file_id WHERE f.path = ?""")) {
            ps.setString(1, f.key());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                Stored s =
                    new Stored(
                        rs.getLong(1),
                        rs.getInt(2),
                        rs.getString(3),
                        ContainerRows.nullableLong(rs, 4),
                        ContainerRows.nullableLong(rs, 5));
                out.put(s.key(), s);
              }
            }
          }
          return out;
        });
  }

  /**
   * Writes one batch: new messages with their documents, removed messages without theirs, and the
   * file row's state (PENDING while the run goes on).
   */
  ContainerStore.Result commit(
      ScannedFile f,
      String mediaType,
      List<ContainerStore.NewMessage> added,
      List<Stored> removed,
      FileState state,
      String reason) {
    return store.transaction(
        c -> {
          long fileId = ContainerRows.fileId(c, f.key());
          List<ChunkRecord> chunks = new ArrayList<>();
          int addedDocs = 0;
          for (ContainerStore.NewMessage m : added) {
            ContainerRows.insert(c, fileId, f, m, 0, chunks);
            addedDocs += m.documents().size();
          }
          List<Long> gone = new ArrayList<>();
          int removedDocs = 0;
          for (Stored s : removed) {
            removedDocs += delete(c, fileId, s, gone);
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  """
                  UPDATE files SET state = ?, reason = ?, size = ?, mtime_ms = ?, content_hash = NULL,
                    media_type = ?, documents = documents + ?, chunks = chunks + ?, updated_ms = ?
                  WHERE id = ?""")) {
            ps.setString(1, state.name());
            ps.setString(2, reason);
            ps.setLong(3, f.size());
            ps.setLong(4, f.mtimeMs());
            ps.setString(5, mediaType);
            ps.setInt(6, addedDocs - removedDocs);
            ps.setInt(7, chunks.size() - gone.size());
            ps.setLong(8, System.currentTimeMillis());
            ps.setLong(9, fileId);
            ps.executeUpdate();
          }
          int[] counts = ContainerRows.counts(c, fileId);
          FileRecord rec =
              new FileRecord(
                  Path.of(f.key()),
                  state,
                  reason,
                  f.size(),
                  Instant.ofEpochMilli(f.mtimeMs()),
                  null,
                  counts[0],
                  counts[1]);
          return new ContainerStore.Result(
              rec, chunks, gone.stream().mapToLong(Long::longValue).toArray());
        });
  }

  /** Deletes one message row with its documents and chunks; returns the documents deleted. */
  private static int delete(Connection c, long fileId, Stored s, List<Long> removedChunks)
      throws SQLException {
    int docs = 0;
    if (s.firstDocumentId() != null) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT id FROM chunks WHERE document_id BETWEEN ? AND ? AND +file_id = ? ORDER BY id")) {
        ps.setLong(1, s.firstDocumentId());
        ps.setLong(2, s.lastDocumentId());
        ps.setLong(3, fileId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            removedChunks.add(rs.getLong(1));
          }
        }
      }
      exec(c, "DELETE FROM chunks WHERE document_id BETWEEN ? AND ? AND +file_id = ?", s, fileId);
      // attachments before their message (foreign key)
      docs +=
          exec(
              c,
              "DELETE FROM documents WHERE id BETWEEN ? AND ? AND +file_id = ?"
                  + " AND parent_id IS NOT NULL",
              s,
              fileId);
      docs += exec(c, "DELETE FROM documents WHERE id BETWEEN ? AND ? AND +file_id = ?", s, fileId);
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM container_messages WHERE id = ?")) {
      ps.setLong(1, s.rowId());
      ps.executeUpdate();
    }
    return docs;
  }

  private static int exec(Connection c, String sql, Stored s, long fileId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, s.firstDocumentId());
      ps.setLong(2, s.lastDocumentId());
      ps.setLong(3, fileId);
      return ps.executeUpdate();
    }
  }
}
