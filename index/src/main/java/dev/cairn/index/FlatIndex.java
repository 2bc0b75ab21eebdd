package dev.cairn.index;

import java.io.Closeable;
import java.io.IOException;
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
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongPredicate;
import java.util.zip.CRC32C;

/**
 * Exact search over stored float32 vectors, like FAISS {@code IndexFlat}: the ground truth for
 * benchmarks and evaluation, and the baseline Cairn's index is measured against.
 *
 * <p>File: header (magic {@code CAIRNFLT}, version, dims, count, tombstone count, body CRC32C,
 * header CRC32C), then chunk ids (int64), vectors (float32), tombstoned rows (int32), all
 * little-endian. Every mutation rewrites the file atomically. Searches may run concurrently;
 * mutations are exclusive. The caller closes it.
 */
public final class FlatIndex implements Closeable {
  static final byte[] MAGIC = "CAIRNFLT".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  static final int HEADER = 8 + 4 * 6;

  private final Path file;
  private final int dims;
  private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
  private long[] ids;
  private float[] data;
  private int count;
  private final BitSet deleted;
  private final LongIntMap idMap;

  private FlatIndex(Path file, int dims, long[] ids, float[] data, int count, BitSet deleted) {
    this.file = file;
    this.dims = dims;
    this.ids = ids;
    this.data = data;
    this.count = count;
    this.deleted = deleted;
    this.idMap = new LongIntMap(Math.max(16, count));
    for (int i = 0; i < count; i++) {
      idMap.put(ids[i], i);
    }
  }

  /**
   * Writes a flat index of the given vectors to {@code file} and returns it open.
   *
   * @throws IllegalArgumentException on a wrong dimension or a duplicate chunk id
   */
  public static FlatIndex build(Path file, int dims, Iterator<ChunkVector> vectors)
      throws IOException {
    if (dims < 1) {
      throw new IllegalArgumentException("dims must be >= 1, got " + dims);
    }
    FlatIndex index =
        new FlatIndex(file, dims, new long[1024], new float[1024 * dims], 0, new BitSet());
    while (vectors.hasNext()) {
      ChunkVector cv = vectors.next();
      index.append(cv.chunkId(), cv.vector());
    }
    index.write();
    return index;
  }

  /**
   * Reads a flat index file.
   *
   * @throws CorruptIndexException if the file is truncated or damaged
   * @throws IndexVersionException if it has another format version
   */
  public static FlatIndex open(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length < HEADER) {
      throw new CorruptIndexException(file, "HEADER", "file has " + bytes.length + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[8];
    b.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new CorruptIndexException(file, "HEADER", "bad magic, not a Cairn flat index");
    }
    CRC32C hcrc = new CRC32C();
    hcrc.update(bytes, 0, HEADER - 4);
    if ((int) hcrc.getValue() != b.getInt(HEADER - 4)) {
      throw new CorruptIndexException(file, "HEADER", "checksum mismatch");
    }
    int version = b.getInt(8);
    if (version != VERSION) {
      throw new IndexVersionException(file, version, VERSION);
    }
    int dims = b.getInt(12);
    int count = b.getInt(16);
    int dead = b.getInt(20);
    int bodyCrc = b.getInt(24);
    long body = 8L * count + 4L * dims * count + 4L * dead;
    if (dims < 1 || count < 0 || dead < 0 || HEADER + body != bytes.length) {
      throw new CorruptIndexException(
          file,
          "BODY",
          "truncated or padded: header announces "
              + (HEADER + body)
              + " bytes, file has "
              + bytes.length);
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, HEADER, (int) body);
    if ((int) crc.getValue() != bodyCrc) {
      throw new CorruptIndexException(file, "BODY", "checksum mismatch");
    }
    b.position(HEADER);
    long[] ids = new long[Math.max(16, count)];
    for (int i = 0; i < count; i++) {
      ids[i] = b.getLong();
    }
    float[] data = new float[Math.max(16, count) * dims];
    b.asFloatBuffer().get(data, 0, count * dims);
    b.position(b.position() + 4 * count * dims);
    BitSet deleted = new BitSet(count);
    for (int i = 0; i < dead; i++) {
      int row = b.getInt();
      if (row < 0 || row >= count) {
        throw new CorruptIndexException(file, "BODY", "tombstone row " + row + " out of range");
      }
      deleted.set(row);
    }
    return new FlatIndex(file, dims, ids, data, count, deleted);
  }

