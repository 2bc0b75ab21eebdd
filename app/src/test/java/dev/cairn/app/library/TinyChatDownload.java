package dev.cairn.app.library;

import dev.cairn.chat.testing.RangeFileServer;

/** The tiny fixture GGUF served on loopback, described as a downloadable chat model. */
public final class TinyChatDownload {
  private TinyChatDownload() {}

  /** The file {@code server} serves, expected to have {@code sha256}. */
  public static ModelDownload from(RangeFileServer server, String sha256) {
    return new ModelDownload(
        "Tiny chat", "tiny-chat.gguf", server.url(), server.content().length, sha256, "test");
  }
}
