package dev.cairn.chat.generate;

/** Why an answer ended. */
public enum FinishReason {
  /** The model ended its answer (end-of-sequence token). */
  END,
  /** A stop string was reached (it is not part of the text). */
  STOP_STRING,
  /** {@link ChatRequest#maxTokens()} tokens were generated. */
  LENGTH,
  /** {@link ChatStream#cancel()} was called. */
  CANCELLED
}
