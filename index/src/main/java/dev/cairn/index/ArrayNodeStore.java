package dev.cairn.index;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.BitSet;

/** Heap-resident, growable node store used by builds and by a writer's mutations. */
final class ArrayNodeStore implements NodeStore {
  private final int codeBytes;
  private long[] ids;
  private int[][] adjacency;
  private byte[] codes;
  private int count;
  private final BitSet deleted = new BitSet();
  private final BitSet hubs = new BitSet();
  private final LongIntMap idMap;

  ArrayNodeStore(int codeBytes, int capacity) {
    this.codeBytes = codeBytes;
    int cap = Math.max(16, capacity);
    ids = new long[cap];
    adjacency = new int[cap][];
    codes = new byte[cap * codeBytes];
    idMap = new LongIntMap(cap);
  }

  /** A mutable copy of any store. */
  static ArrayNodeStore copyOf(NodeStore source, int codeBytes) {
    int n = source.nodeCount();
    ArrayNodeStore copy = new ArrayNodeStore(codeBytes, n + 16);
    int[] buf = new int[IndexOptions.MAX_GRAPH_DEGREE];
    MemorySegment src = source.codes();
    for (int node = 0; node < n; node++) {
      int deg = source.neighbours(node, buf);
      byte[] code = new byte[codeBytes];
      if (codeBytes > 0) {
        MemorySegment.copy(
            src,
            java.lang.foreign.ValueLayout.JAVA_BYTE,
            (long) node * codeBytes,
            code,
            0,
            codeBytes);
      }
      copy.add(source.chunkId(node), Arrays.copyOf(buf, deg), code);
      if (source.isDeleted(node)) {
        copy.delete(node);
      }
      if (source.isHub(node)) {
        copy.setHub(node, true);
      }
    }
    return copy;
  }

  int codeBytes() {
    return codeBytes;
  }

  /** Appends a node and returns its id. */
  int add(long chunkId, int[] neighbours, byte[] code) {
    if (count == ids.length) {
      int cap = ids.length * 2;
      ids = Arrays.copyOf(ids, cap);
      adjacency = Arrays.copyOf(adjacency, cap);
      codes = Arrays.copyOf(codes, cap * codeBytes);
    }
    int node = count++;
    ids[node] = chunkId;
    adjacency[node] = neighbours;
    if (codeBytes > 0) {
      System.arraycopy(code, 0, codes, node * codeBytes, codeBytes);
    }
    idMap.put(chunkId, node);
    return node;
  }

  void setNeighbours(int node, int[] neighbours) {
    if (neighbours.length > IndexOptions.MAX_GRAPH_DEGREE) {
      throw new IllegalArgumentException(
          "node " + node + " would have " + neighbours.length + " neighbours");
    }
    adjacency[node] = neighbours;
  }

  int[] neighbourArray(int node) {
    return adjacency[node];
  }

  void setCode(int node, byte[] code) {
    System.arraycopy(code, 0, codes, node * codeBytes, codeBytes);
  }

  void delete(int node) {
    deleted.set(node);
  }

  void setHub(int node, boolean hub) {
    hubs.set(node, hub);
  }

  @Override
  public int nodeCount() {
    return count;
  }

  @Override
  public long chunkId(int node) {
    return ids[node];
  }

  @Override
  public int nodeOf(long chunkId) {
    return idMap.get(chunkId);
  }

  @Override
  public int neighbours(int node, int[] out) {
    int[] a = adjacency[node];
    System.arraycopy(a, 0, out, 0, a.length);
    return a.length;
  }

  @Override
  public MemorySegment codes() {
    return MemorySegment.ofArray(codes);
  }

  @Override
  public boolean isDeleted(int node) {
    return deleted.get(node);
  }

  @Override
  public boolean isHub(int node) {
    return hubs.get(node);
  }

  @Override
  public int deletedCount() {
    return deleted.cardinality();
  }
}
