package dev.cairn.chat.generate;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/** Opens chat models; the caller closes them. */
public final class ChatModels {
  private ChatModels() {}

  /**
   * A llama.cpp model on a GGUF file the user chose.
   *
   * @throws ChatModelFileException naming the file when it is missing, corrupt, not GGUF, or an
   *     embedding-only model
   */
  public static ChatModel llamaCpp(Path gguf, DeviceOptions device) throws ChatException {
    Objects.requireNonNull(gguf, "gguf");
    Objects.requireNonNull(device, "device");
    return LlamaCppChatModel.open(gguf, device);
  }

  /**
   * An Ollama model. Opening does not contact the server; use {@code
   * dev.cairn.chat.models.OllamaProbe} to check it first. Errors surface on {@code stream}.
   *
   * @param timeout per HTTP request (connection and first byte)
   */
  public static ChatModel ollama(URI host, String model, Duration timeout) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(timeout, "timeout");
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("Ollama model name is blank");
    }
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    return new OllamaChatModel(host, model, timeout);
  }
}
