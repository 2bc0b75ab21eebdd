package dev.cairn.index;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.zip.CRC32C;

/**
 * Reads and writes the index file {@code index.cairn}: a header with a section table, then the
 * sections, each protected by a CRC32C. See docs/index-format.md. Writes go to a temporary file
 * that is forced to disk and atomically renamed over the old one, so readers always see a whole
 * file.
 */
final class IndexFile {
  static final String FILE_NAME = "index.cairn";
  static final int FORMAT_VERSION = 1;
  static final byte[] MAGIC = "CAIRNIDX".getBytes(StandardCharsets.US_ASCII);
  static final int BLOCK = 16;

  /** Section ids, in file order. */
  enum Section {
    META(1),
    IDS(2),
    GRAPH_INDEX(3),
    GRAPH_LISTS(4),
    PQ_CODEBOOK(5),
    PQ_CODES(6),
    HUBS(7),
    TOMBSTONES(8);

    final int id;

    Section(int id) {
      this.id = id;
    }
  }

  private IndexFile() {}

  /**
   * Byte sizes of the parts of a written file, and its identity: the CRC32C of its header (which
   * holds every section's CRC32C), by which a delta segment names the file it belongs to.
   */
  record Sizes(long graph, long pq, long other, long total, int identity) {}

  /** What {@link #read} returns; closing it unmaps the file. */
  record Loaded(IndexMeta meta, MappedNodeStore nodes, Pq pq, Sizes sizes, Arena arena)
      implements AutoCloseable {
    @Override
    public void close() {
      arena.close();
    }
  }

  // ---------------------------------------------------------------- writing

  static Sizes write(Path file, IndexMeta meta, NodeStore nodes, Pq pq) throws IOException {
    int n = nodes.nodeCount();
    byte[][] sections = new byte[Section.values().length][];
    sections[0] = meta(meta);
    ByteSink ids = new ByteSink(n * 2 + 8).varint(n);
    long prev = 0;
    for (int i = 0; i < n; i++) {
      long id = nodes.chunkId(i);
      ids.varint(Varint.zigzag(id - prev));
      prev = id;
    }
    sections[1] = ids.toByteArray();
    byte[][] graph = graph(nodes);
    sections[2] = graph[0];
    sections[3] = graph[1];
    sections[4] = pq == null || meta.smallMode() ? new byte[0] : pq.toBytes();
    int codeBytes = pq == null || meta.smallMode() ? 0 : pq.codeBytes();
    byte[] codes = new byte[n * codeBytes];
    if (codeBytes > 0) {
      MemorySegment.copy(nodes.codes(), ValueLayout.JAVA_BYTE, 0, codes, 0, codes.length);
    }
    sections[5] = codes;
    BitSet hubs = new BitSet();
    BitSet dead = new BitSet();
    for (int i = 0; i < n; i++) {
      hubs.set(i, nodes.isHub(i));
      dead.set(i, nodes.isDeleted(i));
    }
    sections[6] = bitList(hubs);
    sections[7] = bitList(dead);

    int count = sections.length;
    int headerLen = 16 + 24 * count + 4;
    ByteBuffer header = ByteBuffer.allocate(headerLen).order(ByteOrder.LITTLE_ENDIAN);
    header.put(MAGIC).putInt(FORMAT_VERSION).putInt(count);
    long offset = headerLen;
    for (int s = 0; s < count; s++) {
      CRC32C crc = new CRC32C();
      crc.update(sections[s]);
      header
          .putInt(Section.values()[s].id)
          .putLong(offset)
          .putLong(sections[s].length)
          .putInt((int) crc.getValue());
      offset += sections[s].length;
    }
    CRC32C hcrc = new CRC32C();
    hcrc.update(header.array(), 0, headerLen - 4);
    int identity = (int) hcrc.getValue();
    header.putInt(identity);

    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      header.flip();
      writeFully(ch, header);
      for (byte[] s : sections) {
        writeFully(ch, ByteBuffer.wrap(s));
      }
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    long graphBytes = sections[2].length + sections[3].length;
    long pqBytes = sections[4].length + sections[5].length;
    return new Sizes(graphBytes, pqBytes, offset - graphBytes - pqBytes, offset, identity);
  }

