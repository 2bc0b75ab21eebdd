package dev.cairn.app.server;

import java.util.Locale;
import java.util.Objects;

/**
 * A refusal or failure of a Cairn tool, typed so that clients can react without parsing text: MCP
 * clients get it as a tool result with {@code isError} and {@code {"error": {"code", "message"}}},
 * the HTTP API as the same object with the matching status.
 */
public final class ToolException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Code {
    /** An argument is missing, unknown, of the wrong type or out of range. HTTP 400. */
    INVALID_ARGUMENT(400),
    /** The query or question is longer than the server accepts. HTTP 413. */
    QUERY_TOO_LONG(413),
    /** No such collection among those the user exposed (hidden ones look the same). HTTP 404. */
    UNKNOWN_COLLECTION(404),
    /** The collection holds no such document. HTTP 404. */
    UNKNOWN_DOCUMENT(404),
    /** The collection is being rebuilt or written by another Cairn; try again later. HTTP 503. */
    INDEX_BUSY(503),
    /** The collection's files are damaged or need a rebuild (the message names the command). */
    COLLECTION_DAMAGED(503),
    /** The model the answer needs is missing or cannot be reached. HTTP 503. */
    MODEL_UNAVAILABLE(503),
    /**
     * The client cancelled the call ({@code notifications/cancelled}) or went away while it ran;
     * nothing of the unfinished answer is returned. HTTP 499 (the client closed the request).
     */
    CANCELLED(499),
    /** Anything else (reading files failed). HTTP 500. */
    FAILED(500);

    private final int httpStatus;

    Code(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    /** The HTTP status the API answers with. */
    public int httpStatus() {
      return httpStatus;
    }

    /** The code as clients see it, e.g. {@code unknown_collection}. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Code code;

  public ToolException(Code code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  public ToolException(Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  public Code code() {
    return code;
  }
}
