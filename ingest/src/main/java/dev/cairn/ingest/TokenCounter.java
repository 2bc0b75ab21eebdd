package dev.cairn.ingest;

/**
 * Counts the tokens an embedding model would see for a text, without special tokens. The app
 * supplies one backed by the embedding model's tokenizer; {@link #approximate()} is a conservative
 * stand-in for WordPiece vocabularies (it tends to over-count, so chunks stay under the limit).
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface TokenCounter {
  int count(String text);

  /** A conservative WordPiece-like estimate; see {@link ApproximateTokenCounter}. */
  static TokenCounter approximate() {
    return ApproximateTokenCounter.INSTANCE;
  }
}
