package dev.cairn.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL of {@link ContainerStore}'s writes, run inside its transactions: message rows, their
 * documents and chunks, the resume point. Stateless.
 */
final class ContainerRows {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ContainerRows() {}

  static long fileId(Connection c, String path) throws SQLException {
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

  static void writeResume(Connection c, long fileId, ContainerStore.ResumePoint r)
      throws SQLException {
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

  static int[] counts(Connection c, long fileId) throws SQLException {
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

  static void insert(
      Connection c,
      long fileId,
      ScannedFile f,
      ContainerStore.NewMessage m,
      int generation,
      List<ChunkRecord> out)
      throws SQLException {
    Long first = null;
    Long last = null;
    Map<Integer, Long> docIds = new HashMap<>();
    String copyReason = null;
    try (PreparedStatement dps =
            c.prepareStatement(
                """
                INSERT INTO documents(file_id, parent_id, ordinal, media_type, title, message_id,
                  sender, recipients, date_ms, in_reply_to, refs, metadata_json, language)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""",
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
        dps.setString(
            13,
            dev.cairn.ingest.language.LanguageGuesser.guess(
                DocumentStore.sampleOf(m.chunks().get(i))));
        dps.executeUpdate();
        long docId = generatedKey(dps);
        if (first == null) {
          first = docId;
        }
        last = docId;
        docIds.put(d.index, docId);
        List<ChunkDraft> drafts = m.chunks().get(i);
        var copyOf = DocumentStore.documentCopy(c, fileId, docId, d, drafts);
        if (copyOf.isPresent()) {
          if (i == 0 && copyReason == null) {
            copyReason = DuplicateFiles.reason(copyOf.get().path().toString());
          }
          continue; // a copy: its chunks are the original's
        }
        StoreWriter.insertChunks(c, cps, docId, fileId, f, d, parentId, drafts, out);
      }
    }
    if (first != null) {
      MessageMeta.fill(c, fileId, f.key(), first, last);
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
      ps.setString(9, m.reason() == null ? copyReason : m.reason());
      setNullableLong(ps, 10, first);
      setNullableLong(ps, 11, last);
      ps.setInt(12, generation);
      ps.executeUpdate();
    }
  }

  static void move(Connection c, ContainerStore.Moved m, int generation) throws SQLException {
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
  static int documentsOlder(Connection c, long fileId, int generation) throws SQLException {
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
  static long[] deleteOlder(Connection c, long fileId, int generation) throws SQLException {
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
        // a message other files hold copies of hands its chunks to one of them first
        DocumentCopies.handOver(c, fileId, r[0], r[1]);
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

  static long generatedKey(PreparedStatement ps) throws SQLException {
    try (ResultSet keys = ps.getGeneratedKeys()) {
      keys.next();
      return keys.getLong(1);
    }
  }

  static Long nullableLong(ResultSet rs, int i) throws SQLException {
    long v = rs.getLong(i);
    return rs.wasNull() ? null : v;
  }

  static void setNullableLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setLong(i, v);
    }
  }

  static String json(Map<String, Object> m) {
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new StoreException("cannot write document metadata as JSON: " + e.getMessage(), e);
    }
  }
}
