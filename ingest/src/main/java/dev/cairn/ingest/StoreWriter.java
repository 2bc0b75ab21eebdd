package dev.cairn.ingest;

import dev.cairn.ingest.language.LanguageGuesser;
import dev.cairn.ingest.lexical.SegmentIndex;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a file's content: {@link #replaceFile} swaps everything stored for one file (documents,
 * chunks, segment index, mail fields, whole-file and per-document copies) in one transaction, and
 * {@link #removeFile} deletes it. The static steps ({@link #deleteContent}, {@link #upsertFile},
 * {@link #documentCopy}, {@link #sampleOf}) run inside a caller's transaction and are shared with
 * the mail-container writers through {@link DocumentStore}. Writes only on the writer of {@link
 * StoreConnections}. Thread-safe.
 */
final class StoreWriter {
  private final StoreConnections db;

  StoreWriter(StoreConnections db) {
    this.db = db;
  }

  /**
   * Replaces everything stored for one file in ONE transaction: its old documents and chunks go,
   * the new ones (possibly none) and its status row are written.
   */
  DocumentStore.Commit replaceFile(
      ScannedFile f,
      FileState state,
      String reason,
      String hash,
      String mediaType,
      List<ExtractedDocument> docs,
      List<List<ChunkDraft>> chunksPerDoc) {
    return db.transaction(
        c -> {
          handOverCopies(c, f.key());
          long[] removed = deleteContent(c, f.key());
          String textHash =
              state == FileState.INDEXED ? DuplicateFiles.textHash(docs, chunksPerDoc) : null;
          Optional<DuplicateFiles.Original> original =
              textHash == null
                  ? Optional.empty()
                  : DuplicateFiles.original(c, textHash, hash, f.key());
          if (original.isPresent()) {
            String why = DuplicateFiles.reason(original.get().path());
            long fileId = upsertFile(c, f, FileState.DUPLICATE, why, hash, mediaType);
            DuplicateFiles.markDuplicate(c, fileId, textHash, original.get());
            FileRecord rec =
                new FileRecord(
                    Path.of(f.key()),
                    FileState.DUPLICATE,
                    why,
                    f.size(),
                    Instant.ofEpochMilli(f.mtimeMs()),
                    hash,
                    0,
                    0);
            return new DocumentStore.Commit(rec, List.of(), removed);
          }
          long fileId = upsertFile(c, f, state, reason, hash, mediaType);
          if (textHash != null) {
            DuplicateFiles.markOriginal(c, fileId, textHash);
          }
          Map<Integer, Long> docIds = new HashMap<>();
          List<ChunkRecord> added = new ArrayList<>();
          List<Path> copies = new ArrayList<>();
          int withText = 0;
          int chunkTotal = 0;
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
            for (int i = 0; i < docs.size(); i++) {
              ExtractedDocument d = docs.get(i);
              Long parentId = d.parentIndex >= 0 ? docIds.get(d.parentIndex) : null;
              dps.setLong(1, fileId);
              StoreSql.setNullableLong(dps, 2, parentId);
              dps.setInt(3, i);
              dps.setString(4, d.mediaType);
              dps.setString(5, d.title == null ? f.path().getFileName().toString() : d.title);
              dps.setString(6, d.messageId);
              dps.setString(7, d.sender);
              dps.setString(8, d.recipients);
              StoreSql.setNullableLong(dps, 9, d.date == null ? null : d.date.toEpochMilli());
              dps.setString(10, d.inReplyTo);
              dps.setString(11, d.references);
              dps.setString(12, d.metadata.isEmpty() ? null : StoreSql.toJson(d.metadata));
              dps.setString(13, LanguageGuesser.guess(sampleOf(chunksPerDoc.get(i))));
              dps.executeUpdate();
              long docId;
              try (ResultSet keys = dps.getGeneratedKeys()) {
                keys.next();
                docId = keys.getLong(1);
              }
              docIds.put(d.index, docId);
              List<ChunkDraft> drafts = chunksPerDoc.get(i);
              Optional<DocumentCopies.Original> copyOf = documentCopy(c, fileId, docId, d, drafts);
              if (copyOf.isPresent()) {
                copies.add(copyOf.get().path());
                continue;
              }
              withText += drafts.isEmpty() ? 0 : 1;
              insertChunks(c, cps, docId, fileId, f, d, parentId, drafts, added);
              chunkTotal += drafts.size();
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement("UPDATE files SET documents = ?, chunks = ? WHERE id = ?")) {
            ps.setInt(1, docs.size());
            ps.setInt(2, chunkTotal);
            ps.setLong(3, fileId);
            ps.executeUpdate();
          }
          MessageMeta.fill(c, fileId, f.key(), Long.MIN_VALUE, Long.MAX_VALUE);
          // every document with text is a copy kept elsewhere: the status says where
          boolean allCopies = state == FileState.INDEXED && !copies.isEmpty() && withText == 0;
          FileState finalState = allCopies ? FileState.DUPLICATE : state;
          String finalReason =
              allCopies ? DuplicateFiles.reason(copies.getFirst().toString()) : reason;
          if (allCopies) {
            try (PreparedStatement ps =
                c.prepareStatement("UPDATE files SET state = ?, reason = ? WHERE id = ?")) {
              ps.setString(1, finalState.name());
              ps.setString(2, finalReason);
              ps.setLong(3, fileId);
              ps.executeUpdate();
            }
          }
          FileRecord rec =
              new FileRecord(
                  Path.of(f.key()),
                  finalState,
                  finalReason,
                  f.size(),
                  Instant.ofEpochMilli(f.mtimeMs()),
                  hash,
                  docs.size(),
                  chunkTotal);
          return new DocumentStore.Commit(rec, added, removed);
        });
  }

  /**
   * Writes one document's chunks through {@code cps} (the chunks insert), adds each to the lexical
   * segment index and its record, with provenance, to {@code out}. Shared by whole files and the
   * messages of mail containers ({@link ContainerRows#insert}).
   */
  static void insertChunks(
      Connection c,
      PreparedStatement cps,
      long docId,
      long fileId,
      ScannedFile f,
      ExtractedDocument d,
      Long parentId,
      List<ChunkDraft> drafts,
      List<ChunkRecord> out)
      throws SQLException {
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
      long chunkId = ContainerRows.generatedKey(cps);
      SegmentIndex.add(c, chunkId, ch.text());
      out.add(
          new ChunkRecord(
              chunkId,
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

  /**
   * Stores a new document's text hash and, when it is a copy of a document of another file ({@link
   * DocumentCopies}), records it as one: then it gets no chunks of its own.
   */
  static Optional<DocumentCopies.Original> documentCopy(
      Connection c, long fileId, long docId, ExtractedDocument d, List<ChunkDraft> drafts)
      throws SQLException {
    String docHash = DocumentCopies.textHash(drafts);
    DocumentCopies.setTextHash(c, docId, docHash);
    Optional<DocumentCopies.Original> original =
        DocumentCopies.originalOf(c, fileId, d.messageId, docHash);
    if (original.isPresent()) {
      DocumentCopies.record(c, docId, original.get());
    }
    return original;
  }

  /**
   * The other places of a stored document: the files holding copies of it and the whole-file
   * duplicates of its file, oldest first; empty when it has none. /** Deletes a file's row,
   * documents and chunks in one transaction; returns the removed chunk ids.
   */
  long[] removeFile(String path) {
    return db.transaction(
        c -> {
          handOverCopies(c, path);
          long[] removed = deleteContent(c, path);
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM files WHERE path = ?")) {
            ps.setString(1, path);
            ps.executeUpdate();
          }
          return removed;
        });
  }

  /** When other files are copies of {@code path}, one of them takes over its content first. */
  private static void handOverCopies(Connection c, String path) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM files WHERE path = ?")) {
      ps.setString(1, path);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          DuplicateFiles.handOver(c, rs.getLong(1));
        }
      }
    }
  }

  /**
   * Deletes a file's documents, chunks and container rows (its row stays); the removed chunk ids.
   */
  static long[] deleteContent(Connection c, String path) throws SQLException {
    Long fileId = null;
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM files WHERE path = ?")) {
      ps.setString(1, path);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          fileId = rs.getLong(1);
        }
      }
    }
    if (fileId == null) {
      return new long[0];
    }
    ContainerStore.deleteFor(c, fileId);
    DocumentCopies.handOver(c, fileId, 0, Long.MAX_VALUE);
    long[] ids;
    try (PreparedStatement ps =
        c.prepareStatement("SELECT id FROM chunks WHERE file_id = ? ORDER BY id")) {
      ps.setLong(1, fileId);
      ids = StoreSql.longs(ps);
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM chunks WHERE file_id = ?")) {
      ps.setLong(1, fileId);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM documents WHERE file_id = ? AND parent_id IS NOT NULL")) {
      ps.setLong(1, fileId);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM documents WHERE file_id = ?")) {
      ps.setLong(1, fileId);
      ps.executeUpdate();
    }
    return ids;
  }

  /** Writes a file's status row with no content counts yet; its row id. */
  static long upsertFile(
      Connection c, ScannedFile f, FileState state, String reason, String hash, String mediaType)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            """
            INSERT INTO files(path, state, reason, size, mtime_ms, content_hash, ext, media_type,
              documents, chunks, updated_ms) VALUES (?,?,?,?,?,?,?,?,0,0,?)
            ON CONFLICT(path) DO UPDATE SET state = excluded.state, reason = excluded.reason,
              size = excluded.size, mtime_ms = excluded.mtime_ms,
              content_hash = excluded.content_hash, media_type = excluded.media_type,
              documents = 0, chunks = 0, updated_ms = excluded.updated_ms""")) {
      ps.setString(1, f.key());
      ps.setString(2, state.name());
      ps.setString(3, reason);
      ps.setLong(4, f.size());
      ps.setLong(5, f.mtimeMs());
      ps.setString(6, hash);
      ps.setString(7, FileExtractor.extension(f.path().getFileName().toString()));
      ps.setString(8, mediaType);
      ps.setLong(9, System.currentTimeMillis());
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM files WHERE path = ?")) {
      ps.setString(1, f.key());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The first chunks' text, enough for the language guesser. */
  static String sampleOf(List<ChunkDraft> drafts) {
    StringBuilder sb = new StringBuilder();
    for (ChunkDraft d : drafts) {
      if (sb.length() >= LanguageGuesser.SAMPLE_CHARS) {
        break;
      }
      sb.append(d.text()).append('\n');
    }
    return sb.toString();
  }
}
