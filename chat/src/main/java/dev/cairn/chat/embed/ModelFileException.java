package dev.cairn.chat.embed;

import java.nio.file.Path;

/** A model file (ONNX, GGUF, tokenizer) is missing, unreadable or corrupt; names the file. */
public class ModelFileException extends EmbeddingException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;

  public ModelFileException(Path file, String message) {
    super(message);
    this.file = file;
  }

  public ModelFileException(Path file, String message, Throwable cause) {
    super(message, cause);
    this.file = file;
  }

  /** The offending file. */
  public Path file() {
    return file;
  }
}
