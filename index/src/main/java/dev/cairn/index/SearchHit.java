package dev.cairn.index;

/** One search result: a chunk id and its cosine similarity to the query (exact, not PQ). */
public record SearchHit(long chunkId, float score) {}
