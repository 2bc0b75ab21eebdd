package dev.cairn.ingest;

/**
 * A file that ingestion cannot turn into text. {@link #state()} says whether it was skipped on
 * purpose (encrypted, empty, too large, unsupported type, no text layer) or failed (corrupt, timed
 * out, unreadable); {@link #reason()} is the user-readable reason stored with the file.
 */
public class UnsupportedDocumentException extends Exception {
  private static final long serialVersionUID = 1L;
  private final FileState state;
  private final String reason;

  public UnsupportedDocumentException(FileState state, String reason) {
    super(reason);
    this.state = state;
    this.reason = reason;
  }

  public UnsupportedDocumentException(FileState state, String reason, Throwable cause) {
    super(reason, cause);
    this.state = state;
    this.reason = reason;
  }

  public FileState state() {
    return state;
  }

  public String reason() {
    return reason;
  }
}
