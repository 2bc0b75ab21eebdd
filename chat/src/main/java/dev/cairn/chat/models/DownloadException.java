package dev.cairn.chat.models;

import java.net.URI;

/**
 * A download failed: HTTP error, network error, cancelled, or checksum mismatch ({@link
 * #reason()}). The partial file is kept (for resume) except after a checksum mismatch.
 */
public class DownloadException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a download failed. */
  public enum Reason {
    HTTP_STATUS,
    NETWORK,
    CANCELLED,
    CHECKSUM_MISMATCH,
    FILE_SYSTEM
  }

  private final transient URI url;
  private final Reason reason;

  public DownloadException(URI url, Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.url = url;
    this.reason = reason;
  }

  public URI url() {
    return url;
  }

  public Reason reason() {
    return reason;
  }
}
