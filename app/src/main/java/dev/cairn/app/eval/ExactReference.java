package dev.cairn.app.eval;

import dev.cairn.app.library.CollectionHandle;
import dev.cairn.app.library.LibraryException;
import dev.cairn.chat.embed.Embedder;
import dev.cairn.index.ChunkVector;
import dev.cairn.index.EmbeddingSource;
import dev.cairn.index.FlatIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The exact-search reference of an evaluation: a {@link FlatIndex} over the very vectors the
 * indexing run computed. The caller owns and closes the returned index; this class touches only the
 * file it is given and, for a chunk the run's tap missed, the collection's embedding source.
 */
final class ExactReference {
  private ExactReference() {}

  /**
   * Builds the flat index over {@code ids}, each with its vector from {@code vectors} or, when the
   * run did not report it, embedded again through the collection's source.
   */
  static FlatIndex build(
      Path file, CollectionHandle h, Embedder embedder, long[] ids, Map<Long, float[]> vectors)
      throws LibraryException, IOException {
    List<ChunkVector> flatVectors = new ArrayList<>();
    for (long id : ids) {
      float[] v = vectors.get(id);
      if (v == null) {
        // The collection's source, seen through the index's interface (its class is the library's).
        EmbeddingSource source = h.source(embedder);
        v = source.embed(new long[] {id})[0];
      }
      flatVectors.add(new ChunkVector(id, v));
    }
    return FlatIndex.build(file, embedder.info().dimensions(), flatVectors.iterator());
  }
}
