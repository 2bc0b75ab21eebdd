package dev.cairn.app.library;

import java.nio.file.Path;

/**
 * A chat model downloaded into {@code <home>/models} and checked against its pinned SHA-256.
 *
 * @param file the model file
 * @param bytes its size
 * @param sha256 its SHA-256 (lower-case hex), equal to the pinned one
 * @param resumedFrom bytes reused from an earlier, interrupted download
 */
public record DownloadedModel(Path file, long bytes, String sha256, long resumedFrom) {
  /** The chat model choice that uses this file. */
  public ChatModelChoice.Gguf choice() {
    return new ChatModelChoice.Gguf(file);
  }

  /** The model spec to pass to {@link AnswerRequest} or the settings ({@code gguf:/path}). */
  public String spec() {
    return choice().spec();
  }
}
