package dev.cairn.ingest;

import static dev.cairn.ingest.StoreSql.CHUNK_SELECT;
import static dev.cairn.ingest.StoreSql.CONTENT_FILE;
import static dev.cairn.ingest.StoreSql.IN_BATCH;
import static dev.cairn.ingest.StoreSql.placeholders;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the store's content: chunks by id (with provenance), chunk texts, the documents of a file ,
 * mail threading headers, every chunk id, and the other places of a document or file. Reads only,
 * through the reader connections of {@link StoreConnections}. Thread-safe.
 */
final class StoreReader {
  /** Columns read by {@link #documentRecord}; the caller appends its WHERE clause. */
  private static final String DOCUMENT_SELECT =
      """
      SELECT d.id, d.parent_id, d.media_type, d.title, d.message_id, d.sender,
             d.recipients, d.date_ms, d.in_reply_to, d.refs, d.metadata_json,
             (SELECT count(*) FROM chunks c WHERE c.document_id = d.id), d.language, f.path
      FROM documents d JOIN files f ON f.id = d.file_id
      """;

  private final StoreConnections db;

  StoreReader(StoreConnections db) {
    this.db = db;
  }

  Optional<ChunkRecord> chunk(long chunkId) {
    List<ChunkRecord> found = fetchChunks(new long[] {chunkId});
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  List<ChunkRecord> chunks(long[] chunkIds) {
    List<ChunkRecord> found = fetchChunks(chunkIds);
    Map<Long, ChunkRecord> byId = new HashMap<>();
    for (ChunkRecord r : found) {
      byId.put(r.id(), r);
    }
    List<ChunkRecord> out = new ArrayList<>(chunkIds.length);
    long[] missing = Arrays.stream(chunkIds).filter(id -> !byId.containsKey(id)).toArray();
    if (missing.length > 0) {
      throw new MissingChunksException(missing);
    }
    for (long id : chunkIds) {
      out.add(byId.get(id));
    }
    return out;
  }

  List<MailThreads.Headers> mailHeaders(long[] documentIds) {
    long[] ids = Arrays.stream(documentIds).distinct().toArray();
    return db.read(
        c -> {
          List<MailThreads.Headers> out = new ArrayList<>();
          for (int from = 0; from < ids.length; from += IN_BATCH) {
            int to = Math.min(ids.length, from + IN_BATCH);
            try (PreparedStatement ps =
                c.prepareStatement(
                    "SELECT id, message_id, in_reply_to, refs, title FROM documents WHERE id IN ("
                        + placeholders(to - from)
                        + ")")) {
              for (int i = from; i < to; i++) {
                ps.setLong(i - from + 1, ids[i]);
              }
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  out.add(
                      new MailThreads.Headers(
                          rs.getLong(1),
                          rs.getString(2),
                          rs.getString(3),
                          rs.getString(4),
                          rs.getString(5)));
                }
              }
            }
          }
          return out;
        });
  }

  List<String> chunkTexts(long[] chunkIds) {
    Map<Long, String> byId = new HashMap<>();
    db.read(
        c -> {
          for (int from = 0; from < chunkIds.length; from += IN_BATCH) {
            int to = Math.min(chunkIds.length, from + IN_BATCH);
            String sql =
                "SELECT id, text FROM chunks WHERE id IN (" + placeholders(to - from) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
              for (int i = from; i < to; i++) {
                ps.setLong(i - from + 1, chunkIds[i]);
              }
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  byId.put(rs.getLong(1), rs.getString(2));
                }
              }
            }
          }
          return null;
        });
    long[] missing = Arrays.stream(chunkIds).filter(id -> !byId.containsKey(id)).toArray();
    if (missing.length > 0) {
      throw new MissingChunksException(missing);
    }
    List<String> out = new ArrayList<>(chunkIds.length);
    for (long id : chunkIds) {
      out.add(byId.get(id));
    }
    return out;
  }

  private List<ChunkRecord> fetchChunks(long[] ids) {
    return db.read(
        c -> {
          List<ChunkRecord> out = new ArrayList<>();
          for (int from = 0; from < ids.length; from += IN_BATCH) {
            int to = Math.min(ids.length, from + IN_BATCH);
            String sql = CHUNK_SELECT + " WHERE c.id IN (" + placeholders(to - from) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
              for (int i = from; i < to; i++) {
                ps.setLong(i - from + 1, ids[i]);
              }
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  out.add(chunkRecord(rs));
                }
              }
            }
          }
          return out;
        });
  }

  List<ChunkRecord> chunksOfFile(Path path) {
    return chunksOf(path, " WHERE f.id = " + CONTENT_FILE + " ORDER BY d.id, c.ordinal", 1);
  }

  List<ChunkRecord> textChunksOfFile(Path path) {
    return chunksOf(
        path,
        " WHERE c.file_id = "
            + CONTENT_FILE
            + " OR c.document_id IN (SELECT dc.original_id FROM document_copies dc"
            + " JOIN documents cd ON cd.id = dc.copy_id WHERE cd.file_id = "
            + CONTENT_FILE
            + ") ORDER BY d.id, c.ordinal",
        2);
  }

  /** The chunks {@code where} selects, its {@code uses} parameters all bound to the file's path. */
  private List<ChunkRecord> chunksOf(Path path, String where, int uses) {
    String p = path.toAbsolutePath().normalize().toString();
    return db.read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(CHUNK_SELECT + where)) {
            for (int i = 1; i <= uses; i++) {
              ps.setString(i, p);
            }
            List<ChunkRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(chunkRecord(rs));
              }
            }
            return out;
          }
        });
  }

  List<DocumentRecord> documents(Path path) {
    String p = path.toAbsolutePath().normalize().toString();
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  DOCUMENT_SELECT + " WHERE f.id = " + CONTENT_FILE + " ORDER BY d.id")) {
            ps.setString(1, p);
            List<DocumentRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(documentRecord(rs, Path.of(p)));
              }
            }
            return out;
          }
        });
  }

  /** One document by id, its {@code file} the file it is stored in; empty when there is none. */
  Optional<DocumentRecord> document(long documentId) {
    return db.read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(DOCUMENT_SELECT + " WHERE d.id = ?")) {
            ps.setLong(1, documentId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(documentRecord(rs, Path.of(rs.getString(14))))
                  : Optional.<DocumentRecord>empty();
            }
          }
        });
  }

  private static DocumentRecord documentRecord(ResultSet rs, Path file) throws SQLException {
    long parent = rs.getLong(2);
    Long parentId = rs.wasNull() ? null : parent;
    long date = rs.getLong(8);
    Instant d = rs.wasNull() ? null : Instant.ofEpochMilli(date);
    return new DocumentRecord(
        rs.getLong(1),
        file,
        parentId,
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        d,
        rs.getString(9),
        rs.getString(10),
        StoreSql.parseJson(rs.getString(11)),
        rs.getInt(12),
        rs.getString(13));
  }

  private static ChunkRecord chunkRecord(ResultSet rs) throws SQLException {
    long dateMs = rs.getLong(13);
    Instant date = rs.wasNull() ? null : Instant.ofEpochMilli(dateMs);
    long parent = rs.getLong(14);
    Long parentId = rs.wasNull() ? null : parent;
    Provenance p =
        new Provenance(
            Path.of(rs.getString(8)),
            rs.getString(9),
            rs.getString(10),
            rs.getInt(4),
            rs.getInt(5),
            rs.getInt(6),
            rs.getString(7),
            rs.getString(11),
            rs.getString(12),
            date,
            parentId);
    return new ChunkRecord(rs.getLong(1), rs.getLong(2), rs.getString(3), p);
  }

  long[] allChunkIds() {
    return db.read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT id FROM chunks ORDER BY id")) {
            return StoreSql.longs(ps);
          }
        });
  }

  List<Path> placesOf(long documentId) {
    return db.read(c -> DocumentCopies.placesOf(c, documentId));
  }

  List<Path> copiesOf(Path file) {
    String key = file.toAbsolutePath().normalize().toString();
    return db.read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT id FROM files WHERE path = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return List.<Path>of();
              }
              return DuplicateFiles.copiesOf(c, rs.getLong(1)).stream().map(Path::of).toList();
            }
          }
        });
  }
}
