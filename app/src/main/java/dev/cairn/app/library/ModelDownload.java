package dev.cairn.app.library;

import dev.cairn.chat.models.RecommendedModels;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A model file the user may ask Cairn to download: a chat model into {@code <home>/models}, or one
 * file of an embedding model folder ({@link EmbeddingModelDownload}). Validated when built.
 *
 * @param displayName readable name ("Qwen2.5 1.5B Instruct (Q4_K_M)")
 * @param fileName plain file name ending in {@code .gguf}, {@code .onnx} or {@code .json} (no
 *     folder part)
 * @param url http(s) address of the file
 * @param sizeBytes exact size in bytes when known, 0 when not
 * @param sha256 the lower-case hex SHA-256 the finished file must have
 * @param licence licence of the weights; may be empty
 */
public record ModelDownload(
    String displayName, String fileName, URI url, long sizeBytes, String sha256, String licence) {
  public ModelDownload {
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(sha256, "sha256");
    licence = licence == null ? "" : licence;
    if (fileName.isBlank()
        || fileName.contains("/")
        || fileName.contains("\\")
        || fileName.startsWith(".")
        || !fileName.toLowerCase(Locale.ROOT).matches(".*\\.(gguf|onnx|json)")) {
      throw new IllegalArgumentException(
          "a model file name must be a plain name ending in .gguf, .onnx or .json, got '"
              + fileName
              + "'");
    }
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException("only http(s) URLs can be downloaded, got " + url);
    }
    sha256 = sha256.toLowerCase(Locale.ROOT);
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 is not 64 hex digits: '" + sha256 + "'");
    }
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("sizeBytes must be >= 0, got " + sizeBytes);
    }
  }

  /** The recommended chat models with a pinned hash, best first (a fixed list; no I/O). */
  static List<ModelDownload> recommendedChat() {
    return RecommendedModels.chat().stream()
        .filter(r -> r.sha256().isPresent())
        .map(
            r ->
                new ModelDownload(
                    r.displayName(),
                    r.fileName(),
                    r.url(),
                    r.approxBytes(),
                    r.sha256().orElseThrow(),
                    r.licence()))
        .toList();
  }
}