  private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  private static byte[] meta(IndexMeta m) {
    IndexOptions o = m.options();
    SearchOptions so = m.search();
    ByteSink out = new ByteSink();
    out.i32(m.dims()).string(m.modelId()).i32(m.entryNode()).u8(m.smallMode() ? 1 : 0);
    out.f64(m.degreeBeforePruning()).i64(m.lastModifiedMillis());
    out.i32(o.graphDegree())
        .i32(o.constructionBeamWidth())
        .u8(o.prune() ? 1 : 0)
        .i32(o.prunedDegree())
        .f64(o.hubFraction())
        .i32(o.pqSubspaces())
        .i32(o.pqBits())
        .i32(so.searchBeamWidth())
        .i32(so.recomputeBatchSize())
        .f64(so.rerankMarginQuantile())
        .i32(so.maxRecomputations())
        .f64(so.hotCacheShare())
        .f64(so.hotCacheMaxMb())
        .i32(o.smallIndexThreshold());
    out.f32(m.errorSlope()).f32(m.errorIntercept());
    out.varint(m.errorQuantiles().length);
    for (float q : m.errorQuantiles()) {
      out.f32(q);
    }
    return out.toByteArray();
  }

  /** [0] = GRAPH_INDEX (N, block offsets, per-node byte lengths), [1] = GRAPH_LISTS. */
  private static byte[][] graph(NodeStore nodes) {
    int n = nodes.nodeCount();
    int blocks = (n + BLOCK - 1) / BLOCK;
    ByteSink lists = new ByteSink(n * 12 + 16);
    byte[] lengths = new byte[n];
    int[] blockOffsets = new int[blocks + 1];
    int[] buf = new int[IndexOptions.MAX_GRAPH_DEGREE];
    for (int node = 0; node < n; node++) {
      if (node % BLOCK == 0) {
        blockOffsets[node / BLOCK] = lists.size();
      }
      int deg = nodes.neighbours(node, buf);
      int[] sorted = buf;
      for (int i = 1; i < deg; i++) { // insertion sort: lists are short
        int x = sorted[i];
        int j = i - 1;
        while (j >= 0 && sorted[j] > x) {
          sorted[j + 1] = sorted[j];
          j--;
        }
        sorted[j + 1] = x;
      }
      int start = lists.size();
      lists.varint(deg);
      int prev = 0;
      for (int j = 0; j < deg; j++) {
        if (j > 0 && sorted[j] == prev) {
          throw new IllegalStateException("node " + node + " lists neighbour " + prev + " twice");
        }
        lists.varint(j == 0 ? sorted[j] : sorted[j] - prev);
        prev = sorted[j];
      }
      int len = lists.size() - start;
      if (len > 255) {
        throw new IllegalStateException("neighbour list of node " + node + " takes " + len + " B");
      }
      lengths[node] = (byte) len;
    }
    blockOffsets[blocks] = lists.size();
    ByteSink index = new ByteSink(8 + 4 * (blocks + 1) + n).i32(n).i32(blocks);
    for (int off : blockOffsets) {
      index.i32(off);
    }
    index.bytes(lengths, 0, n);
    return new byte[][] {index.toByteArray(), lists.toByteArray()};
  }

  private static byte[] bitList(BitSet set) {
    ByteSink out = new ByteSink().varint(set.cardinality());
    int prev = 0;
    for (int i = set.nextSetBit(0); i >= 0; i = set.nextSetBit(i + 1)) {
      out.varint(i - prev);
      prev = i;
    }
    return out.toByteArray();
  }

  /**
   * Maps and checks a file (see {@link IndexFileReader#read}).
   *
   * @throws CorruptIndexException naming the file and the damaged section
   * @throws IndexVersionException if the format version is not {@link #FORMAT_VERSION}
   */
  static Loaded read(Path file) throws IOException {
    return IndexFileReader.read(file);
  }
}
