package dev.cairn.index;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small segment searched beside the main graph: the exact vectors of the chunks inserted since
 * the main file was written, and the chunk ids deleted since (tombstones, hiding the main graph's
 * copy). It is searched exhaustively, so its answers are exact; {@link DeltaMerge} folds it into a
 * new main generation when it grows past {@link #mergeThreshold}.
 *
 * <p>Persisted in {@link DeltaLog}; the log file is created with the first mutation. A re-inserted
 * chunk id keeps its tombstone (the main copy is stale) and lives in the delta.
 *
 * <p>Not thread-safe: the owning index reads it under its read lock and mutates it under its write
 * lock.
 */
final class DeltaSegment implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaSegment.class);

  /** A delta below this many entries is never worth a merge. */
  static final int MERGE_MIN = 1_000;

  /** A delta above this many entries is always merged, however large the main graph. */
  static final int MERGE_MAX = 20_000;

  /** Share of the main graph's size above which the delta is merged (between the two bounds). */
  static final double MERGE_SHARE = 0.01;

  private final Path file;
  private final int dims;
  private final int mainIdentity;
  private final Map<Long, float[]> inserted = new LinkedHashMap<>();
  private final Set<Long> tombstones = new HashSet<>();
  private long validBytes;
  private long fileBytes;
  private DeltaLog log;

  private DeltaSegment(Path file, int dims, int mainIdentity) {
    this.file = file;
    this.dims = dims;
    this.mainIdentity = mainIdentity;
  }

  /**
   * Loads the delta of the index in {@code dir} (empty when there is no log).
   *
   * @param mainIdentity identity of the main file ({@link IndexFile.Sizes#identity()})
   * @throws CorruptIndexException if the log is damaged or belongs to another main file
   */
  static DeltaSegment open(Path dir, int dims, int mainIdentity) throws IOException {
    DeltaSegment d = new DeltaSegment(dir.resolve(DeltaLog.FILE_NAME), dims, mainIdentity);
    if (Files.exists(d.file)) {
      DeltaLog.Contents c = DeltaLog.read(d.file, dims, mainIdentity);
      if (c.tornTail()) {
        LOG.warn(
            "delta log {} ends in a torn write ({} bytes after the last whole frame): ignoring them",
            d.file,
            c.fileBytes() - c.validBytes());
      }
      for (DeltaLog.Entry e : c.entries()) {
        d.apply(e);
      }
      d.validBytes = c.validBytes();
      d.fileBytes = c.fileBytes();
    }
    return d;
  }

  /** Reads the log on disk again (checksums, identity), for validation; no log is fine. */
  static void check(Path dir, int dims, int mainIdentity) throws IOException {
    Path f = dir.resolve(DeltaLog.FILE_NAME);
    if (Files.exists(f)) {
      DeltaLog.read(f, dims, mainIdentity);
    }
  }

  private void apply(DeltaLog.Entry e) {
    if (e.isInsert()) {
      inserted.put(e.chunkId(), e.vector());
    } else {
      inserted.remove(e.chunkId());
      tombstones.add(e.chunkId());
    }
  }

  /** Writes the entries as one frame (creating the log first if needed), then applies them. */
  void append(List<DeltaLog.Entry> entries) throws IOException {
    if (entries.isEmpty()) {
      return;
    }
    if (log == null) {
      log =
          Files.exists(file)
              ? DeltaLog.openForAppend(file, validBytes)
              : DeltaLog.create(file, dims, mainIdentity);
    }
    log.append(entries, dims);
    validBytes = log.size();
    fileBytes = validBytes;
    for (DeltaLog.Entry e : entries) {
      apply(e);
    }
  }

  /** Whether the main graph's copy of the chunk is hidden (deleted or replaced). */
  boolean hides(long chunkId) {
    return tombstones.contains(chunkId);
  }

  /** The exact vector of a chunk inserted into the delta, or null. */
  float[] vector(long chunkId) {
    return inserted.get(chunkId);
  }

  boolean contains(long chunkId) {
    return inserted.containsKey(chunkId);
  }

  /** Chunks inserted into the delta and still live. */
  int liveCount() {
    return inserted.size();
  }

  Set<Long> tombstones() {
    return tombstones;
  }

  Map<Long, float[]> inserted() {
    return inserted;
  }

  boolean isEmpty() {
    return inserted.isEmpty() && tombstones.isEmpty();
  }

  /** Entries a merge would fold into the main graph. */
  int entries() {
    return inserted.size() + tombstones.size();
  }

  /** Entries above which the delta of a main graph of {@code mainLive} chunks should be merged. */
  static int mergeThreshold(int mainLive) {
    return (int) Math.min(MERGE_MAX, Math.max(MERGE_MIN, mainLive * MERGE_SHARE));
  }

  /**
   * For a repair of the index in {@code dir}: cuts its log before the first damaged frame (see
   * {@link DeltaLog#salvage}); 0 when there is no log or every frame is whole.
   */
  static long salvage(Path dir) throws IOException {
    Path f = dir.resolve(DeltaLog.FILE_NAME);
    return Files.exists(f) ? DeltaLog.salvage(f) : 0;
  }

  /** Bytes after the log's last whole frame (a torn write that the next writer cuts off). */
  long tornBytes() {
    return fileBytes - validBytes;
  }

  /** Bytes of the log on disk (0 without one). */
  long fileBytes() {
    return fileBytes;
  }

  /** Exact top k of the live delta vectors the filter allows, offered to {@code top}. */
  void scan(float[] query, int k, LongPredicate allowed, TopHits top) {
    for (Map.Entry<Long, float[]> e : inserted.entrySet()) {
      long id = e.getKey();
      if (allowed == null || allowed.test(id)) {
        top.offer(id, VectorMath.dot(query, e.getValue()), k);
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (log != null) {
      log.close();
      log = null;
    }
  }
}
