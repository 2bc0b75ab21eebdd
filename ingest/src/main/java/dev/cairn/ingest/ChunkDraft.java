package dev.cairn.ingest;

/** A chunk before it gets an id: text plus where it lies in its document. */
record ChunkDraft(String text, int page, int startChar, int endChar, String headingPath) {}
