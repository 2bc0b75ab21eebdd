package dev.cairn.ingest;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
                        rs.getLong(1),
                        rs.getString(2),
                        ContainerRows.nullableLong(rs, 3),
                        ContainerRows.nullableLong(rs, 4));
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
                        ContainerRows.nullableLong(rs, 8)));
              }
            }
          }
          return out;
        });
  }

  /** Message rows of a file by state, and the first failure ("message N: reason") or null. */
  /** Messages of one container per state, and the first failure's reason. */
  record Tally(int[] byState, String firstFailure) {
    private int count(FileState state) {
      return byState[state.ordinal()];
    }

    /** The container's own state: indexed if any message is, else failed if any failed. */
    FileState state() {
      if (count(FileState.INDEXED) > 0) {
        return FileState.INDEXED;
      }
      return count(FileState.FAILED) > 0 ? FileState.FAILED : FileState.SKIPPED;
    }

    /** What the container's status row says beside {@link #state()}; null when all is well. */
    String reason() {
      int indexed = count(FileState.INDEXED);
      int failed = count(FileState.FAILED);
      int skipped = count(FileState.SKIPPED);
      int total = indexed + failed + skipped;
      if (indexed > 0) {
        return failed + skipped == 0
            ? null
            : String.format(
                Locale.ROOT,
                "%,d of %,d messages not indexed (%,d failed, %,d skipped)%s",
                failed + skipped,
                total,
                failed,
                skipped,
                firstFailure == null ? "" : "; first: " + firstFailure);
      }
      if (failed > 0) {
        return String.format(Locale.ROOT, "all %,d messages failed; %s", failed, firstFailure);
      }
      return total == 0 ? "no messages" : "no text content in its " + total + " messages";
    }
  }

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
          ContainerRows.writeResume(c, fileId, new ResumePoint(0, 0, 0, 0, generation, false));
          return removed;
        });
  }

  /** Marks the stored messages for matching by key: a new generation, reconciling. */
  void beginReconcile(String path, int generation) {
    store.transaction(
        c -> {
          ContainerRows.writeResume(
              c, ContainerRows.fileId(c, path), new ResumePoint(0, 0, 0, 0, generation, true));
          return null;
        });
  }

  /** Writes one batch in one transaction. */
  Result commit(Batch b) {
    return store.transaction(
        c -> {
          long fileId = ContainerRows.fileId(c, b.file().key());
          List<ChunkRecord> added = new ArrayList<>();
          for (NewMessage m : b.added()) {
            ContainerRows.insert(c, fileId, b.file(), m, b.resume().generation(), added);
          }
          for (Moved m : b.moved()) {
            ContainerRows.move(c, m, b.resume().generation());
          }
          long[] removed = new long[0];
          int removedDocs = 0;
          boolean finished = b.fileState() != FileState.PENDING;
          if (finished && b.resume().reconciling()) {
            removedDocs = ContainerRows.documentsOlder(c, fileId, b.resume().generation());
            removed = ContainerRows.deleteOlder(c, fileId, b.resume().generation());
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
          ContainerRows.writeResume(c, fileId, rp);
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
          int[] counts = ContainerRows.counts(c, fileId);
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
}
