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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The file of the delta segment, {@code delta.log}: an append-only journal of the inserts and
 * deletes made since the main graph file was written (see docs/index-format.md, "Delta segment").
 *
 * <p>A 32-byte header (magic, format version, dimensions, the identity of the main file it belongs
 * to, CRC32C) is written to a temporary file, forced and renamed into place, so the file exists
 * whole or not at all. Each mutation then appends one frame (payload length, payload CRC32C,
 * payload) and forces it: a crash mid-append leaves a torn last frame, which readers ignore and the
 * next writer cuts off, so the log always holds the state before or after a mutation, never a part
 * of one. A damaged frame that is not the last one is corruption, reported as such.
 *
 * <p>Not thread-safe: the owning {@link DeltaSegment} is called under the index's write lock.
 */
final class DeltaLog implements Closeable {
  static final String FILE_NAME = "delta.log";
  static final byte[] MAGIC = "CAIRNDLT".getBytes(StandardCharsets.US_ASCII);
  static final int FORMAT_VERSION = 1;
  static final int HEADER_BYTES = 32;
  static final int FRAME_HEADER_BYTES = 8;
  static final byte INSERT = 1;
  static final byte DELETE = 2;

  /** Named steps of a delta write, for crash tests that end the process at one of them. */
  enum Step {
    HEADER_STAGED,
    CREATED,
    FRAME_HALF_WRITTEN,
    FRAME_WRITTEN,
    FRAME_SYNCED
  }

  /** Test hook: called at each step (a crash test's child process halts there). */
  static volatile Consumer<Step> stepHook = s -> {};

  /** One mutation of the delta: an insert (vector present) or a delete (vector null). */
  record Entry(long chunkId, float[] vector) {
    boolean isInsert() {
      return vector != null;
    }
  }

  /** What {@link #read} found: the entries of the whole frames and where they end. */
  record Contents(List<Entry> entries, long validBytes, long fileBytes) {
    boolean tornTail() {
      return validBytes < fileBytes;
    }
  }

  private final Path file;
  private final FileChannel channel;
  private long size;

  private DeltaLog(Path file, FileChannel channel, long size) {
    this.file = file;
    this.channel = channel;
    this.size = size;
  }

