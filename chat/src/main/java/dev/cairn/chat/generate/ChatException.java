package dev.cairn.chat.generate;

/**
 * Generation failed. Subclasses: {@link ChatModelFileException} (missing or corrupt GGUF), {@link
 * ChatServerException} (Ollama down or answering garbage), {@link ChatTimeoutException}.
 */
public class ChatException extends Exception {
  private static final long serialVersionUID = 1L;

  public ChatException(String message) {
    super(message);
  }

  public ChatException(String message, Throwable cause) {
    super(message, cause);
  }
}
