package dev.cairn.ingest;

import dev.cairn.ingest.lexical.GluedWords;
import dev.cairn.ingest.lexical.SegmentedSearch;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cairn's document store: one SQLite file ({@code documents.sqlite}) holding per-file status,
 * documents, chunks (text + provenance) and an FTS5 index over chunk text.
 *
 * <p><b>Threads.</b> One writer and any number of concurrent readers: all writes go through one
 * connection behind a lock (the {@link Ingestor} is the only writer), reads use a small pool of
 * separate read-only connections, and the database runs in WAL mode so readers never block the
 * writer nor see a half-written file. Every method is thread-safe.
 *
 * <p><b>Schema.</b> Versioned with {@code PRAGMA user_version} and upgraded by ordered migrations
 * on {@link #open}; a file written by a newer Cairn is refused with a {@link StoreException}. Chunk
 * and document ids are never reused (AUTOINCREMENT), so ids held by the vector index can never
 * point at different text later.
 *
 * <p><b>Ownership.</b> Whoever calls {@link #open} closes the store. Results are plain records; no
 * JDBC type leaves this class.
 *
 * <p><b>Rooms.</b> This class is the facade; the work is done by package-private rooms: {@link
 * StoreSchema} (DDL and migrations), {@link StoreConnections} (connections, locking, transactions),
 * {@link StoreReader} (content reads), {@link StoreStatus} (status rows and counts), {@link
 * StoreWriter} (a file's content), {@link FileStatusWriter} (status-only writes) and {@link
 * LexicalSearch} (FTS5 search and filters).
 */
public final class DocumentStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DocumentStore.class);

  /** Schema version this code writes. */
  public static final int SCHEMA_VERSION = 8;

  private final StoreConnections db;
  private final StoreReader reader;
  private final StoreStatus status;
  private final StoreWriter writer;
  private final FileStatusWriter statusWriter;
  private final LexicalSearch lexical;

  private DocumentStore(StoreConnections db) {
    this.db = db;
    this.reader = new StoreReader(db);
    this.status = new StoreStatus(db);
    this.writer = new StoreWriter(db);
    this.statusWriter = new FileStatusWriter(db, status);
    this.lexical = new LexicalSearch(db);
  }

  /**
   * Opens (creating if needed) the store at {@code sqliteFile}, migrates its schema to {@link
   * #SCHEMA_VERSION} and switches it to WAL.
   *
   * @throws StoreException when the file cannot be opened, is not a Cairn store, or was written by
   *     a newer schema version
   */
  public static DocumentStore open(Path sqliteFile) throws StoreException {
    return open(
        sqliteFile,
        (v, step, done, total) ->
            LOG.info(
                "upgrading {} to schema version {}: {}, {} of {}",
                sqliteFile,
                v,
                step,
                done,
                total));
  }

  /**
   * Like {@link #open(Path)}, telling {@code progress} how far a schema upgrade that has to touch
   * every chunk has got (nothing is reported when no such upgrade is needed).
   */
  public static DocumentStore open(Path sqliteFile, UpgradeProgress progress)
      throws StoreException {
    return new DocumentStore(
        StoreConnections.open(sqliteFile.toAbsolutePath().normalize(), progress));
  }

  /** The SQLite file. */
  public Path file() {
    return db.file();
  }

  /** Schema version of the open file. */
  public int schemaVersion() {
    return db.read(StoreSchema::version);
  }

  // ---------------------------------------------------------------- reads

  /** The chunk with this id, or empty when there is none. */
  public Optional<ChunkRecord> chunk(long chunkId) {
    return reader.chunk(chunkId);
  }

  /**
   * The chunks with these ids, in the same order.
   *
   * @throws MissingChunksException when any id is not in the store
   */
  public List<ChunkRecord> chunks(long[] chunkIds) {
    return reader.chunks(chunkIds);
  }

  /**
   * The threading headers of these documents (those that exist), for grouping emails into
   * conversations ({@link MailThreads}).
   */
  public List<MailThreads.Headers> mailHeaders(long[] documentIds) {
    return reader.mailHeaders(documentIds);
  }

  /**
   * Only the texts of these chunks, in the same order (the fast path for recomputing embeddings).
   *
   * @throws MissingChunksException when any id is not in the store
   */
  public List<String> chunkTexts(long[] chunkIds) {
    return reader.chunkTexts(chunkIds);
  }

  /** All chunks of one file, in document and chunk order (empty when the file is unknown). */
  public List<ChunkRecord> chunksOfFile(Path path) {
    return reader.chunksOfFile(path);
  }

  /**
   * The chunks that hold one file's text, in document and chunk order: its own, the kept file's for
   * a whole-file duplicate, and for each of its documents that is a copy of a document kept
   * elsewhere (the same message in a mailbox and as an {@code .eml}) the chunks of that document.
   * Empty when the file is unknown.
   */
  public List<ChunkRecord> textChunksOfFile(Path path) {
    return reader.textChunksOfFile(path);
  }

  /** The documents stored for one file, parents before children (empty when unknown). */
  public List<DocumentRecord> documents(Path path) {
    return reader.documents(path);
  }

  /**
   * The document with this id, its {@link DocumentRecord#file()} the file it is stored in (not a
   * duplicate's path); empty when there is none.
   */
  public Optional<DocumentRecord> document(long documentId) {
    return reader.document(documentId);
  }

  /**
   * Full-text search with FTS5 BM25. The user's text is reduced to its words (letters and digits),
   * each quoted, and OR-ed, so punctuation or FTS syntax in the query can never cause an error; a
   * query without words returns no hits. Runs of Chinese, Japanese, Thai, Lao, Khmer or Burmese
   * text in the query are searched in the segment index as well ({@link SegmentedSearch}), and
   * words glued to such text in a chunk are found there ({@link GluedWords}). The filter is applied
   * inside the SQL, so {@code k} hits come back whenever at least {@code k} matching chunks pass
   * it.
   *
   * @return at most {@code k} hits, best first; snippets mark matched words with «»
   */
  public List<LexicalHit> lexicalSearch(String query, int k, ChunkFilter filter) {
    return lexical.search(query, k, filter);
  }

  /**
   * A predicate over chunk ids that is true for the chunks passing {@code filter}, evaluated once
   * now (a sorted id array) so the vector index can test ids cheaply inside its traversal. For
   * {@link ChunkFilter#NONE} it accepts every id. Later changes to the store are not reflected.
   */
  public LongPredicate allowedChunks(ChunkFilter filter) {
    return lexical.allowedChunks(filter);
  }

  /** Every chunk id, ascending. */
  public long[] allChunkIds() {
    return reader.allChunkIds();
  }

  /** Number of chunks stored. */
  public int chunkCount() {
    return status.chunkCount();
  }

  /** File rows, all or only those in {@code state}, ordered by path. */
  public List<FileRecord> files(Optional<FileState> state) {
    return status.files(state);
  }

  /** The status row of one file, or empty. */
  public Optional<FileRecord> file(Path path) {
    return status.file(path);
  }

  /** Counts over the whole store. */
  public StoreStats stats() {
    return status.stats();
  }

  /**
   * The other places of a stored document: the files holding copies of it and the whole-file
   * duplicates of its file, oldest first; empty when it has none.
   */
  public List<Path> placesOf(long documentId) {
    return reader.placesOf(documentId);
  }

  /**
   * The other places of a stored file's text: the files that are copies of it (state {@link
   * FileState#DUPLICATE}), oldest first; empty when it has none.
   */
  public List<Path> copiesOf(Path file) {
    return reader.copiesOf(file);
  }

  /**
   * Chunks per document language, most first; documents whose language could not be told count
   * under {@code ""}.
   */
  public Map<String, Integer> chunksByLanguage() {
    return status.chunksByLanguage();
  }

  /**
   * Documents per detected language, most first; documents whose language could not be told count
   * under {@code ""}. Only documents with at least one chunk count (a container's own row, an empty
   * or failed file has nothing a model embeds).
   */
  public Map<String, Integer> documentsByLanguage() {
    return status.documentsByLanguage();
  }

  // ---------------------------------------------------------------- writes (Ingestor only)

  /** Status rows as the writer sees them, keyed by absolute path. */
  Map<String, FileRow> fileRows() {
    return status.fileRows();
  }

  /** One file's status as the writer needs it. */
  record FileRow(String path, FileState state, long size, long mtimeMs, String hash) {}

  /** Adds PENDING rows for files not in the store yet, in one transaction. */
  void markPending(List<ScannedFile> files) {
    statusWriter.markPending(files);
  }

  /** Updates size and mtime of a file whose content hash did not change. */
  void touch(ScannedFile f) {
    statusWriter.touch(f);
  }

  /**
   * Writes a consistent copy of the whole store (one read snapshot, compacted) to {@code target}
   * with SQLite's {@code VACUUM INTO}; writers wait meanwhile. {@code target} must not exist.
   *
   * @throws StoreException when the copy fails (disk full, target exists); a partial target is
   *     deleted
   */
  public void copyTo(Path target) {
    db.copyTo(target);
  }

  /**
   * Moves every stored file path under an old root to the new root (an imported collection on a new
   * machine), in one transaction. Roots are compared as whole path segments.
   *
   * @return how many file rows were moved
   */
  public int relocate(java.util.Map<Path, Path> oldToNewRoots) {
    return statusWriter.relocate(oldToNewRoots);
  }

  /**
   * Marks every file row whose file does not exist on disk {@link FileState#MISSING} (its documents
   * and chunks stay), in one transaction.
   *
   * @return the paths marked
   */
  public List<Path> markMissing() {
    return statusWriter.markMissing();
  }

  /** What one file's transaction changed. */
  record Commit(FileRecord file, List<ChunkRecord> added, long[] removed) {}

  /**
   * Replaces everything stored for one file in ONE transaction: its old documents and chunks go,
   * the new ones (possibly none) and its status row are written.
   */
  Commit replaceFile(
      ScannedFile f,
      FileState state,
      String reason,
      String hash,
      String mediaType,
      List<ExtractedDocument> docs,
      List<List<ChunkDraft>> chunksPerDoc) {
    return writer.replaceFile(f, state, reason, hash, mediaType, docs, chunksPerDoc);
  }

  /**
   * Stores a new document's text hash and, when it is a copy of a document of another file ({@link
   * DocumentCopies}), records it as one: then it gets no chunks of its own.
   */
  static Optional<DocumentCopies.Original> documentCopy(
      Connection c, long fileId, long docId, ExtractedDocument d, List<ChunkDraft> drafts)
      throws SQLException {
    return StoreWriter.documentCopy(c, fileId, docId, d, drafts);
  }

  /**
   * Deletes a file's row, documents and chunks in one transaction; returns the removed chunk ids.
   */
  long[] removeFile(String path) {
    return writer.removeFile(path);
  }

  /** Deletes a file's content inside the caller's transaction; returns the removed chunk ids. */
  static long[] deleteContent(Connection c, String path) throws SQLException {
    return StoreWriter.deleteContent(c, path);
  }

  /** Writes a file's status row inside the caller's transaction; returns its row id. */
  static long upsertFile(
      Connection c, ScannedFile f, FileState state, String reason, String hash, String mediaType)
      throws SQLException {
    return StoreWriter.upsertFile(c, f, state, reason, hash, mediaType);
  }

  /** The text the language guesser reads for a document's chunks. */
  static String sampleOf(List<ChunkDraft> drafts) {
    return StoreWriter.sampleOf(drafts);
  }

  /**
   * Checks the full-text index against the chunk text (FTS5 {@code integrity-check}, which {@code
   * PRAGMA integrity_check} does not do). Reads only; takes the writer connection for as long as
   * the check runs (about a second per 10,000 chunks).
   */
  public LexicalCheck checkLexicalIndex() {
    return db.write(c -> FullTextMaintenance.check(c, db.file()));
  }

  /** Rebuilds the full-text index from the chunk text, in one transaction. */
  public void rebuildLexicalIndex() {
    db.transaction(
        c -> {
          FullTextMaintenance.rebuild(c);
          return null;
        });
  }

  // ---------------------------------------------------------------- plumbing

  /** A piece of SQL work on one connection, run by {@link StoreConnections}. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs {@code work} on a reader connection (for the store's package-level helpers). */
  <T> T read(SqlWork<T> work) {
    return db.read(work);
  }

  /** Runs {@code work} in one writer transaction (for the store's package-level helpers). */
  <T> T transaction(SqlWork<T> work) {
    return db.transaction(work);
  }

  /** Closes every connection; further calls throw {@link StoreException}. Idempotent. */
  @Override
  public void close() {
    db.close();
  }
}
