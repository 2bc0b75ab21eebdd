package dev.cairn.ingest;

/**
 * One full-text (FTS5 BM25) match.
 *
 * @param chunkId the matching chunk
 * @param score BM25 relevance, higher is better (the negated FTS5 {@code bm25()} value)
 * @param snippet a short excerpt of the chunk with every matched term wrapped as «term»; "…" marks
 *     cut text
 */
public record LexicalHit(long chunkId, double score, String snippet) {
  /** Opening marker around matched terms in {@link #snippet()}. */
  public static final String MARK_OPEN = "«";

  /** Closing marker around matched terms in {@link #snippet()}. */
  public static final String MARK_CLOSE = "»";
}
