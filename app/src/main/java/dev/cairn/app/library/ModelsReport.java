package dev.cairn.app.library;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * What models Cairn can use on this machine.
 *
 * @param runtimes embedding/chat runtimes available (e.g. "ONNX Runtime 1.23.2", "llama.cpp")
 * @param embeddingModels embedding models (bundled, GGUF)
 * @param chatModels chat models: GGUF files found and models served by Ollama
 * @param ollama the Ollama server's status at the configured host
 * @param recommendedDownload a chat model worth downloading; {@code null} if none
 * @param defaultChatModel the spec used by {@code ask} when none is given; {@code null} when the
 *     answer would be extractive
 */
public record ModelsReport(
    List<String> runtimes,
    List<ModelEntry> embeddingModels,
    List<ModelEntry> chatModels,
    OllamaStatus ollama,
    ModelEntry recommendedDownload,
    String defaultChatModel) {
  public ModelsReport {
    runtimes = List.copyOf(runtimes);
    embeddingModels = List.copyOf(embeddingModels);
    chatModels = List.copyOf(chatModels);
    Objects.requireNonNull(ollama, "ollama");
  }

  /** Where a model comes from. */
  public enum Origin {
    BUNDLED,
    GGUF_FILE,
    OLLAMA,
    DOWNLOAD
  }

  /**
   * One model.
   *
   * @param spec what to pass as a model spec ({@code gguf:/path}, {@code ollama:name}, model id)
   * @param displayName a readable name
   * @param origin where it comes from
   * @param sizeBytes size on disk or download size; 0 if unknown
   * @param detail one line of detail (dimensions, quantisation, URL); may be empty
   */
  public record ModelEntry(
      String spec, String displayName, Origin origin, long sizeBytes, String detail) {}

  /**
   * The Ollama server.
   *
   * @param host the configured host
   * @param running whether it answered
   * @param version its version when running; {@code null} otherwise
   * @param message a readable status line
   */
  public record OllamaStatus(URI host, boolean running, String version, String message) {}
}
