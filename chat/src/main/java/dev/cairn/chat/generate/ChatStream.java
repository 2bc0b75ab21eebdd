package dev.cairn.chat.generate;

import java.time.Duration;

/** A running answer. Thread-safe. */
public interface ChatStream {
  /** Asks generation to stop; it ends with {@link FinishReason#CANCELLED}. Idempotent. */
  void cancel();

  /** Whether the stream has ended (completed or failed). */
  boolean isDone();

  /**
   * Waits for the end of the stream.
   *
   * @return the completion
   * @throws ChatException the error the stream ended with
   * @throws ChatTimeoutException when the stream does not end within {@code wait}
   * @throws InterruptedException when the waiting thread is interrupted
   */
  ChatCompletion await(Duration wait) throws ChatException, InterruptedException;
}
