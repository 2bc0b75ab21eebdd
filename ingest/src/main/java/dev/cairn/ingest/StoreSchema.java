package dev.cairn.ingest;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The document store's schema: the DDL of every version and the ordered migrations that bring a
 * file up to {@link DocumentStore#SCHEMA_VERSION} (with their Java steps, {@link SchemaV3Upgrade}
 * and {@link MessageMeta}). Refuses a file written by a newer Cairn and an SQLite file that is not
 * a Cairn store. Stateless; touches only the connection it is given (the writer, at open).
 */
final class StoreSchema {
  // log lines keep the store's logger name
  private static final Logger LOG = LoggerFactory.getLogger(DocumentStore.class);

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
          MessageMeta.SCHEMA,
          // version 7: no SQL; its Java step (TextHashBackfill.fill) gives the documents stored
          // before version 5 their text hash
          List.of(),
          // version 8: no SQL; its Java step (CopyMerge.merge) makes the later of two documents
          // stored twice before version 5 a copy of the older one
          List.of());

  private StoreSchema() {}

  /** The file's {@code PRAGMA user_version}. */
  static int version(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA user_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  /**
   * Runs every migration from the file's version up to {@link DocumentStore#SCHEMA_VERSION}, one
   * transaction per version.
   *
   * @throws StoreException when the file is newer than this code or not a Cairn store
   */
  static void migrate(Connection c, Path f, UpgradeProgress progress) throws SQLException {
    int version = version(c);
    if (version > DocumentStore.SCHEMA_VERSION) {
      throw new StoreException(
          "document store "
              + f
              + " has schema version "
              + version
              + ", this Cairn understands up to "
              + DocumentStore.SCHEMA_VERSION
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
    for (int v = version; v < DocumentStore.SCHEMA_VERSION; v++) {
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
        if (v + 1 == TextHashBackfill.VERSION) {
          TextHashBackfill.fill(c, progress);
        }
        if (v + 1 == CopyMerge.VERSION) {
          CopyMerge.merge(c, progress);
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
}
