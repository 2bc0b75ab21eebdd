package dev.cairn.chat.generate;

import java.nio.file.Path;

/** A chat model file is missing, corrupt or not a generative model; names the file. */
public class ChatModelFileException extends ChatException {
  private static final long serialVersionUID = 1L;
  private final transient Path file;

  public ChatModelFileException(Path file, String message, Throwable cause) {
    super(message, cause);
    this.file = file;
  }

  public Path file() {
    return file;
  }
}
