package dev.cairn.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The container tables of the document store (schema version 2): per mailbox its resume point, per
 * message its place in the file, key and status. A mailbox's messages are documents of the
 * mailbox's file row, written in batches: each {@link #commit} is ONE transaction holding the
 * batch's documents, chunks, message rows and the resume point after them, so a crash leaves the
 * store at the end of a batch.
 *
 * <p>Thread-safety: like {@link DocumentStore} (writes go through its writer lock). The store is
 * owned by whoever opened it; this class only borrows it.
 */
final class ContainerStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The schema-version-2 migration. */
  static final List<String> SCHEMA =
      List.of(
          """
          CREATE TABLE containers(
            file_id INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            resume_offset INTEGER NOT NULL,
            head_crc INTEGER NOT NULL,
            tail_crc INTEGER NOT NULL,
            messages INTEGER NOT NULL,
            generation INTEGER NOT NULL,
            reconciling INTEGER NOT NULL,
            updated_ms INTEGER NOT NULL)""",
          """
          CREATE TABLE container_messages(
            id INTEGER PRIMARY KEY,
            file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            byte_offset INTEGER NOT NULL,
            byte_length INTEGER NOT NULL,
            message_key TEXT NOT NULL,
            message_id TEXT,
            content_hash TEXT NOT NULL,
            state TEXT NOT NULL,
            reason TEXT,
            first_document_id INTEGER,
            last_document_id INTEGER,
            generation INTEGER NOT NULL)""",
          "CREATE INDEX container_messages_file ON container_messages(file_id, ordinal)",
          // deleting a document checks its children (foreign key): without this index every
          // deleted message scanned the whole documents table
          "CREATE INDEX documents_parent ON documents(parent_id)");

  private final DocumentStore store;

  ContainerStore(DocumentStore store) {
    this.store = store;
  }

  /**
   * Where a mailbox's committed messages end, with checksums of the bytes before that point.
   *
   * @param offset bytes of the file whose messages are committed
   * @param headCrc CRC-32 of the file's first {@code min(offset, window)} bytes
   * @param tailCrc CRC-32 of the {@code min(offset, window)} bytes before {@code offset}
   * @param messages messages committed (failed ones included)
   * @param generation run generation: message rows of older generations are unmatched leftovers
   *     while {@code reconciling}
   * @param reconciling a changed mailbox is being matched against its stored messages by key
   */
  record ResumePoint(
      long offset, long headCrc, long tailCrc, int messages, int generation, boolean reconciling) {}

  /** A stored message a reconciling run may claim. */
  record Known(long rowId, String key, Long firstDocumentId, Long lastDocumentId) {}

  /** A parsed (or failed) message to insert. */
  record NewMessage(
      int ordinal,
      long offset,
      long length,
      String key,
      String messageId,
      String contentHash,
      FileState state,
      String reason,
      List<ExtractedDocument> documents,
      List<List<ChunkDraft>> chunks) {}

  /** A stored message found again at another place in a compacted mailbox. */
  record Moved(Known known, int ordinal, long offset, long length) {}

  /** One batch: what to write and the resume point after it. */
  record Batch(
      ScannedFile file,
      List<NewMessage> added,
      List<Moved> moved,
      ResumePoint resume,
      FileState fileState,
      String fileReason) {}

  /** What a committed batch changed, for the listener. */
  record Result(FileRecord file, List<ChunkRecord> added, long[] removed) {}

  /** The resume point of this file, or null when it has none (never streamed, or reset). */
  ResumePoint resumePoint(String path) {
    return store.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  """
                  SELECT k.resume_offset, k.head_crc, k.tail_crc, k.messages, k.generation,
                         k.reconciling
                  FROM containers k JOIN files f ON f.id = k.file_id WHERE f.path = ?""")) {
            ps.setString(1, path);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return null;
              }
              return new ResumePoint(
                  rs.getLong(1),
                  rs.getLong(2),
                  rs.getLong(3),
                  rs.getInt(4),
                  rs.getInt(5),
                  rs.getInt(6) != 0);
            }
          }
        });
  }

  /** Stored messages of generations before {@code generation}, by key, in file order. */
  Map<String, Deque<Known>> unclaimed(String path, int generation) {
    return store.read(
        c -> {
          Map<String, Deque<Known>> out = new HashMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  """
                  SELECT m.id, m.message_key, m.first_document_id, m.last_document_id
                  FROM container_messages m JOIN files f ON f.id = m.file_id
                  WHERE f.path = ? AND m.generation < ? ORDER BY m.ordinal""")) {
            ps.setString(1, path);
            ps.setInt(2, generation);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                Known k =
                    new Known(
                        rs.getLong(1), rs.getString(2), nullableLong(rs, 3), nullableLong(rs, 4));
                out.computeIfAbsent(k.key(), x -> new ArrayDeque<>()).add(k);
              }
            }
          }
          return out;
        });
  }

  /** Every message row of a file, in file order (empty when the file is not a container). */
  List<ContainerMessage> messages(Path file) {
    String p = file.toAbsolutePath().normalize().toString();
    return store.read(
        c -> {
          List<ContainerMessage> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  """
                  SELECT m.ordinal, m.byte_offset, m.byte_length, m.message_id, m.content_hash,
                         m.state, m.reason, m.first_document_id
                  FROM container_messages m JOIN files f ON f.id = m.file_id
                  WHERE f.path = ? ORDER BY m.ordinal""")) {
            ps.setString(1, p);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new ContainerMessage(
                        rs.getInt(1),
                        rs.getLong(2),
                        rs.getLong(3),
                        rs.getString(4),
                        rs.getString(5),
                        FileState.valueOf(rs.getString(6)),
                        rs.getString(7),
                        nullableLong(rs, 8)));
              }
            }
          }
          return out;
        });
  }

  /** Message rows of a file by state, and the first failure ("message N: reason") or null. */
  record Tally(int[] byState, String firstFailure) {}

  Tally tally(String path) {
    return store.read(
        c -> {
          int[] byState = new int[FileState.values().length];
          try (PreparedStatement ps =
              c.prepareStatement(
                  """
                  SELECT m.state, count(*) FROM container_messages m JOIN files f ON f.id = m.file_id
                  WHERE f.path = ? GROUP BY m.state""")) {
            ps.setString(1, path);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                byState[FileState.valueOf(rs.getString(1)).ordinal()] = rs.getInt(2);
              }
            }
          }
          String first = null;
          try (PreparedStatement ps =
              c.prepareStatement(
                  """
                  SELECT m.ordinal, m.reason FROM container_messages m JOIN files f ON f.id = m.file_id
                  WHERE f.path = ? AND m.state = 'FAILED' ORDER BY m.ordinal LIMIT 1""")) {
            ps.setString(1, path);
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next()) {
                first = "message " + rs.getInt(1) + ": " + rs.getString(2);
              }
            }
          }
          return new Tally(byState, first);
        });
  }

  /**
   * Drops everything stored for the file (a mailbox read from the start again, or a file that was
   * stored whole before) and writes an empty resume point, in one transaction.
   *
   * @return the removed chunk ids
   */
  long[] reset(ScannedFile f, int generation) {
    return store.transaction(
        c -> {
          long[] removed = DocumentStore.deleteContent(c, f.key());
          long fileId = DocumentStore.upsertFile(c, f, FileState.PENDING, null, null, null);
          writeResume(c, fileId, new ResumePoint(0, 0, 0, 0, generation, false));
          return removed;
        });
  }

  /** Marks the stored messages for matching by key: a new generation, reconciling. */
  void beginReconcile(String path, int generation) {
    store.transaction(
        c -> {
          writeResume(c, fileId(c, path), new ResumePoint(0, 0, 0, 0, generation, true));
          return null;
        });
  }

  /** Writes one batch in one transaction. */
  Result commit(Batch b) {
    return store.transaction(
        c -> {
          long fileId = fileId(c, b.file().key());
          List<ChunkRecord> added = new ArrayList<>();
          for (NewMessage m : b.added()) {
            insert(c, fileId, b.file(), m, b.resume().generation(), added);
          }
          for (Moved m : b.moved()) {
            move(c, m, b.resume().generation());
          }
          long[] removed = new long[0];
          int removedDocs = 0;
          boolean finished = b.fileState() != FileState.PENDING;
          if (finished && b.resume().reconciling()) {
            removedDocs = documentsOlder(c, fileId, b.resume().generation());
            removed = deleteOlder(c, fileId, b.resume().generation());
          }
          int addedDocs = 0;
          for (NewMessage m : b.added()) {
            addedDocs += m.documents().size();
          }
          ResumePoint rp =
              finished
                  ? new ResumePoint(
                      b.resume().offset(),
                      b.resume().headCrc(),
                      b.resume().tailCrc(),
                      b.resume().messages(),
                      b.resume().generation(),
                      false)
                  : b.resume();
          writeResume(c, fileId, rp);
          // the counts change by what this batch did (counting the file's rows is O(mailbox))
          try (PreparedStatement ps =
              c.prepareStatement(
                  """
                  UPDATE files SET state = ?, reason = ?, size = ?, mtime_ms = ?, content_hash = NULL,
                    media_type = 'application/mbox', documents = documents + ?,
                    chunks = chunks + ?, updated_ms = ?
                  WHERE id = ?""")) {
            ps.setString(1, b.fileState().name());
            ps.setString(2, b.fileReason());
            ps.setLong(3, b.file().size());
            ps.setLong(4, b.file().mtimeMs());
            ps.setInt(5, addedDocs - removedDocs);
            ps.setInt(6, added.size() - removed.length);
            ps.setLong(7, System.currentTimeMillis());
            ps.setLong(8, fileId);
            ps.executeUpdate();
          }
          int[] counts = counts(c, fileId);
          FileRecord rec =
              new FileRecord(
                  Path.of(b.file().key()),
                  b.fileState(),
                  b.fileReason(),
                  b.file().size(),
                  Instant.ofEpochMilli(b.file().mtimeMs()),
                  null,
                  counts[0],
                  counts[1]);
          return new Result(rec, added, removed);
        });
  }

  private static long fileId(Connection c, String path) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM files WHERE path = ?")) {
      ps.setString(1, path);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new StoreException("no file row for mailbox " + path);
        }
        return rs.getLong(1);
      }
    }
  }

  private static void writeResume(Connection c, long fileId, ResumePoint r) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            INSERT INTO containers(file_id, kind, resume_offset, head_crc, tail_crc, messages,
              generation, reconciling, updated_ms) VALUES (?, 'mbox', ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(file_id) DO UPDATE SET resume_offset = excluded.resume_offset,
              head_crc = excluded.head_crc, tail_crc = excluded.tail_crc,
              messages = excluded.messages, generation = excluded.generation,
              reconciling = excluded.reconciling, updated_ms = excluded.updated_ms""")) {
      ps.setLong(1, fileId);
      ps.setLong(2, r.offset());
      ps.setLong(3, r.headCrc());
      ps.setLong(4, r.tailCrc());
      ps.setInt(5, r.messages());
      ps.setInt(6, r.generation());
      ps.setInt(7, r.reconciling() ? 1 : 0);
      ps.setLong(8, System.currentTimeMillis());
      ps.executeUpdate();
    }
  }

  private static int[] counts(Connection c, long fileId) throws SQLException {
    int[] out = new int[2];
    try (PreparedStatement ps =
        c.prepareStatement("SELECT documents, chunks FROM files WHERE id = ?")) {
      ps.setLong(1, fileId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        out[0] = rs.getInt(1);
        out[1] = rs.getInt(2);
      }
    }
    return out;
  }

  private static void insert(
      Connection c, long fileId, ScannedFile f, NewMessage m, int generation, List<ChunkRecord> out)
      throws SQLException {
    Long first = null;
    Long last = null;
    Map<Integer, Long> docIds = new HashMap<>();
    try (PreparedStatement dps =
            c.prepareStatement(
                """
                INSERT INTO documents(file_id, parent_id, ordinal, media_type, title, message_id,
                  sender, recipients, date_ms, in_reply_to, refs, metadata_json)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""",
                Statement.RETURN_GENERATED_KEYS);
        PreparedStatement cps =
            c.prepareStatement(
                """
                INSERT INTO chunks(document_id, file_id, ordinal, text, page, start_char,
                  end_char, heading_path) VALUES (?,?,?,?,?,?,?,?)""",
                Statement.RETURN_GENERATED_KEYS)) {
      for (int i = 0; i < m.documents().size(); i++) {
        ExtractedDocument d = m.documents().get(i);
        Long parentId = d.parentIndex >= 0 ? docIds.get(d.parentIndex) : null;
        Map<String, Object> meta = new LinkedHashMap<>(d.metadata);
        meta.put("container.message", m.ordinal());
        meta.put("container.offset", m.offset());
        dps.setLong(1, fileId);
        setNullableLong(dps, 2, parentId);
        dps.setInt(3, m.ordinal());
        dps.setString(4, d.mediaType);
        dps.setString(5, d.title == null ? "(untitled)" : d.title);
        dps.setString(6, d.messageId);
        dps.setString(7, d.sender);
        dps.setString(8, d.recipients);
        setNullableLong(dps, 9, d.date == null ? null : d.date.toEpochMilli());
        dps.setString(10, d.inReplyTo);
        dps.setString(11, d.references);
        dps.setString(12, json(meta));
        dps.executeUpdate();
        long docId = generatedKey(dps);
        if (first == null) {
          first = docId;
        }
        last = docId;
        docIds.put(d.index, docId);
        List<ChunkDraft> drafts = m.chunks().get(i);
        for (int j = 0; j < drafts.size(); j++) {
          ChunkDraft ch = drafts.get(j);
          cps.setLong(1, docId);
          cps.setLong(2, fileId);
          cps.setInt(3, j);
          cps.setString(4, ch.text());
          cps.setInt(5, ch.page());
          cps.setInt(6, ch.startChar());
          cps.setInt(7, ch.endChar());
          cps.setString(8, ch.headingPath());
          cps.executeUpdate();
          out.add(
              new ChunkRecord(
                  generatedKey(cps),
                  docId,
                  ch.text(),
                  new Provenance(
                      Path.of(f.key()),
                      d.mediaType,
                      d.title,
                      ch.page(),
                      ch.startChar(),
                      ch.endChar(),
                      ch.headingPath(),
                      d.messageId,
                      d.sender,
                      d.date,
                      parentId)));
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            INSERT INTO container_messages(file_id, ordinal, byte_offset, byte_length, message_key,
              message_id, content_hash, state, reason, first_document_id, last_document_id,
              generation) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""")) {
      ps.setLong(1, fileId);
      ps.setInt(2, m.ordinal());
      ps.setLong(3, m.offset());
      ps.setLong(4, m.length());
      ps.setString(5, m.key());
      ps.setString(6, m.messageId());
      ps.setString(7, m.contentHash());
      ps.setString(8, m.state().name());
      ps.setString(9, m.reason());
      setNullableLong(ps, 10, first);
      setNullableLong(ps, 11, last);
      ps.setInt(12, generation);
      ps.executeUpdate();
    }
  }

  private static void move(Connection c, Moved m, int generation) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE container_messages SET ordinal = ?, byte_offset = ?, byte_length = ?,"
                + " generation = ? WHERE id = ?")) {
      ps.setInt(1, m.ordinal());
      ps.setLong(2, m.offset());
      ps.setLong(3, m.length());
      ps.setInt(4, generation);
      ps.setLong(5, m.known().rowId());
      ps.executeUpdate();
    }
    if (m.known().firstDocumentId() != null) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE documents SET ordinal = ?, metadata_json = json_set(coalesce(metadata_json,"
                  + " '{}'), '$.\"container.message\"', ?, '$.\"container.offset\"', ?)"
                  + " WHERE id BETWEEN ? AND ?")) {
        ps.setInt(1, m.ordinal());
        ps.setInt(2, m.ordinal());
        ps.setLong(3, m.offset());
        ps.setLong(4, m.known().firstDocumentId());
        ps.setLong(5, m.known().lastDocumentId());
        ps.executeUpdate();
      }
    }
  }

  /** Documents of message rows older than {@code generation}. */
  private static int documentsOlder(Connection c, long fileId, int generation) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT coalesce(sum(last_document_id - first_document_id + 1), 0)"
                + " FROM container_messages WHERE file_id = ? AND generation < ?"
                + " AND first_document_id IS NOT NULL")) {
      ps.setLong(1, fileId);
      ps.setInt(2, generation);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Deletes message rows (and their documents and chunks) older than {@code generation}. */
  private static long[] deleteOlder(Connection c, long fileId, int generation) throws SQLException {
    List<long[]> ranges = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT first_document_id, last_document_id FROM container_messages"
                + " WHERE file_id = ? AND generation < ? AND first_document_id IS NOT NULL")) {
      ps.setLong(1, fileId);
      ps.setInt(2, generation);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ranges.add(new long[] {rs.getLong(1), rs.getLong(2)});
        }
      }
    }
    List<Long> removed = new ArrayList<>();
    // "+file_id": look rows up by their document id range, never by scanning the file's rows
    try (PreparedStatement sel =
            c.prepareStatement(
                "SELECT id FROM chunks WHERE document_id BETWEEN ? AND ? AND +file_id = ?"
                    + " ORDER BY id");
        PreparedStatement delChunks =
            c.prepareStatement(
                "DELETE FROM chunks WHERE document_id BETWEEN ? AND ? AND +file_id = ?");
        PreparedStatement delChildren =
            c.prepareStatement(
                "DELETE FROM documents WHERE id BETWEEN ? AND ? AND +file_id = ?"
                    + " AND parent_id IS NOT NULL");
        PreparedStatement delDocs =
            c.prepareStatement("DELETE FROM documents WHERE id BETWEEN ? AND ? AND +file_id = ?")) {
      for (long[] r : ranges) {
        for (PreparedStatement ps : List.of(sel, delChunks, delChildren, delDocs)) {
          ps.setLong(1, r[0]);
          ps.setLong(2, r[1]);
          ps.setLong(3, fileId);
        }
        try (ResultSet rs = sel.executeQuery()) {
          while (rs.next()) {
            removed.add(rs.getLong(1));
          }
        }
        delChunks.executeUpdate();
        delChildren.executeUpdate(); // attachments before their message (foreign key)
        delDocs.executeUpdate();
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM container_messages WHERE file_id = ? AND generation < ?")) {
      ps.setLong(1, fileId);
      ps.setInt(2, generation);
      ps.executeUpdate();
    }
    return removed.stream().mapToLong(Long::longValue).toArray();
  }

  /** Deletes a file's container rows (inside the caller's transaction). */
  static void deleteFor(Connection c, long fileId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM container_messages WHERE file_id = ?")) {
      ps.setLong(1, fileId);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM containers WHERE file_id = ?")) {
      ps.setLong(1, fileId);
      ps.executeUpdate();
    }
  }

  private static long generatedKey(PreparedStatement ps) throws SQLException {
    try (ResultSet keys = ps.getGeneratedKeys()) {
      keys.next();
      return keys.getLong(1);
    }
  }

  private static Long nullableLong(ResultSet rs, int i) throws SQLException {
    long v = rs.getLong(i);
    return rs.wasNull() ? null : v;
  }

  private static void setNullableLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setLong(i, v);
    }
  }

  private static String json(Map<String, Object> m) {
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new StoreException("cannot write document metadata as JSON: " + e.getMessage(), e);
    }
  }
}
