package dev.cairn.ingest;

/**
 * A failure of the SQLite document store (cannot open, schema too new, SQL error, missing rows).
 * Unchecked so that read paths stay usable from lambdas; the message always names the file or ids.
 */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
