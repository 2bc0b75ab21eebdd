package dev.cairn.chat.embed;

/** An embedding's length differs from what an index expects; carries both numbers. */
public class DimensionMismatchException extends EmbeddingException {
  private static final long serialVersionUID = 1L;
  private final int modelDimensions;
  private final int expectedDimensions;

  public DimensionMismatchException(String modelId, int modelDimensions, int expectedDimensions) {
    super(
        "embedding model "
            + modelId
            + " produces "
            + modelDimensions
            + " dimensions, but the index expects "
            + expectedDimensions);
    this.modelDimensions = modelDimensions;
    this.expectedDimensions = expectedDimensions;
  }

  public int modelDimensions() {
    return modelDimensions;
  }

  public int expectedDimensions() {
    return expectedDimensions;
  }
}
