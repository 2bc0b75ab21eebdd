package dev.cairn.chat.models;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Chat GGUFs Cairn suggests downloading (user-started; nothing is fetched automatically). */
public final class RecommendedModels {
  private RecommendedModels() {}

  /**
   * A suggested model.
   *
   * @param fileName file name in the models folder
   * @param url where to download it from
   * @param approxBytes approximate size, for the UI
   * @param sha256 expected SHA-256 when Cairn knows it; empty means the download is only checked
   *     for completeness and its hash is shown to the user
   * @param licence licence of the weights
   */
  public record Recommended(
      String displayName,
      String fileName,
      URI url,
      long approxBytes,
      Optional<String> sha256,
      String licence) {}

  /**
   * The recommended list. The SHA-256 values are not pinned yet (they could not be fetched in the
   * offline build); the downloader reports the computed hash.
   */
  public static List<Recommended> chat() {
    return List.of(
        new Recommended(
            "Qwen2.5 1.5B Instruct (Q4_K_M)",
            "qwen2.5-1.5b-instruct-q4_k_m.gguf",
            URI.create(
                "https://huggingface.co/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/"
                    + "qwen2.5-1.5b-instruct-q4_k_m.gguf"),
            1_120_000_000L,
            Optional.empty(),
            "Apache-2.0"),
        new Recommended(
            "Llama 3.2 3B Instruct (Q4_K_M)",
            "Llama-3.2-3B-Instruct-Q4_K_M.gguf",
            URI.create(
                "https://huggingface.co/bartowski/Llama-3.2-3B-Instruct-GGUF/resolve/main/"
                    + "Llama-3.2-3B-Instruct-Q4_K_M.gguf"),
            2_020_000_000L,
            Optional.empty(),
            "Llama 3.2 Community License"));
  }
}
