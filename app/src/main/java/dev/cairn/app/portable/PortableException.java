package dev.cairn.app.portable;

/** Why an export or import did not happen; nothing already there was changed. */
public final class PortableException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** No such collection, or the export file does not exist. */
    NOT_FOUND,
    /** The file is cut short or is not a zip. */
    TRUNCATED,
    /** A part's checksum or size differs from the manifest, or the manifest is unreadable. */
    TAMPERED,
    /** Written by a newer Cairn (export format, document store schema or index format). */
    NEWER_FORMAT,
    /** Its index was built by another embedding model than this Cairn's. */
    MODEL_MISMATCH,
    /** A collection of that name exists (replace it or import under another name). */
    NAME_TAKEN,
    /** A bad request: an invalid name or root mapping. */
    INVALID,
    /** Reading or writing failed (disk full, permission denied). */
    IO,
    /** Cancelled by the user. */
    CANCELLED
  }

  private final Kind kind;

  public PortableException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public PortableException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
