package dev.cairn.index;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.BitSet;
import java.util.zip.CRC32C;

/**
 * Reads the index file {@code index.cairn} that {@link IndexFile} writes: maps it, checks the
 * header, every section's bounds and CRC32C, then decodes the sections into a {@link
 * MappedNodeStore} over the mapping. Stateless.
 */
final class IndexFileReader {
  private IndexFileReader() {}

  /**
   * Maps and checks a file: header, every section's bounds and CRC32C, then decodes it.
   *
   * @throws CorruptIndexException naming the file and the damaged section
   * @throws IndexVersionException if the format version is not {@link #FORMAT_VERSION}
   */
  static IndexFile.Loaded read(Path file) throws IOException {
    Arena arena = Arena.ofShared();
    try {
      MemorySegment seg;
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
      }
      IndexFile.Loaded loaded = decode(file, seg, arena);
      return loaded;
    } catch (IOException | RuntimeException e) {
      arena.close();
      throw e;
    }
  }

  private static IndexFile.Loaded decode(Path file, MemorySegment seg, Arena arena)
      throws IOException {
    long size = seg.byteSize();
    String header = "HEADER";
    if (size < 20) {
      throw new CorruptIndexException(file, header, "file has " + size + " bytes, too short");
    }
    byte[] magic = seg.asSlice(0, 8).toArray(ValueLayout.JAVA_BYTE);
    if (!Arrays.equals(magic, IndexFile.MAGIC)) {
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
    if (version != IndexFile.FORMAT_VERSION) {
      throw new IndexVersionException(file, version, IndexFile.FORMAT_VERSION);
    }
    MemorySegment[] sections = new MemorySegment[IndexFile.Section.values().length];
    long end = headerLen;
    for (int s = 0; s < count; s++) {
      long e = 16 + 24L * s;
      int id = ByteSource.readInt(seg, e);
      long off = ByteSource.readLong(seg, e + 4);
      long len = ByteSource.readLong(seg, e + 12);
      int storedCrc = ByteSource.readInt(seg, e + 20);
      IndexFile.Section section = null;
      for (IndexFile.Section candidate : IndexFile.Section.values()) {
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
    for (IndexFile.Section s : IndexFile.Section.values()) {
      if (sections[s.ordinal()] == null) {
        throw new CorruptIndexException(file, s.name(), "section missing");
      }
    }
    if (end != size) {
      throw new CorruptIndexException(
          file, header, "sections end at byte " + end + " but the file has " + size);
    }

    IndexMeta meta = section(file, IndexFile.Section.META, () -> readMeta(sections[0]));
    long[] ids = section(file, IndexFile.Section.IDS, () -> readIds(sections[1]));
    int n = ids.length;
    int[] blockOffsets =
        section(
            file, IndexFile.Section.GRAPH_INDEX, () -> readGraphIndex(sections[2], n, sections[3]));
    Pq pq =
        sections[4].byteSize() == 0
            ? null
            : section(
                file, IndexFile.Section.PQ_CODEBOOK, () -> Pq.read(new ByteSource(sections[4])));
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
    BitSet hubs = section(file, IndexFile.Section.HUBS, () -> readBitList(sections[6], n));
    BitSet dead = section(file, IndexFile.Section.TOMBSTONES, () -> readBitList(sections[7], n));
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
    return new IndexFile.Loaded(
        meta,
        nodes,
        pq,
        new IndexFile.Sizes(
            graphBytes, pqBytes, size - graphBytes - pqBytes, size, storedHeaderCrc),
        arena);
  }

  private interface Decoder<T> {
    T decode();
  }

  private static <T> T section(Path file, IndexFile.Section s, Decoder<T> d)
      throws CorruptIndexException {
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
    if (nodes != n || blocks != (n + IndexFile.BLOCK - 1) / IndexFile.BLOCK) {
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
      for (int i = b * IndexFile.BLOCK; i < Math.min(n, (b + 1) * IndexFile.BLOCK); i++) {
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
