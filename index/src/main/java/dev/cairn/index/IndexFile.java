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
import java.util.Arrays;
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

  // ---------------------------------------------------------------- reading

  /**
   * Maps and checks a file: header, every section's bounds and CRC32C, then decodes it.
   *
   * @throws CorruptIndexException naming the file and the damaged section
   * @throws IndexVersionException if the format version is not {@link #FORMAT_VERSION}
   */
  static Loaded read(Path file) throws IOException {
    Arena arena = Arena.ofShared();
    try {
      MemorySegment seg;
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
      }
      Loaded loaded = decode(file, seg, arena);
      return loaded;
    } catch (IOException | RuntimeException e) {
      arena.close();
      throw e;
    }
  }

  private static Loaded decode(Path file, MemorySegment seg, Arena arena) throws IOException {
    long size = seg.byteSize();
    String header = "HEADER";
    if (size < 20) {
      throw new CorruptIndexException(file, header, "file has " + size + " bytes, too short");
    }
    byte[] magic = seg.asSlice(0, 8).toArray(ValueLayout.JAVA_BYTE);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new CorruptIndexException(file, header, "bad magic, not a Cairn index file");
    }
    int count = ByteSource.readInt(seg, 12);
    if (count < 1 || count > 64) {
      throw new CorruptIndexException(file, header, "implausible section count " + count);
    }
    long headerLen = 16 + 24L * count + 4;
    if (size < headerLen) {
      throw new CorruptIndexException(
          file, header, "truncated: header needs " + headerLen + " bytes, file has " + size);
    }
    int storedHeaderCrc = ByteSource.readInt(seg, headerLen - 4);
    int headerCrc = crc(seg, 0, headerLen - 4);
    if (storedHeaderCrc != headerCrc) {
      throw new CorruptIndexException(file, header, "checksum mismatch");
    }
    int version = ByteSource.readInt(seg, 8);
    if (version != FORMAT_VERSION) {
      throw new IndexVersionException(file, version, FORMAT_VERSION);
    }
    MemorySegment[] sections = new MemorySegment[Section.values().length];
    long end = headerLen;
    for (int s = 0; s < count; s++) {
      long e = 16 + 24L * s;
      int id = ByteSource.readInt(seg, e);
      long off = ByteSource.readLong(seg, e + 4);
      long len = ByteSource.readLong(seg, e + 12);
      int storedCrc = ByteSource.readInt(seg, e + 20);
      Section section = null;
      for (Section candidate : Section.values()) {
        if (candidate.id == id) {
          section = candidate;
        }
      }
      if (section == null) {
        throw new CorruptIndexException(file, header, "unknown section id " + id);
      }
      if (off < headerLen || len < 0 || off + len > size) {
        throw new CorruptIndexException(
            file,
            section.name(),
            "truncated: section needs bytes ["
                + off
                + ", "
                + (off + len)
                + ") but the file has "
                + size);
      }
      int actual = crc(seg, off, len);
      if (actual != storedCrc) {
        throw new CorruptIndexException(
            file,
            section.name(),
            String.format("checksum mismatch (stored %08x, computed %08x)", storedCrc, actual));
      }
      sections[section.ordinal()] = seg.asSlice(off, len);
      end = Math.max(end, off + len);
    }
    for (Section s : Section.values()) {
      if (sections[s.ordinal()] == null) {
        throw new CorruptIndexException(file, s.name(), "section missing");
      }
    }
    if (end != size) {
      throw new CorruptIndexException(
          file, header, "sections end at byte " + end + " but the file has " + size);
    }

    IndexMeta meta = section(file, Section.META, () -> readMeta(sections[0]));
    long[] ids = section(file, Section.IDS, () -> readIds(sections[1]));
    int n = ids.length;
    int[] blockOffsets =
        section(file, Section.GRAPH_INDEX, () -> readGraphIndex(sections[2], n, sections[3]));
    Pq pq =
        sections[4].byteSize() == 0
            ? null
            : section(file, Section.PQ_CODEBOOK, () -> Pq.read(new ByteSource(sections[4])));
    if (!meta.smallMode() && pq == null) {
      throw new CorruptIndexException(file, "PQ_CODEBOOK", "missing in a graph index");
    }
    if (pq != null && pq.dims() != meta.dims()) {
      throw new CorruptIndexException(
          file, "PQ_CODEBOOK", "codebook has " + pq.dims() + " dims, meta " + meta.dims());
    }
    long codeBytes = pq == null ? 0 : pq.codeBytes();
    if (sections[5].byteSize() != codeBytes * n) {
      throw new CorruptIndexException(
          file,
          "PQ_CODES",
          "holds " + sections[5].byteSize() + " bytes, expected " + (codeBytes * n));
    }
    BitSet hubs = section(file, Section.HUBS, () -> readBitList(sections[6], n));
    BitSet dead = section(file, Section.TOMBSTONES, () -> readBitList(sections[7], n));
    if (meta.entryNode() < -1
        || meta.entryNode() >= n
        || (n > 0 && meta.entryNode() < 0 && !meta.smallMode())) {
      throw new CorruptIndexException(
          file, "META", "entry node " + meta.entryNode() + " outside [0, " + n + ")");
    }
    MappedNodeStore nodes =
        new MappedNodeStore(ids, blockOffsets, sections[2], sections[3], sections[5], hubs, dead);
    long graphBytes = sections[2].byteSize() + sections[3].byteSize();
    long pqBytes = sections[4].byteSize() + sections[5].byteSize();
    return new Loaded(
        meta,
        nodes,
        pq,
        new Sizes(graphBytes, pqBytes, size - graphBytes - pqBytes, size, storedHeaderCrc),
        arena);
  }

  private interface Decoder<T> {
    T decode();
  }

  private static <T> T section(Path file, Section s, Decoder<T> d) throws CorruptIndexException {
    try {
      return d.decode();
    } catch (RuntimeException e) {
      throw new CorruptIndexException(file, s.name(), e.getMessage());
    }
  }

  private static int crc(MemorySegment seg, long off, long len) {
    CRC32C crc = new CRC32C();
    long pos = off;
    long end = off + len;
    while (pos < end) {
      int chunk = (int) Math.min(1 << 30, end - pos);
      crc.update(seg.asSlice(pos, chunk).asByteBuffer());
      pos += chunk;
    }
    return (int) crc.getValue();
  }

  private static IndexMeta readMeta(MemorySegment s) {
    ByteSource in = new ByteSource(s);
    int dims = in.i32();
    String model = in.string();
    int entry = in.i32();
    boolean small = in.u8() == 1;
    double before = in.f64();
    long modified = in.i64();
    IndexOptions.Builder ob =
        IndexOptions.builder()
            .graphDegree(in.i32())
            .constructionBeamWidth(in.i32())
            .prune(in.u8() == 1)
            .prunedDegree(in.i32())
            .hubFraction(in.f64())
            .pqSubspaces(in.i32())
            .pqBits(in.i32());
    SearchOptions so =
        SearchOptions.builder()
            .searchBeamWidth(in.i32())
            .recomputeBatchSize(in.i32())
            .rerankMarginQuantile(in.f64())
            .maxRecomputations(in.i32())
            .hotCacheShare(in.f64())
            .hotCacheMaxMb(in.f64())
            .build();
    IndexOptions o = ob.smallIndexThreshold(in.i32()).build();
    float slope = in.f32();
    float intercept = in.f32();
    int nq = in.varintInt();
    if (nq > 10_000) {
      throw new IllegalStateException("implausible quantile count " + nq);
    }
    float[] quantiles = new float[nq];
    for (int i = 0; i < nq; i++) {
      quantiles[i] = in.f32();
    }
    if (dims <= 0) {
      throw new IllegalStateException("dimensions " + dims);
    }
    if (in.remaining() != 0) {
      throw new IllegalStateException(in.remaining() + " unread bytes");
    }
    return new IndexMeta(
        dims, model, o, so, entry, small, slope, intercept, quantiles, before, modified);
  }

  private static long[] readIds(MemorySegment s) {
    ByteSource in = new ByteSource(s);
    int n = in.varintInt();
    if (n > s.byteSize()) {
      throw new IllegalStateException("node count " + n + " exceeds the section size");
    }
    long[] ids = new long[n];
    long prev = 0;
    for (int i = 0; i < n; i++) {
      prev += Varint.unzigzag(in.varint());
      ids[i] = prev;
    }
    if (in.remaining() != 0) {
      throw new IllegalStateException(in.remaining() + " unread bytes");
    }
    return ids;
  }

  private static int[] readGraphIndex(MemorySegment s, int n, MemorySegment lists) {
    ByteSource in = new ByteSource(s);
    int nodes = in.i32();
    int blocks = in.i32();
    if (nodes != n || blocks != (n + BLOCK - 1) / BLOCK) {
      throw new IllegalStateException(
          "graph has " + nodes + " nodes in " + blocks + " blocks, ids section has " + n);
    }
    if (s.byteSize() != 8 + 4L * (blocks + 1) + n) {
      throw new IllegalStateException("section size " + s.byteSize() + " does not fit " + n);
    }
    int[] offsets = new int[blocks + 1];
    for (int b = 0; b <= blocks; b++) {
      offsets[b] = in.i32();
    }
    long lengthsBase = 8 + 4L * (blocks + 1);
    for (int b = 0; b < blocks; b++) {
      long sum = offsets[b];
      for (int i = b * BLOCK; i < Math.min(n, (b + 1) * BLOCK); i++) {
        sum += s.get(ValueLayout.JAVA_BYTE, lengthsBase + i) & 0xFF;
      }
      if (sum != offsets[b + 1]) {
        throw new IllegalStateException(
            "block " + b + " lengths end at " + sum + ", next block starts at " + offsets[b + 1]);
      }
    }
    if (offsets[0] != 0 || offsets[blocks] != lists.byteSize()) {
      throw new IllegalStateException(
          "block offsets span ["
              + offsets[0]
              + ", "
              + offsets[blocks]
              + "), lists hold "
              + lists.byteSize()
              + " bytes");
    }
    return offsets;
  }

  private static BitSet readBitList(MemorySegment s, int n) {
    ByteSource in = new ByteSource(s);
    int count = in.varintInt();
    BitSet set = new BitSet(n);
    int prev = 0;
    for (int i = 0; i < count; i++) {
      int v = prev + in.varintInt();
      if (v >= n || (i > 0 && v <= prev)) {
        throw new IllegalStateException("node " + v + " out of order or outside [0, " + n + ")");
      }
      set.set(v);
      prev = v;
    }
    if (in.remaining() != 0) {
      throw new IllegalStateException(in.remaining() + " unread bytes");
    }
    return set;
  }
}
