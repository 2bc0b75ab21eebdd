package dev.cairn.app.library;

import java.util.Objects;

/**
 * A question to answer from a collection, validated when built.
 *
 * @param collection the collection to answer from
 * @param question the question (not blank)
 * @param modelSpec the chat model in its text form ({@link ChatModelChoice#spec()}, read by {@link
 *     ChatModelChoice#parse}): a GGUF path, {@code gguf:/path/model.gguf}, {@code ollama:NAME}, or
 *     {@code none} for an extractive answer; {@code null} uses the model in the settings (or an
 *     extractive answer if none is configured)
 * @param k how many sources to retrieve, 1 to 20
 */
public record AnswerRequest(String collection, String question, String modelSpec, int k) {
  public static final int DEFAULT_K = 5;

  public AnswerRequest {
    Objects.requireNonNull(collection, "collection");
    if (question == null || question.isBlank()) {
      throw new IllegalArgumentException("the question is blank");
    }
    if (k < 1 || k > 20) {
      throw new IllegalArgumentException("k must be between 1 and 20, got " + k);
    }
    question = question.strip();
    modelSpec = modelSpec == null || modelSpec.isBlank() ? null : modelSpec.strip();
  }

  public static AnswerRequest of(String collection, String question) {
    return new AnswerRequest(collection, question, null, DEFAULT_K);
  }

  /** A request for {@code k} sources answered by {@code model}. */
  public static AnswerRequest of(String collection, String question, ChatModelChoice model, int k) {
    return new AnswerRequest(
        collection, question, Objects.requireNonNull(model, "model").spec(), k);
  }
}
