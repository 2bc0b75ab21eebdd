package dev.cairn.ingest;

/**
 * One stored chunk: a passage of at most the configured number of tokens, with its provenance.
 * Chunk ids are never reused, even after the chunk is deleted (SQLite AUTOINCREMENT).
 */
public record ChunkRecord(long id, long documentId, String text, Provenance provenance) {}