  private void append(long chunkId, float[] vector) {
    VectorMath.checkDims("vector of chunk " + chunkId, vector, dims);
    int existing = idMap.get(chunkId);
    if (existing >= 0 && !deleted.get(existing)) {
      throw new IllegalArgumentException("chunk id " + chunkId + " is already in the index");
    }
    if (count == ids.length) {
      ids = Arrays.copyOf(ids, count * 2);
      data = Arrays.copyOf(data, count * 2 * dims);
    }
    ids[count] = chunkId;
    System.arraycopy(vector, 0, data, count * dims, dims);
    idMap.put(chunkId, count);
    count++;
  }

  /**
   * Exact top k by cosine (dot product) among allowed live chunks.
   *
   * @param allowed chunk-id filter; null allows everything
   * @throws IllegalArgumentException if the query has the wrong dimensions or k < 1
   */
  public SearchResult search(float[] query, int k, LongPredicate allowed) {
    long t0 = System.nanoTime();
    Objects.requireNonNull(query, "query");
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    VectorMath.checkDims("query", query, dims);
    rw.readLock().lock();
    try {
      GraphSearch.FloatHeap top = new GraphSearch.FloatHeap(k + 1, false);
      for (int i = 0; i < count; i++) {
        if (deleted.get(i) || (allowed != null && !allowed.test(ids[i]))) {
          continue;
        }
        float s = VectorMath.dot(query, 0, data, i * dims, dims);
        if (top.size() < k) {
          top.push(i, s);
        } else if (s > top.topScore()) {
          top.pop();
          top.push(i, s);
        }
      }
      SearchHit[] hits = new SearchHit[top.size()];
      for (int j = hits.length - 1; j >= 0; j--) {
        float s = top.topScore();
        hits[j] = new SearchHit(ids[top.pop()], s);
      }
      return new SearchResult(List.of(hits), 0, 0, System.nanoTime() - t0);
    } finally {
      rw.readLock().unlock();
    }
  }

  /** Adds a chunk and rewrites the file. */
  public void insert(long chunkId, float[] vector) throws IOException {
    rw.writeLock().lock();
    try {
      append(chunkId, vector);
      write();
    } finally {
      rw.writeLock().unlock();
    }
  }

  /** Tombstones a chunk and rewrites the file; unknown ids are ignored. */
  public void delete(long chunkId) throws IOException {
    rw.writeLock().lock();
    try {
      int row = idMap.get(chunkId);
      if (row >= 0 && !deleted.get(row)) {
        deleted.set(row);
        write();
      }
    } finally {
      rw.writeLock().unlock();
    }
  }

  /** Live chunks. */
  public int size() {
    rw.readLock().lock();
    try {
      return count - deleted.cardinality();
    } finally {
      rw.readLock().unlock();
    }
  }

  public int dimensions() {
    return dims;
  }

  /** Bytes of the file on disk. */
  public long sizeInBytes() throws IOException {
    return Files.size(file);
  }

  private void write() throws IOException {
    int dead = deleted.cardinality();
    long body = 8L * count + 4L * dims * count + 4L * dead;
    if (HEADER + body > Integer.MAX_VALUE - 8) {
      throw new IOException("flat index of " + count + " vectors exceeds 2 GB");
    }
    ByteBuffer b = ByteBuffer.allocate((int) (HEADER + body)).order(ByteOrder.LITTLE_ENDIAN);
    b.position(HEADER);
    for (int i = 0; i < count; i++) {
      b.putLong(ids[i]);
    }
    b.asFloatBuffer().put(data, 0, count * dims);
    b.position(b.position() + 4 * count * dims);
    for (int i = deleted.nextSetBit(0); i >= 0; i = deleted.nextSetBit(i + 1)) {
      b.putInt(i);
    }
    CRC32C crc = new CRC32C();
    crc.update(b.array(), HEADER, (int) body);
    b.position(0);
    b.put(MAGIC).putInt(VERSION).putInt(dims).putInt(count).putInt(dead);
    b.putInt((int) crc.getValue());
    CRC32C hcrc = new CRC32C();
    hcrc.update(b.array(), 0, HEADER - 4);
    b.putInt((int) hcrc.getValue());
    b.position(0);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() {
    // heap only; nothing to release
  }
}
