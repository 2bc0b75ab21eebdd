package dev.cairn.index;

import java.io.IOException;

/** The index was built with another embedding model than the given source: rebuild needed. */
public class ModelMismatchException extends IOException {
  public ModelMismatchException(
      String indexModel, int indexDims, String sourceModel, int sourceDims) {
    super(
        "index was built with model '"
            + indexModel
            + "' ("
            + indexDims
            + " dimensions) but the embedding source is '"
            + sourceModel
            + "' ("
            + sourceDims
            + " dimensions): rebuild needed");
  }
}
