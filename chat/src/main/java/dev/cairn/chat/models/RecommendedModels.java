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
   * The recommended list. Each URL names a fixed repository revision, so the pinned size and
   * SHA-256 stay valid when the repository's main branch moves; a download whose hash differs is
   * rejected and deleted. (Hashes and sizes as published for those revisions and cross-checked
   * against several independent projects that pin the same files.)
   */
  public static List<Recommended> chat() {
    return List.of(
        new Recommended(
            "Qwen2.5 1.5B Instruct (Q4_K_M)",
            "qwen2.5-1.5b-instruct-q4_k_m.gguf",
            URI.create(
                "https://huggingface.co/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/"
                    + "91cad51170dc346986eccefdc2dd33a9da36ead9/qwen2.5-1.5b-instruct-q4_k_m.gguf"),
            1_117_320_736L,
            Optional.of("6a1a2eb6d15622bf3c96857206351ba97e1af16c30d7a74ee38970e434e9407e"),
            "Apache-2.0"),
        new Recommended(
            "Llama 3.2 3B Instruct (Q4_K_M)",
            "Llama-3.2-3B-Instruct-Q4_K_M.gguf",
            URI.create(
                "https://huggingface.co/bartowski/Llama-3.2-3B-Instruct-GGUF/resolve/"
                    + "5ab33fa94d1d04e903623ae72c95d1696f09f9e8/Llama-3.2-3B-Instruct-Q4_K_M.gguf"),
            2_019_377_696L,
            Optional.of("6c1a2b41161032677be168d354123594c0e6e67d2b9227c84f296ad037c728ff"),
            "Llama 3.2 Community License"));
  }
}
