package dev.cairn.index;

import java.lang.foreign.MemorySegment;

/**
 * Read access to the nodes of an index: chunk ids, adjacency, PQ codes, tombstones, hubs. Node ids
 * are dense ints [0, nodeCount). Implementations are safe for concurrent readers; the mutable one
 * is only mutated under the index's write lock.
 */
interface NodeStore {
  int nodeCount();

  long chunkId(int node);

  /** The node holding a chunk id, or -1. Tombstoned nodes are still found. */
  int nodeOf(long chunkId);

  /**
   * Copies the neighbours of a node into out (at least {@link IndexOptions#MAX_GRAPH_DEGREE} long)
   * and returns how many there are.
   */
  int neighbours(int node, int[] out);

  /** PQ codes, {@code codeBytes} per node, node-major; empty in small-index mode. */
  MemorySegment codes();

  boolean isDeleted(int node);

  boolean isHub(int node);

  int deletedCount();

  default int liveCount() {
    return nodeCount() - deletedCount();
  }
}
