package dev.cairn.chat.embed;

import java.util.List;

/**
 * Turns texts into L2-normalised vectors with one embedding model on one runtime (ONNX Runtime,
 * llama.cpp or Ollama).
 *
 * <p><b>Ownership:</b> whoever opens an embedder (through {@link Embedders}) closes it; closing
 * releases the native session or HTTP client. Calls after {@link #close()} fail with {@link
 * IllegalStateException}.
 *
 * <p><b>Threads:</b> implementations are thread-safe; concurrent calls may be serialised internally
 * (llama.cpp) or run in parallel (ONNX Runtime).
 *
 * <p><b>Truncation:</b> a text longer than {@link EmbeddingModelInfo#maxTokens()} word pieces
 * (including [CLS] and [SEP]) is cut at the last whole word that fits, on every runtime, so all
 * runtimes see the same word pieces. This is reported, never silent: {@link #embedWithReport} lists
 * the truncated texts, {@link #lastTruncatedCount()} gives the count of the most recent call, and a
 * debug log line is written.
 *
 * <p><b>Empty input:</b> an empty list gives an empty list; an empty or blank string is embedded as
 * "[CLS] [SEP]" (a valid, deterministic vector).
 *
 * <p><b>Cancellation:</b> interrupting the calling thread makes a running call stop between batches
 * with {@link EmbeddingCancelledException} (the interrupt flag is restored).
 */
public interface Embedder extends AutoCloseable {

  /** Identity and shape of the model behind this embedder. */
  EmbeddingModelInfo info();

  /**
   * Embeds texts in one or more batches.
   *
   * @return one L2-normalised vector of {@code info().dimensions()} floats per text, same order
   */
  default List<float[]> embed(List<String> texts) throws EmbeddingException {
    return embedWithReport(texts).vectors();
  }

  /** Like {@link #embed} but also reports token counts and which texts were truncated. */
  EmbedResult embedWithReport(List<String> texts) throws EmbeddingException;

  /** Embeds one query text. */
  default float[] embedQuery(String text) throws EmbeddingException {
    return embed(List.of(text)).getFirst();
  }

  /**
   * Word pieces of the full text including [CLS] and [SEP], without truncation (used by the chunker
   * to size chunks). Pure computation, no model run.
   */
  int countTokens(String text);

  /** How many texts the most recent {@code embed} call (on any thread) truncated. */
  int lastTruncatedCount();

  /** Releases the runtime; idempotent. */
  @Override
  void close();
}
