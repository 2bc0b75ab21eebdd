package dev.cairn.chat.generate;

import java.net.URI;

/** An Ollama server is unreachable or answered something that is not a valid chat stream. */
public class ChatServerException extends ChatException {
  private static final long serialVersionUID = 1L;
  private final transient URI host;

  public ChatServerException(URI host, String message, Throwable cause) {
    super(message, cause);
    this.host = host;
  }

  public URI host() {
    return host;
  }
}
