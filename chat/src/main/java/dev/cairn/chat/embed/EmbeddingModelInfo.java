package dev.cairn.chat.embed;

import java.util.Objects;

/**
 * Identity and shape of an embedding model as seen by an {@link Embedder}.
 *
 * @param modelId stable identity of the weights, the same across runtimes for the same weights
 *     (e.g. {@code all-minilm-l6-v2-1a2b3c4d}: model name plus the first 8 hex digits of the
 *     SHA-256 of the source ONNX file). An index records it and refuses vectors from another model.
 * @param displayName human-readable name
 * @param dimensions length of every vector
 * @param maxTokens word pieces per text including [CLS] and [SEP]; longer texts are truncated
 * @param pooling how token vectors are pooled
 * @param runtime what computes the vectors, e.g. {@code "onnxruntime (CPU, 2 threads)"}
 */
public record EmbeddingModelInfo(
    String modelId,
    String displayName,
    int dimensions,
    int maxTokens,
    Pooling pooling,
    String runtime) {

  public EmbeddingModelInfo {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(pooling, "pooling");
    Objects.requireNonNull(runtime, "runtime");
    if (modelId.isBlank()) {
      throw new IllegalArgumentException("modelId is blank");
    }
    if (dimensions <= 0) {
      throw new IllegalArgumentException("dimensions must be > 0, got " + dimensions);
    }
    if (maxTokens <= 2) {
      throw new IllegalArgumentException("maxTokens must be > 2, got " + maxTokens);
    }
  }

  /**
   * Refuses a vector length that differs from this model's.
   *
   * @throws DimensionMismatchException naming both numbers
   */
  public void requireDimensions(int indexDimensions) throws DimensionMismatchException {
    if (indexDimensions != dimensions) {
      throw new DimensionMismatchException(modelId, dimensions, indexDimensions);
    }
  }
}
