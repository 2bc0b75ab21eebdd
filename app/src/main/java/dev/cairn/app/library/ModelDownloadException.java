package dev.cairn.app.library;

import java.net.URI;
import java.util.Objects;

/**
 * A model download failed. The message is written for the user and names the next step; {@link
 * #reason()} says what happened, so callers can react without parsing text.
 */
public final class ModelDownloadException extends LibraryException {
  private static final long serialVersionUID = 1L;

  /** Why a download failed. */
  public enum Reason {
    /** The user cancelled; the partial file was kept for resuming. */
    CANCELLED,
    /** The server answered with an HTTP error status. */
    HTTP_STATUS,
    /** The server could not be reached or the connection broke off; the partial file was kept. */
    NETWORK,
    /**
     * The finished file's SHA-256 differs from the pinned one; the file was deleted. The message
     * holds both hashes.
     */
    CHECKSUM_MISMATCH,
    /** The models folder could not be written. */
    FILE_SYSTEM,
    /** Another download of the same file is running. */
    ALREADY_RUNNING
  }

  private final Reason reason;
  private final transient URI url;

  public ModelDownloadException(Reason reason, URI url, String message, Throwable cause) {
    super(kindOf(Objects.requireNonNull(reason, "reason")), message, cause);
    this.reason = reason;
    this.url = url;
  }

  private static Kind kindOf(Reason reason) {
    return switch (reason) {
      case CANCELLED -> Kind.CANCELLED;
      case HTTP_STATUS, NETWORK -> Kind.MODEL_UNAVAILABLE;
      case CHECKSUM_MISMATCH -> Kind.CORRUPT;
      case FILE_SYSTEM -> Kind.IO;
      case ALREADY_RUNNING -> Kind.BUSY;
    };
  }

  public Reason reason() {
    return reason;
  }

  /** The address the file was downloaded from. */
  public URI url() {
    return url;
  }
}
