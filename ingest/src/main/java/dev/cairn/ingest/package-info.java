/**
 * Cairn ingest: files to chunks.
 *
 * <p>{@link dev.cairn.ingest.Ingestor} scans folders ({@code FileScanner}), extracts text with
 * Apache Tika 3 ({@code FileExtractor}; Markdown, plain text/code and EPUB read directly), splits
 * it into token-bounded chunks with provenance ({@code Chunker}) and writes each file's documents
 * and chunks in one SQLite transaction to the {@link dev.cairn.ingest.DocumentStore} (documents,
 * chunks, per-file status, FTS5). {@link dev.cairn.ingest.FolderWatcher} reports changed paths to
 * feed back into the ingestor. Values leaving the module are records ({@link
 * dev.cairn.ingest.ChunkRecord}, {@link dev.cairn.ingest.FileRecord}, ...); no Tika, POI, PDFBox or
 * JDBC type is part of the public API. This package depends on no other Cairn module.
 */
package dev.cairn.ingest;
