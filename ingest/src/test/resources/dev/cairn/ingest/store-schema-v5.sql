-- The document store's schema version 5 as the Cairn before the mail filters wrote it (golden: do not
-- edit). Statements end with ';' on a line of their own.
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
  updated_ms INTEGER NOT NULL, text_hash TEXT, duplicate_of INTEGER REFERENCES files(id))
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
  metadata_json TEXT, language TEXT, text_hash TEXT)
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
CREATE INDEX files_text_hash ON files(text_hash)
;
CREATE INDEX files_duplicate_of ON files(duplicate_of)
;
CREATE INDEX documents_language ON documents(language)
;
CREATE VIRTUAL TABLE chunk_segments USING fts5(segments, content='',
  contentless_delete=1,
  tokenize="unicode61 remove_diacritics 2 categories 'L* N* Co M*'")
;
CREATE TRIGGER chunks_segments_ad AFTER DELETE ON chunks BEGIN
  DELETE FROM chunk_segments WHERE rowid = old.id;
END
;
CREATE TABLE containers(
  file_id INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  resume_offset INTEGER NOT NULL,
  head_crc INTEGER NOT NULL,
  tail_crc INTEGER NOT NULL,
  messages INTEGER NOT NULL,
  generation INTEGER NOT NULL,
  reconciling INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL)
;
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
  generation INTEGER NOT NULL)
;
CREATE INDEX container_messages_file ON container_messages(file_id, ordinal)
;
CREATE INDEX documents_parent ON documents(parent_id)
;
CREATE INDEX documents_text_hash ON documents(text_hash)
;
CREATE TABLE document_copies(
  copy_id INTEGER PRIMARY KEY REFERENCES documents(id),
  original_id INTEGER NOT NULL REFERENCES documents(id))
;
CREATE INDEX document_copies_original ON document_copies(original_id)
;
