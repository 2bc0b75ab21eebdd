package dev.cairn.index;

/**
 * The main graph of an open index as one immutable view: the header, the nodes (the mapped file, or
 * a writer's heap copy in small-index mode), the PQ codebook (null in small mode) and the sizes and
 * identity of the file on disk. Closing releases the mapping when there is one.
 *
 * @param mapped the mapped file the nodes come from, or null when they are on the heap
 */
record MainSegment(
    IndexMeta meta, NodeStore nodes, Pq pq, IndexFile.Sizes sizes, IndexFile.Loaded mapped)
    implements AutoCloseable {

  static MainSegment of(IndexFile.Loaded loaded) {
    return new MainSegment(loaded.meta(), loaded.nodes(), loaded.pq(), loaded.sizes(), loaded);
  }

  /** Whether the chunk has a live node in the main graph (ignoring the delta's tombstones). */
  boolean holdsLive(long chunkId) {
    int node = nodes.nodeOf(chunkId);
    return node >= 0 && !nodes.isDeleted(node);
  }

  @Override
  public void close() {
    if (mapped != null) {
      mapped.close();
    }
  }
}
