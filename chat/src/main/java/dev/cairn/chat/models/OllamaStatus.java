package dev.cairn.chat.models;

import java.net.URI;
import java.util.List;

/**
 * What a probe of an Ollama host found.
 *
 * @param host the probed base URI
 * @param running whether the server answered /api/version
 * @param version the server version ("" when not running)
 * @param models models the server has (/api/tags), empty when not running
 * @param problem why the server is not usable ("" when running)
 */
public record OllamaStatus(
    URI host, boolean running, String version, List<OllamaModel> models, String problem) {

  public OllamaStatus {
    models = List.copyOf(models);
  }

  /**
   * One model of an Ollama server.
   *
   * @param name e.g. {@code llama3.2:latest}
   * @param sizeBytes size on disk
   * @param family e.g. "llama", "bert"
   * @param parameterSize e.g. "3.2B"
   * @param quantization e.g. "Q4_K_M"
   */
  public record OllamaModel(
      String name, long sizeBytes, String family, String parameterSize, String quantization) {

    /** Whether this looks like an embedding model (BERT-family or "embed" in the name). */
    public boolean looksLikeEmbeddingModel() {
      return family.toLowerCase(java.util.Locale.ROOT).contains("bert")
          || name.toLowerCase(java.util.Locale.ROOT).contains("embed")
          || name.startsWith("all-minilm");
    }
  }
}
