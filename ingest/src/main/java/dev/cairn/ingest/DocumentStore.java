package dev.cairn.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.ingest.language.LanguageGuesser;
import dev.cairn.ingest.lexical.GluedWords;
import dev.cairn.ingest.lexical.LexicalQuery;
import dev.cairn.ingest.lexical.SegmentIndex;
import dev.cairn.ingest.lexical.SegmentedSearch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 */
public final class DocumentStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DocumentStore.class);

  /** Schema version this code writes. */
  public static final int SCHEMA_VERSION = 6;

  private static final int READERS = 4;
  private static final int IN_BATCH = 500;
  private static final Pattern QUERY_TERM = Pattern.compile("[\\p{L}\\p{N}]+");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<List<String>> MIGRATIONS =
      List.of(
          List.of(
              """
            CREATE TABLE files(
              id INTEGER PRIMARY KEY,
              path TEXT NOT NULL UNIQUE,
              state TEXT NOT NULL,
              reason TEXT,
              size INTEGER NOT NULL,
              mtime_ms INTEGER NOT NULL,
              content_hash TEXT,
              ext TEXT NOT NULL,
              media_type TEXT,
              documents INTEGER NOT NULL DEFAULT 0,
              chunks INTEGER NOT NULL DEFAULT 0,
              updated_ms INTEGER NOT NULL)""",
              "CREATE INDEX files_state ON files(state)",
              """
            CREATE TABLE documents(
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              file_id INTEGER NOT NULL REFERENCES files(id),
              parent_id INTEGER REFERENCES documents(id),
              ordinal INTEGER NOT NULL,
              media_type TEXT NOT NULL,
              title TEXT NOT NULL,
              message_id TEXT,
              sender TEXT,
              recipients TEXT,
              date_ms INTEGER,
              in_reply_to TEXT,
              refs TEXT,
              metadata_json TEXT)""",
              "CREATE INDEX documents_file ON documents(file_id)",
              "CREATE INDEX documents_message ON documents(message_id)",
              """
            CREATE TABLE chunks(
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              document_id INTEGER NOT NULL REFERENCES documents(id),
              file_id INTEGER NOT NULL REFERENCES files(id),
              ordinal INTEGER NOT NULL,
              text TEXT NOT NULL,
              page INTEGER NOT NULL,
              start_char INTEGER NOT NULL,
              end_char INTEGER NOT NULL,
              heading_path TEXT)""",
              "CREATE INDEX chunks_document ON chunks(document_id)",
              "CREATE INDEX chunks_file ON chunks(file_id)",
              """
            CREATE VIRTUAL TABLE chunks_fts USING fts5(
              text, content='chunks', content_rowid='id', tokenize='unicode61 remove_diacritics 2')""",
              """
            CREATE TRIGGER chunks_ai AFTER INSERT ON chunks BEGIN
              INSERT INTO chunks_fts(rowid, text) VALUES (new.id, new.text);
            END""",
              """
            CREATE TRIGGER chunks_ad AFTER DELETE ON chunks BEGIN
              INSERT INTO chunks_fts(chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
            END"""),
          // Version 2: copies of one document are stored once (see DuplicateFiles).
          List.of(
              "ALTER TABLE files ADD COLUMN text_hash TEXT",
              "ALTER TABLE files ADD COLUMN duplicate_of INTEGER REFERENCES files(id)",
              "CREATE INDEX files_text_hash ON files(text_hash)",
              "CREATE INDEX files_duplicate_of ON files(duplicate_of)"),
          // version 3: segment index for no-space scripts and document languages; its Java step
          // (SchemaV3Upgrade.fill) runs after this SQL
          SchemaV3Upgrade.sql(),
          // version 4: mail containers streamed message by message, with a resume point
          ContainerStore.SCHEMA,
          // version 5: copies of one document inside different files (see DocumentCopies)
          DocumentCopies.SCHEMA,
          // version 6: mail fields as search filters; its Java step (MessageMeta.fillAll) fills it
          MessageMeta.SCHEMA);

  /** The file holding a path's content: the path's own row, or the file it is a copy of. */
  private static final String CONTENT_FILE =
      "(SELECT coalesce(duplicate_of, id) FROM files WHERE path = ?)";

  private static final String CHUNK_SELECT =
      """
      SELECT c.id, c.document_id, c.text, c.page, c.start_char, c.end_char, c.heading_path,
             f.path, d.media_type, d.title, d.message_id, d.sender, d.date_ms, d.parent_id
      FROM chunks c JOIN documents d ON d.id = c.document_id JOIN files f ON f.id = c.file_id
      """;

  private final Path file;
  private final Connection writer;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
  private final List<Connection> allReaders = new ArrayList<>();
  private volatile boolean closed;

  private DocumentStore(Path file, Connection writer) {
    this.file = file;
    this.writer = writer;
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
    Path f = sqliteFile.toAbsolutePath().normalize();
    try {
      if (f.getParent() != null) {
        Files.createDirectories(f.getParent());
      }
    } catch (IOException e) {
      throw new StoreException("cannot create the folder of " + f + ": " + e.getMessage(), e);
    }
    Connection c = null;
    try {
      c = connect(f, false);
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA journal_mode=WAL");
        st.execute("PRAGMA synchronous=NORMAL");
        st.execute("PRAGMA foreign_keys=ON");
      }
      migrate(c, f, progress);
      DocumentStore store = new DocumentStore(f, c);
      for (int i = 0; i < READERS; i++) {
        Connection r = connect(f, true);
        store.readers.add(r);
        store.allReaders.add(r);
      }
      return store;
    } catch (SQLException e) {
      closeQuietly(c);
      throw new StoreException("cannot open document store " + f + ": " + e.getMessage(), e);
    }
  }

  private static Connection connect(Path f, boolean readOnly) throws SQLException {
    Properties p = new Properties();
    p.setProperty("busy_timeout", "30000");
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + f, p);
    if (readOnly) {
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA query_only=ON");
      }
    }
    return c;
  }

  private static void migrate(Connection c, Path f, UpgradeProgress progress) throws SQLException {
    int version;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA user_version")) {
      version = rs.next() ? rs.getInt(1) : 0;
    }
    if (version > SCHEMA_VERSION) {
      throw new StoreException(
          "document store "
              + f
              + " has schema version "
              + version
              + ", this Cairn understands up to "
              + SCHEMA_VERSION
              + "; use a newer Cairn or rebuild the collection");
    }
    if (version == 0) {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE type='table'")) {
        if (rs.next() && rs.getInt(1) > 0) {
          throw new StoreException(
              f + " is an SQLite file but not a Cairn document store (no schema version)");
        }
      }
    }
    for (int v = version; v < SCHEMA_VERSION; v++) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        for (String sql : MIGRATIONS.get(v)) {
          st.execute(sql);
        }
        if (v + 1 == SchemaV3Upgrade.VERSION) {
          SchemaV3Upgrade.fill(c, progress);
        }
        if (v + 1 == MessageMeta.VERSION) {
          MessageMeta.fillAll(c, progress);
        }
        st.execute("PRAGMA user_version=" + (v + 1));
        c.commit();
        LOG.info("document store {} migrated to schema version {}", f, v + 1);
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  /** The SQLite file. */
  public Path file() {
    return file;
  }

  /** Schema version of the open file. */
  public int schemaVersion() {
    return read(
        c -> {
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
          }
        });
  }

  // ---------------------------------------------------------------- reads

  /** The chunk with this id, or empty when there is none. */
  public Optional<ChunkRecord> chunk(long chunkId) {
    List<ChunkRecord> found = fetchChunks(new long[] {chunkId});
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /**
   * The chunks with these ids, in the same order.
   *
   * @throws MissingChunksException when any id is not in the store
   */
  public List<ChunkRecord> chunks(long[] chunkIds) {
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

  /**
   * The threading headers of these documents (those that exist), for grouping emails into
   * conversations ({@link MailThreads}).
   */
  public List<MailThreads.Headers> mailHeaders(long[] documentIds) {
    long[] ids = Arrays.stream(documentIds).distinct().toArray();
    return read(
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

  /**
   * Only the texts of these chunks, in the same order (the fast path for recomputing embeddings).
   *
   * @throws MissingChunksException when any id is not in the store
   */
  public List<String> chunkTexts(long[] chunkIds) {
    Map<Long, String> byId = new HashMap<>();
    read(
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
    return read(
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

  /** All chunks of one file, in document and chunk order (empty when the file is unknown). */
  public List<ChunkRecord> chunksOfFile(Path path) {
    String p = path.toAbsolutePath().normalize().toString();
    return read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  CHUNK_SELECT + " WHERE f.id = " + CONTENT_FILE + " ORDER BY d.id, c.ordinal")) {
            ps.setString(1, p);
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

  /** The documents stored for one file, parents before children (empty when unknown). */
  public List<DocumentRecord> documents(Path path) {
    String p = path.toAbsolutePath().normalize().toString();
    return read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  """
                  SELECT d.id, d.parent_id, d.media_type, d.title, d.message_id, d.sender,
                         d.recipients, d.date_ms, d.in_reply_to, d.refs, d.metadata_json,
                         (SELECT count(*) FROM chunks c WHERE c.document_id = d.id), d.language
                  FROM documents d JOIN files f ON f.id = d.file_id
                  WHERE f.id = (SELECT coalesce(duplicate_of, id) FROM files WHERE path = ?)
                  ORDER BY d.id""")) {
            ps.setString(1, p);
            List<DocumentRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                long parent = rs.getLong(2);
                Long parentId = rs.wasNull() ? null : parent;
                long date = rs.getLong(8);
                Instant d = rs.wasNull() ? null : Instant.ofEpochMilli(date);
                out.add(
                    new DocumentRecord(
                        rs.getLong(1),
                        Path.of(p),
                        parentId,
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        d,
                        rs.getString(9),
                        rs.getString(10),
                        parseJson(rs.getString(11)),
                        rs.getInt(12),
                        rs.getString(13)));
              }
            }
            return out;
          }
        });
  }

  private static Map<String, Object> parseJson(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = JSON.readValue(json, LinkedHashMap.class);
      return m;
    } catch (JsonProcessingException e) {
      return Map.of();
    }
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
    if (k <= 0) {
      throw new IllegalArgumentException("k must be > 0, got " + k);
    }
    LexicalQuery parsed = LexicalQuery.parse(query);
    if (parsed.isEmpty()) {
      return List.of();
    }
    List<Object> filterArgs = new ArrayList<>();
    String filterWhere = filterSql(filter == null ? ChunkFilter.NONE : filter, filterArgs);
    if (parsed.hasNoSpaceRuns()) {
      return read(c -> SegmentedSearch.search(c, parsed, k, filterWhere, filterArgs));
    }
    String match = ftsQuery(query);
    if (match == null) {
      return List.of();
    }
    List<Object> args = new ArrayList<>();
    args.add(match);
    String where = filterSql(filter == null ? ChunkFilter.NONE : filter, args);
    String sql =
        "SELECT c.id, bm25(chunks_fts) AS s, snippet(chunks_fts, 0, '"
            + LexicalHit.MARK_OPEN
            + "', '"
            + LexicalHit.MARK_CLOSE
            + "', '…', 24)"
            + " FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid"
            + " JOIN documents d ON d.id = c.document_id JOIN files f ON f.id = c.file_id"
            + " WHERE chunks_fts MATCH ?"
            + where
            + " ORDER BY s LIMIT ?";
    args.add(k);
    return read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<LexicalHit> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(new LexicalHit(rs.getLong(1), -rs.getDouble(2), rs.getString(3)));
              }
            }
            // words glued to Chinese or Burmese text are in the segment index only
            return SegmentIndex.hasRows(c)
                ? GluedWords.merge(c, parsed, k, out, filterWhere, filterArgs)
                : out;
          }
        });
  }

  /** The FTS5 query for a user's text, or null when it has no words. */
  static String ftsQuery(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = QUERY_TERM.matcher(text);
    List<String> terms = new ArrayList<>();
    while (m.find() && terms.size() < 64) {
      String t = m.group().toLowerCase(Locale.ROOT);
      if (!terms.contains(t)) {
        terms.add(t);
      }
    }
    if (terms.isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (String t : terms) {
      if (!sb.isEmpty()) {
        sb.append(" OR ");
      }
      sb.append('"').append(t.replace("\"", "\"\"")).append('"');
    }
    return sb.toString();
  }

  private static String filterSql(ChunkFilter f, List<Object> args) {
    StringBuilder sb = new StringBuilder();
    if (f.folderPrefix() != null) {
      String prefix = Path.of(f.folderPrefix()).toAbsolutePath().normalize().toString();
      String withSep =
          prefix.endsWith(java.io.File.separator) ? prefix : prefix + java.io.File.separator;
      // A copy's place counts too: the filter sees every location of a duplicated document.
      sb.append(" AND ")
          .append(DocumentCopies.anyPlace("(f.path = ? OR substr(f.path, 1, ?) = ?)"));
      for (int copy = 0; copy < DocumentCopies.PLACE_KINDS; copy++) {
        args.add(prefix);
        args.add(withSep.length());
        args.add(withSep);
      }
    }
    if (!f.fileTypes().isEmpty()) {
      sb.append(" AND ")
          .append(DocumentCopies.anyPlace("f.ext IN (" + placeholders(f.fileTypes().size()) + ")"));
      List<String> types = f.fileTypes().stream().sorted().toList();
      for (int copy = 0; copy < DocumentCopies.PLACE_KINDS; copy++) {
        args.addAll(types);
      }
    }
    if (f.from() != null) {
      sb.append(" AND ").append(MessageMeta.DATE).append(" >= ?");
      args.add(f.from().toEpochMilli());
    }
    if (f.to() != null) {
      sb.append(" AND ").append(MessageMeta.DATE).append(" < ?");
      args.add(f.to().toEpochMilli());
    }
    // sender, recipients, mail folder, attachments: the message's fields (MessageMeta)
    sb.append(MessageMeta.where(f, args));
    if (f.language() != null) {
      sb.append(" AND d.language = ?");
      args.add(f.language());
    }
    return sb.toString();
  }

  private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      switch (a) {
        case String s -> ps.setString(i + 1, s);
        case Integer n -> ps.setInt(i + 1, n);
        case Long n -> ps.setLong(i + 1, n);
        default -> throw new IllegalStateException("unexpected SQL argument " + a);
      }
    }
  }

  /**
   * A predicate over chunk ids that is true for the chunks passing {@code filter}, evaluated once
   * now (a sorted id array) so the vector index can test ids cheaply inside its traversal. For
   * {@link ChunkFilter#NONE} it accepts every id. Later changes to the store are not reflected.
   */
  public LongPredicate allowedChunks(ChunkFilter filter) {
    if (filter == null || filter.isUnrestricted()) {
      return id -> true;
    }
    List<Object> args = new ArrayList<>();
    String where = filterSql(filter, args);
    String sql =
        "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id"
            + " JOIN files f ON f.id = c.file_id WHERE 1=1"
            + where
            + " ORDER BY c.id";
    long[] ids =
        read(
            c -> {
              try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                return longs(ps);
              }
            });
    return id -> Arrays.binarySearch(ids, id) >= 0;
  }

  /** Every chunk id, ascending. */
  public long[] allChunkIds() {
    return read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT id FROM chunks ORDER BY id")) {
            return longs(ps);
          }
        });
  }

  private static long[] longs(PreparedStatement ps) throws SQLException {
    long[] buf = new long[1024];
    int n = 0;
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        if (n == buf.length) {
          buf = Arrays.copyOf(buf, n * 2);
        }
        buf[n++] = rs.getLong(1);
      }
    }
    return Arrays.copyOf(buf, n);
  }

  /** Number of chunks stored. */
  public int chunkCount() {
    return read(c -> count(c, "SELECT count(*) FROM chunks"));
  }

  /** File rows, all or only those in {@code state}, ordered by path. */
  public List<FileRecord> files(Optional<FileState> state) {
    return read(
        c -> {
          String sql =
              "SELECT path, state, reason, size, mtime_ms, content_hash, documents, chunks FROM files"
                  + (state.isPresent() ? " WHERE state = ?" : "")
                  + " ORDER BY path";
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (state.isPresent()) {
              ps.setString(1, state.get().name());
            }
            List<FileRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(fileRecord(rs));
              }
            }
            return out;
          }
        });
  }

  /** The status row of one file, or empty. */
  public Optional<FileRecord> file(Path path) {
    String p = path.toAbsolutePath().normalize().toString();
    return read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT path, state, reason, size, mtime_ms, content_hash, documents, chunks"
                      + " FROM files WHERE path = ?")) {
            ps.setString(1, p);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(fileRecord(rs)) : Optional.<FileRecord>empty();
            }
          }
        });
  }

  private static FileRecord fileRecord(ResultSet rs) throws SQLException {
    return new FileRecord(
        Path.of(rs.getString(1)),
        FileState.valueOf(rs.getString(2)),
        rs.getString(3),
        rs.getLong(4),
        Instant.ofEpochMilli(rs.getLong(5)),
        rs.getString(6),
        rs.getInt(7),
        rs.getInt(8));
  }

  /** Counts over the whole store. */
  public StoreStats stats() {
    return read(
        c -> {
          int[] byState = new int[FileState.values().length];
          long indexedBytes = 0;
          try (Statement st = c.createStatement();
              ResultSet rs =
                  st.executeQuery("SELECT state, count(*), sum(size) FROM files GROUP BY state")) {
            while (rs.next()) {
              FileState s = FileState.valueOf(rs.getString(1));
              byState[s.ordinal()] = rs.getInt(2);
              if (s == FileState.INDEXED) {
                indexedBytes = rs.getLong(3);
              }
            }
          }
          int files = Arrays.stream(byState).sum();
          long dbBytes;
          try {
            dbBytes = Files.size(file);
          } catch (IOException e) {
            dbBytes = -1;
          }
          return new StoreStats(
              files,
              byState[FileState.INDEXED.ordinal()],
              byState[FileState.SKIPPED.ordinal()],
              byState[FileState.FAILED.ordinal()],
              byState[FileState.PENDING.ordinal()],
              count(c, "SELECT count(*) FROM documents"),
              count(c, "SELECT count(*) FROM chunks"),
              indexedBytes,
              dbBytes);
        });
  }

  private static int count(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  // ---------------------------------------------------------------- writes (Ingestor only)

  /** Status rows as the writer sees them, keyed by absolute path. */
  Map<String, FileRow> fileRows() {
    return write(
        c -> {
          Map<String, FileRow> out = new HashMap<>();
          try (Statement st = c.createStatement();
              ResultSet rs =
                  st.executeQuery("SELECT path, state, size, mtime_ms, content_hash FROM files")) {
            while (rs.next()) {
              out.put(
                  rs.getString(1),
                  new FileRow(
                      rs.getString(1),
                      FileState.valueOf(rs.getString(2)),
                      rs.getLong(3),
                      rs.getLong(4),
                      rs.getString(5)));
            }
          }
          return out;
        });
  }

  /** One file's status as the writer needs it. */
  record FileRow(String path, FileState state, long size, long mtimeMs, String hash) {}

  /** Adds PENDING rows for files not in the store yet, in one transaction. */
  void markPending(List<ScannedFile> files) {
    if (files.isEmpty()) {
      return;
    }
    transaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT OR IGNORE INTO files(path, state, size, mtime_ms, ext, updated_ms)"
                      + " VALUES (?, 'PENDING', ?, ?, ?, ?)")) {
            long now = System.currentTimeMillis();
            for (ScannedFile f : files) {
              ps.setString(1, f.key());
              ps.setLong(2, f.size());
              ps.setLong(3, f.mtimeMs());
              ps.setString(4, FileExtractor.extension(f.path().getFileName().toString()));
              ps.setLong(5, now);
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  /** Updates size and mtime of a file whose content hash did not change. */
  void touch(ScannedFile f) {
    transaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE files SET size = ?, mtime_ms = ?, updated_ms = ? WHERE path = ?")) {
            ps.setLong(1, f.size());
            ps.setLong(2, f.mtimeMs());
            ps.setLong(3, System.currentTimeMillis());
            ps.setString(4, f.key());
            ps.executeUpdate();
          }
          return null;
        });
  }

  /**
   * Writes a consistent copy of the whole store (one read snapshot, compacted) to {@code target}
   * with SQLite's {@code VACUUM INTO}; writers wait meanwhile. {@code target} must not exist.
   *
   * @throws StoreException when the copy fails (disk full, target exists); a partial target is
   *     deleted
   */
  public void copyTo(Path target) {
    ensureOpen();
    Path t = target.toAbsolutePath().normalize();
    if (Files.exists(t)) {
      throw new StoreException("cannot copy the document store to " + t + ": the file exists");
    }
    writeLock.lock();
    try (PreparedStatement ps = writer.prepareStatement("VACUUM INTO ?")) {
      // on the writer, between transactions: the copy is one committed state
      ps.setString(1, t.toString());
      ps.execute();
    } catch (SQLException e) {
      try {
        Files.deleteIfExists(t);
      } catch (IOException ignored) {
        // the message below names the target
      }
      throw new StoreException("cannot copy the document store to " + t + ": " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Moves every stored file path under an old root to the new root (an imported collection on a new
   * machine), in one transaction. Roots are compared as whole path segments.
   *
   * @return how many file rows were moved
   */
  public int relocate(java.util.Map<Path, Path> oldToNewRoots) {
    return transaction(
        c -> {
          int moved = 0;
          for (var e : oldToNewRoots.entrySet()) {
            String from = e.getKey().toString();
            String to = e.getValue().toAbsolutePath().normalize().toString();
            String prefix =
                from.endsWith(java.io.File.separator) ? from : from + java.io.File.separator;
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE files SET path = ? || substr(path, ?) WHERE path = ? OR substr(path, 1, ?) = ?")) {
              ps.setString(1, to);
              ps.setInt(2, from.length() + 1);
              ps.setString(3, from);
              ps.setInt(4, prefix.length());
              ps.setString(5, prefix);
              moved += ps.executeUpdate();
            }
          }
          return moved;
        });
  }

  /**
   * Marks every file row whose file does not exist on disk {@link FileState#MISSING} (its documents
   * and chunks stay), in one transaction.
   *
   * @return the paths marked
   */
  public List<Path> markMissing() {
    List<String> gone = new ArrayList<>();
    for (FileRecord r : files(Optional.empty())) {
      if (r.state() != FileState.MISSING && !Files.exists(r.path())) {
        gone.add(r.path().toString());
      }
    }
    transaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE files SET state = ?, reason = ?, updated_ms = ? WHERE path = ?")) {
            for (String p : gone) {
              ps.setString(1, FileState.MISSING.name());
              ps.setString(
                  2, "missing: not found after import (map its folder with --map OLD=NEW)");
              ps.setLong(3, System.currentTimeMillis());
              ps.setString(4, p);
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
    return gone.stream().map(Path::of).toList();
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
    return transaction(
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
            return new Commit(rec, List.of(), removed);
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
              setNullableLong(dps, 2, parentId);
              dps.setInt(3, i);
              dps.setString(4, d.mediaType);
              dps.setString(5, d.title == null ? f.path().getFileName().toString() : d.title);
              dps.setString(6, d.messageId);
              dps.setString(7, d.sender);
              dps.setString(8, d.recipients);
              setNullableLong(dps, 9, d.date == null ? null : d.date.toEpochMilli());
              dps.setString(10, d.inReplyTo);
              dps.setString(11, d.references);
              dps.setString(12, d.metadata.isEmpty() ? null : toJson(d.metadata));
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
                long chunkId;
                try (ResultSet keys = cps.getGeneratedKeys()) {
                  keys.next();
                  chunkId = keys.getLong(1);
                }
                SegmentIndex.add(c, chunkId, ch.text());
                added.add(
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
          return new Commit(rec, added, removed);
        });
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
   * duplicates of its file, oldest first; empty when it has none.
   */
  public List<Path> placesOf(long documentId) {
    return read(c -> DocumentCopies.placesOf(c, documentId));
  }

  /**
   * Deletes a file's row, documents and chunks in one transaction; returns the removed chunk ids.
   */
  long[] removeFile(String path) {
    return transaction(
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
   * The other places of a stored file's text: the files that are copies of it (state {@link
   * FileState#DUPLICATE}), oldest first; empty when it has none.
   */
  public List<Path> copiesOf(Path file) {
    String key = file.toAbsolutePath().normalize().toString();
    return read(
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
      ids = longs(ps);
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

  private static void setNullableLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setLong(i, v);
    }
  }

  private static String toJson(Map<String, Object> m) {
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String placeholders(int n) {
    return String.join(",", java.util.Collections.nCopies(n, "?"));
  }

  /**
   * Checks the full-text index against the chunk text (FTS5 {@code integrity-check}, which {@code
   * PRAGMA integrity_check} does not do). Reads only; takes the writer connection for as long as
   * the check runs (about a second per 10,000 chunks).
   */
  public LexicalCheck checkLexicalIndex() {
    return write(c -> FullTextMaintenance.check(c, file));
  }

  /** Rebuilds the full-text index from the chunk text, in one transaction. */
  public void rebuildLexicalIndex() {
    transaction(
        c -> {
          FullTextMaintenance.rebuild(c);
          return null;
        });
  }

  /**
   * Chunks per document language, most first; documents whose language could not be told count
   * under {@code ""}.
   */
  public Map<String, Integer> chunksByLanguage() {
    return countsByLanguage(
        "SELECT coalesce(d.language, ''), count(*) AS n FROM chunks c"
            + " JOIN documents d ON d.id = c.document_id"
            + " GROUP BY 1 ORDER BY n DESC, 1");
  }

  /**
   * Documents per detected language, most first; documents whose language could not be told count
   * under {@code ""}. Only documents with at least one chunk count (a container's own row, an empty
   * or failed file has nothing a model embeds).
   */
  public Map<String, Integer> documentsByLanguage() {
    return countsByLanguage(
        "SELECT coalesce(d.language, ''), count(*) AS n FROM documents d"
            + " WHERE EXISTS (SELECT 1 FROM chunks c WHERE c.document_id = d.id)"
            + " GROUP BY 1 ORDER BY n DESC, 1");
  }

  /** Runs a query of (language, count) rows into an ordered map. */
  private Map<String, Integer> countsByLanguage(String sql) {
    return read(
        c -> {
          Map<String, Integer> out = new LinkedHashMap<>();
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
              out.put(rs.getString(1), rs.getInt(2));
            }
          }
          return out;
        });
  }

  // ---------------------------------------------------------------- plumbing

  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  <T> T read(SqlWork<T> work) {
    ensureOpen();
    Connection c;
    try {
      c = readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for a read connection to " + file);
    }
    try {
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreException("query on " + file + " failed: " + e.getMessage(), e);
    } finally {
      readers.add(c);
    }
  }

  private <T> T write(SqlWork<T> work) {
    ensureOpen();
    writeLock.lock();
    try {
      return work.run(writer);
    } catch (SQLException e) {
      throw new StoreException("write to " + file + " failed: " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }

  <T> T transaction(SqlWork<T> work) {
    ensureOpen();
    writeLock.lock();
    try {
      writer.setAutoCommit(false);
      try {
        T result = work.run(writer);
        writer.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        writer.rollback();
        throw e;
      } finally {
        writer.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("transaction on " + file + " failed: " + e.getMessage(), e);
    } finally {
      writeLock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StoreException("document store " + file + " is closed");
    }
  }

  /** Closes every connection; further calls throw {@link StoreException}. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    writeLock.lock();
    try {
      for (Connection r : allReaders) {
        closeQuietly(r);
      }
      closeQuietly(writer);
    } finally {
      writeLock.unlock();
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        LOG.warn("closing an SQLite connection failed: {}", e.getMessage());
      }
    }
  }
}
