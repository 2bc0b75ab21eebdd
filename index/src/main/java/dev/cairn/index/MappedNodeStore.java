package dev.cairn.index;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.BitSet;

/**
 * Read-only node store over a memory-mapped index file: the CSR graph and PQ codes are read in
 * place; chunk ids, hubs and tombstones are decoded into memory. Thread-safe.
 */
final class MappedNodeStore implements NodeStore {
  private final long[] ids;
  private final LongIntMap idMap;
  private final int[] blockOffsets;
  private final MemorySegment graphIndex;
  private final long lengthsBase;
  private final MemorySegment lists;
  private final MemorySegment codes;
  private final BitSet hubs;
  private final BitSet deleted;
  private final int deletedCount;

  MappedNodeStore(
      long[] ids,
      int[] blockOffsets,
      MemorySegment graphIndex,
      MemorySegment lists,
      MemorySegment codes,
      BitSet hubs,
      BitSet deleted) {
    this.ids = ids;
    this.idMap = new LongIntMap(ids.length);
    for (int i = 0; i < ids.length; i++) {
      idMap.put(ids[i], i);
    }
    this.blockOffsets = blockOffsets;
    this.graphIndex = graphIndex;
    this.lengthsBase = 8 + 4L * blockOffsets.length;
    this.lists = lists;
    this.codes = codes;
    this.hubs = hubs;
    this.deleted = deleted;
    this.deletedCount = deleted.cardinality();
  }

  @Override
  public int nodeCount() {
    return ids.length;
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
    int block = node / IndexFile.BLOCK;
    long off = blockOffsets[block];
    for (int i = block * IndexFile.BLOCK; i < node; i++) {
      off += graphIndex.get(ValueLayout.JAVA_BYTE, lengthsBase + i) & 0xFF;
    }
    Varint.Reader r = new Varint.Reader(lists, off);
    int deg = r.nextInt();
    if (deg > out.length) {
      throw new IllegalStateException("node " + node + " has degree " + deg);
    }
    int prev = 0;
    for (int j = 0; j < deg; j++) {
      prev = j == 0 ? r.nextInt() : prev + r.nextInt();
      out[j] = prev;
    }
    return deg;
  }

  @Override
  public MemorySegment codes() {
    return codes;
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
    return deletedCount;
  }
}
