package dev.cairn.chat.embed;

import java.net.URI;

/**
 * An embedding server (Ollama) is unreachable, too slow ({@link #timedOut()}), or answered with
 * something that is not a valid embedding response.
 */
public class EmbeddingServerException extends EmbeddingException {
  private static final long serialVersionUID = 1L;
  private final transient URI host;
  private final boolean timedOut;

  public EmbeddingServerException(URI host, boolean timedOut, String message, Throwable cause) {
    super(message, cause);
    this.host = host;
    this.timedOut = timedOut;
  }

  public URI host() {
    return host;
  }

  public boolean timedOut() {
    return timedOut;
  }
}
