package dev.cairn.index;

import java.util.Objects;

/**
 * A chunk id with its L2-normalised embedding, as streamed into {@link CairnIndex#build} and {@link
 * FlatIndex#build}.
 */
public record ChunkVector(long chunkId, float[] vector) {
  public ChunkVector {
    Objects.requireNonNull(vector, "vector");
  }
}
