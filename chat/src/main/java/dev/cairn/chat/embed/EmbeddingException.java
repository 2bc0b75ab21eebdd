package dev.cairn.chat.embed;

/**
 * An embedding could not be computed. Subclasses say why: {@link ModelFileException} (a model file
 * is missing or corrupt), {@link EmbeddingServerException} (Ollama down, slow or answering
 * garbage), {@link DimensionMismatchException}, {@link EmbeddingCancelledException}.
 */
public class EmbeddingException extends Exception {
  private static final long serialVersionUID = 1L;

  public EmbeddingException(String message) {
    super(message);
  }

  public EmbeddingException(String message, Throwable cause) {
    super(message, cause);
  }
}
