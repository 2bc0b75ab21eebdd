package dev.cairn.index;

import java.io.IOException;

/**
 * Recomputes the embeddings of chunks the index visits during a search or an insert.
 *
 * <p>The index stores no full-precision embeddings (apart from its small hot cache), so it asks
 * this source for the exact vectors of its most promising candidates, in batches. The app
 * implements it by reading chunk texts from the document store and embedding them.
 *
 * <p>Contract: {@link #embed(long[])} returns one L2-normalised vector of {@link #dimensions()}
 * floats per requested id, in the same order; cosine similarity is then a dot product. It may be
 * called from several search threads at once, so implementations must be thread-safe. The index
 * never closes the source: whoever created it closes it.
 */
public interface EmbeddingSource {

  /** Number of dimensions of every vector this source returns. */
  int dimensions();

  /**
   * Identity of the embedding model (name, revision, pooling...). An index built with one model
   * identity refuses to open with another, and the hot cache is dropped when it changes.
   */
  String modelId();

  /**
   * Embeds the chunks with the given ids.
   *
   * @param chunkIds ids of chunks known to the document store, never empty
   * @return one normalised vector per id, in order
   * @throws IOException if a chunk cannot be read or embedded
   */
  float[][] embed(long[] chunkIds) throws IOException;
}