  /**
   * Reads a log: header, then frames up to the last whole one.
   *
   * @throws CorruptIndexException on a damaged header, a damaged frame before the last one, or a
   *     log written for another main file or dimensions
   * @throws IndexVersionException if the log has another format version
   */
  static Contents read(Path file, int dims, int mainIdentity) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer b = checkHeader(file, bytes);
    int storedDims = b.getInt(12);
    int identity = b.getInt(16);
    if (storedDims != dims) {
      throw new CorruptIndexException(
          file, "DELTA_HEADER", "log has " + storedDims + " dimensions, index has " + dims);
    }
    if (identity != mainIdentity) {
      throw new CorruptIndexException(
          file,
          "DELTA_HEADER",
          String.format(
              "log belongs to main file %08x, the index file is %08x", identity, mainIdentity));
    }
    List<Entry> entries = new ArrayList<>();
    int pos = HEADER_BYTES;
    while (bytes.length - pos >= FRAME_HEADER_BYTES) {
      int len = b.getInt(pos);
      int storedCrc = b.getInt(pos + 4);
      long end = (long) pos + FRAME_HEADER_BYTES + len;
      if (len < 4 || end > bytes.length) {
        break; // torn last frame: its length or payload never fully reached the disk
      }
      if (crc(bytes, pos + FRAME_HEADER_BYTES, len) != storedCrc) {
        if (end == bytes.length) {
          break; // torn last frame
        }
        throw new CorruptIndexException(
            file, "DELTA_FRAME", "checksum mismatch in the frame at byte " + pos);
      }
      decodeFrame(file, b, pos + FRAME_HEADER_BYTES, len, dims, entries);
      pos = (int) end;
    }
    return new Contents(entries, pos, bytes.length);
  }

  /**
   * For a repair: cuts the log before its first damaged frame, keeping the whole frames before it,
   * so the index opens with the changes made up to there (the caller then adds again what the store
   * holds and the index lacks). A torn last frame is cut off too. The caller holds the directory's
   * write lock.
   *
   * @return the bytes cut off (0 when every frame is whole)
   * @throws CorruptIndexException when the header is damaged: nothing of the log can be trusted
   * @throws IndexVersionException if the log has another format version
   */
  static long salvage(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer b = checkHeader(file, bytes);
    int dims = b.getInt(12);
    List<Entry> decoded = new ArrayList<>();
    int pos = HEADER_BYTES;
    while (bytes.length - pos >= FRAME_HEADER_BYTES) {
      int len = b.getInt(pos);
      long end = (long) pos + FRAME_HEADER_BYTES + len;
      if (len < 4 || end > bytes.length) {
        break;
      }
      if (crc(bytes, pos + FRAME_HEADER_BYTES, len) != b.getInt(pos + 4)) {
        break;
      }
      try {
        decodeFrame(file, b, pos + FRAME_HEADER_BYTES, len, dims, decoded);
      } catch (CorruptIndexException e) {
        break;
      }
      pos = (int) end;
    }
    long cut = bytes.length - pos;
    if (cut > 0) {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(pos);
        ch.force(true);
      }
    }
    return cut;
  }

  /** Checks magic, checksum and version of the header; the buffer over the whole file. */
  private static ByteBuffer checkHeader(Path file, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < HEADER_BYTES) {
      throw new CorruptIndexException(
          file, "DELTA_HEADER", "file has " + bytes.length + " bytes, too short");
    }
    if (!Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
      throw new CorruptIndexException(file, "DELTA_HEADER", "bad magic, not a Cairn delta log");
    }
    if (b.getInt(HEADER_BYTES - 4) != crc(bytes, 0, HEADER_BYTES - 4)) {
      throw new CorruptIndexException(file, "DELTA_HEADER", "checksum mismatch");
    }
    int version = b.getInt(8);
    if (version != FORMAT_VERSION) {
      throw new IndexVersionException(file, version, FORMAT_VERSION);
    }
    return b;
  }

  private static void decodeFrame(
      Path file, ByteBuffer b, int off, int len, int dims, List<Entry> out)
      throws CorruptIndexException {
    int count = b.getInt(off);
    int pos = off + 4;
    int end = off + len;
    for (int i = 0; i < count; i++) {
      if (end - pos < 9) {
        throw new CorruptIndexException(file, "DELTA_FRAME", "frame at " + off + " too short");
      }
      byte kind = b.get(pos);
      long id = b.getLong(pos + 1);
      pos += 9;
      if (kind == INSERT) {
        if (end - pos < 4L * dims) {
          throw new CorruptIndexException(file, "DELTA_FRAME", "vector of chunk " + id + " cut");
        }
        float[] v = new float[dims];
        for (int d = 0; d < dims; d++) {
          v[d] = b.getFloat(pos + 4 * d);
        }
        pos += 4 * dims;
        out.add(new Entry(id, v));
      } else if (kind == DELETE) {
        out.add(new Entry(id, null));
      } else {
        throw new CorruptIndexException(
            file, "DELTA_FRAME", "unknown entry kind " + kind + " at byte " + (pos - 9));
      }
    }
    if (pos != end) {
      throw new CorruptIndexException(
          file, "DELTA_FRAME", (end - pos) + " unread bytes in the frame at " + off);
    }
  }

  /** Creates an empty log atomically (temporary file, forced, renamed) and opens it for appends. */
  static DeltaLog create(Path file, int dims, int mainIdentity) throws IOException {
    ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    h.put(MAGIC).putInt(FORMAT_VERSION).putInt(dims).putInt(mainIdentity).putInt(0).putInt(0);
    h.putInt(crc(h.array(), 0, HEADER_BYTES - 4));
    h.flip();
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      writeFully(ch, h);
      ch.force(true);
    }
    stepHook.accept(Step.HEADER_STAGED);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    stepHook.accept(Step.CREATED);
    return openForAppend(file, HEADER_BYTES);
  }

  /** Opens an existing log for appends, cutting off a torn last frame beyond {@code validBytes}. */
  static DeltaLog openForAppend(Path file, long validBytes) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
    try {
      if (ch.size() > validBytes) {
        ch.truncate(validBytes);
        ch.force(true);
      }
      return new DeltaLog(file, ch, validBytes);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Appends one frame holding {@code entries} and forces it to disk. */
  void append(List<Entry> entries, int dims) throws IOException {
    int payload = 4;
    for (Entry e : entries) {
      payload += 9 + (e.isInsert() ? 4 * dims : 0);
    }
    ByteBuffer f = ByteBuffer.allocate(FRAME_HEADER_BYTES + payload).order(ByteOrder.LITTLE_ENDIAN);
    f.putInt(payload).putInt(0).putInt(entries.size());
    for (Entry e : entries) {
      f.put(e.isInsert() ? INSERT : DELETE).putLong(e.chunkId());
      if (e.isInsert()) {
        for (float x : e.vector()) {
          f.putFloat(x);
        }
      }
    }
    f.putInt(4, crc(f.array(), FRAME_HEADER_BYTES, payload));
    byte[] bytes = f.array();
    int half = bytes.length / 2;
    channel.position(size);
    writeFully(channel, ByteBuffer.wrap(bytes, 0, half));
    stepHook.accept(Step.FRAME_HALF_WRITTEN);
    writeFully(channel, ByteBuffer.wrap(bytes, half, bytes.length - half));
    stepHook.accept(Step.FRAME_WRITTEN);
    channel.force(false);
    size += bytes.length;
    stepHook.accept(Step.FRAME_SYNCED);
  }

  /** Bytes of the log on disk. */
  long size() {
    return size;
  }

  Path file() {
    return file;
  }

  private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  private static int crc(byte[] bytes, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, off, len);
    return (int) crc.getValue();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
