-- The document store's schema version 1 as Cairn 0.1 wrote it (golden: do not edit). Statements
-- end with ';' on a line of their own.
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
  updated_ms INTEGER NOT NULL)
;
CREATE INDEX files_state ON files(state)
;
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
  metadata_json TEXT)
;
CREATE INDEX documents_file ON documents(file_id)
;
CREATE INDEX documents_message ON documents(message_id)
;
CREATE TABLE chunks(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  file_id INTEGER NOT NULL REFERENCES files(id),
  ordinal INTEGER NOT NULL,
  text TEXT NOT NULL,
  page INTEGER NOT NULL,
  start_char INTEGER NOT NULL,
  end_char INTEGER NOT NULL,
  heading_path TEXT)
;
CREATE INDEX chunks_document ON chunks(document_id)
;
CREATE INDEX chunks_file ON chunks(file_id)
;
CREATE VIRTUAL TABLE chunks_fts USING fts5(
  text, content='chunks', content_rowid='id', tokenize='unicode61 remove_diacritics 2')
;
CREATE TRIGGER chunks_ai AFTER INSERT ON chunks BEGIN
  INSERT INTO chunks_fts(rowid, text) VALUES (new.id, new.text);
END
;
CREATE TRIGGER chunks_ad AFTER DELETE ON chunks BEGIN
  INSERT INTO chunks_fts(chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
END
;
PRAGMA user_version=1
;
