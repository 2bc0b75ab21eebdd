package dev.cairn.index;

/**
 * A call on a {@link CairnIndex} that was closed: by its owner, or because a rebuild or re-embed
 * replaced it with a new generation while a search still held the old one. Callers that can open
 * the index again (the search pipeline) retry once on the current one.
 */
public final class IndexClosedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  IndexClosedException(String message) {
    super(message);
  }
}
