package dev.cairn.app.library;

import java.util.Objects;

/**
 * A failure of the library service, with a message written for the user that names the next step
 * (for example "Ollama is not running at localhost:11434 — start it or choose a GGUF model").
 */
public class LibraryException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * What kind of failure this is, so callers can react (exit code, dialog) without parsing text.
   */
  public enum Kind {
    /** The request itself is wrong (blank query, bad filter, unknown mode). */
    INVALID_REQUEST,
    /** A named collection does not exist. */
    NOT_FOUND,
    /** A collection with that name already exists. */
    ALREADY_EXISTS,
    /** A chat or embedding model is missing or cannot be reached. */
    MODEL_UNAVAILABLE,
    /** Files on disk are damaged or written by an incompatible version; a rebuild is needed. */
    CORRUPT,
    /** Another task or process holds the collection. */
    BUSY,
    /** The task was cancelled by the user. */
    CANCELLED,
    /** Reading or writing files failed. */
    IO
  }

  private final Kind kind;

  public LibraryException(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public LibraryException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }
}
