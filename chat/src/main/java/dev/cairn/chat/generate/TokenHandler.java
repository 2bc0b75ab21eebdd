package dev.cairn.chat.generate;

/**
 * Receives a streamed answer. Called on the chat model's own generation thread, never concurrently;
 * exactly one of {@link #onComplete} or {@link #onError} ends every stream. Implementations must
 * return quickly (hand work to another thread, e.g. Platform.runLater).
 */
public interface TokenHandler {
  /** The next piece of text (may be a partial word; never empty). */
  void onToken(String token);

  /** The answer ended normally, by a stop string, by length, or by cancellation. */
  void onComplete(ChatCompletion completion);

  /** The answer failed (timeout, server error, model error). */
  void onError(ChatException error);

  /** A handler that ignores tokens (use {@link ChatStream#await} to get the result). */
  static TokenHandler ignoring() {
    return new TokenHandler() {
      @Override
      public void onToken(String token) {}

      @Override
      public void onComplete(ChatCompletion completion) {}

      @Override
      public void onError(ChatException error) {}
    };
  }
}
