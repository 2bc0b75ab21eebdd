package dev.cairn.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inserts, deletes and compaction of an open index. A graph-mode index never rewrites its main file
 * for a change: inserts and deletes go to the {@link DeltaSegment} (one forced append each), and
 * {@link #compact} folds the delta into a new generation ({@link DeltaMerge}). A small-mode index
 * (below the small-index threshold: a few hundred KB) is rewritten whole, as before, and becomes a
 * graph when it grows past the threshold.
 *
 * <p>Every method is called under the owning index's write lock; the first one takes the
 * directory's write lock and reloads the newest state from disk.
 */
final class IndexMutator {
  private static final Logger LOG = LoggerFactory.getLogger(IndexMutator.class);

  private IndexMutator() {}

  static void insertAll(IndexState s, List<ChunkVector> batch) throws IOException {
    int dims = s.meta().dims();
    LongIntMap seen = new LongIntMap(batch.size());
    for (ChunkVector cv : batch) {
      VectorMath.checkDims("vector of chunk " + cv.chunkId(), cv.vector(), dims);
      if (seen.get(cv.chunkId()) >= 0) {
        throw new IllegalArgumentException("chunk id " + cv.chunkId() + " appears twice");
      }
      seen.put(cv.chunkId(), 0);
    }
    if (batch.isEmpty()) {
      return;
    }
    ensureWriter(s);
    for (ChunkVector cv : batch) {
      if (s.holdsLive(cv.chunkId())) {
        throw new IllegalArgumentException(
            "chunk id " + cv.chunkId() + " is already in the index; delete it first");
      }
    }
    long[] ids = batch.stream().mapToLong(ChunkVector::chunkId).toArray();
    float[][] vecs = batch.stream().map(ChunkVector::vector).toArray(float[][]::new);
    if (s.meta().smallMode()) {
      ArrayNodeStore store = heapNodes(s);
      for (long id : ids) {
        store.add(id, new int[0], new byte[0]);
      }
      s.cache.pin(ids, vecs);
      if (store.liveCount() >= s.meta().options().smallIndexThreshold()) {
        promoteToGraph(s, store);
      }
      persistMain(s);
    } else {
      List<DeltaLog.Entry> entries = new ArrayList<>(ids.length);
      for (int i = 0; i < ids.length; i++) {
        entries.add(new DeltaLog.Entry(ids[i], vecs[i]));
      }
      s.delta.append(entries);
    }
    s.cache.flush();
  }

  static void delete(IndexState s, long chunkId) throws IOException {
    ensureWriter(s);
    if (!s.holdsLive(chunkId)) {
      return;
    }
    if (s.meta().smallMode()) {
      ArrayNodeStore store = heapNodes(s);
      store.delete(store.nodeOf(chunkId));
      s.cache.remove(chunkId);
      persistMain(s);
    } else {
      s.delta.append(List.of(new DeltaLog.Entry(chunkId, null)));
      s.cache.remove(chunkId);
    }
    s.cache.flush();
  }

  /**
   * Removes deleted chunks for good and, in graph mode, merges the delta into a new main
   * generation. Does nothing when there is nothing to fold.
   */
  static void compact(IndexState s) throws IOException {
    ensureWriter(s);
    if (s.meta().smallMode()) {
      ArrayNodeStore store = heapNodes(s);
      if (store.deletedCount() == 0) {
        return;
      }
      GraphCompactor.Compacted c = GraphCompactor.compact(store, s.meta(), s.main.pq(), s.cache);
      LOG.info(
          "compacted index {}: {} -> {} nodes", s.dir, store.nodeCount(), c.nodes().nodeCount());
      s.main =
          new MainSegment(
              s.meta().withEntry(c.entry()), c.nodes(), s.main.pq(), s.main.sizes(), null);
      persistMain(s);
      s.cache.flush();
      return;
    }
    if (s.delta.isEmpty() && s.main.nodes().deletedCount() == 0) {
      return;
    }
    DeltaMerge.merge(s);
  }

  /** Merges the delta when it has grown past {@link DeltaSegment#mergeThreshold}. */
  static boolean compactIfNeeded(IndexState s) throws IOException {
    if (s.meta().smallMode()
        || s.delta.entries() < DeltaSegment.mergeThreshold(s.main.nodes().liveCount())) {
      return false;
    }
    compact(s);
    return true;
  }

  /** Takes the directory's write lock if not held, then reloads what other writers wrote. */
  static void ensureWriter(IndexState s) throws IOException {
    if (s.lock != null) {
      return;
    }
    s.lock = WriterLock.acquire(s.dir);
    try {
      s.reload();
    } catch (IOException | RuntimeException e) {
      s.lock.close();
      s.lock = null;
      throw e;
    }
  }

  /** Small mode: a mutable heap copy of the nodes (the mapped file is released). */
  private static ArrayNodeStore heapNodes(IndexState s) {
    MainSegment m = s.main;
    if (m.nodes() instanceof ArrayNodeStore store) {
      return store;
    }
    int codeBytes = m.meta().smallMode() || m.pq() == null ? 0 : m.pq().codeBytes();
    ArrayNodeStore copy = ArrayNodeStore.copyOf(m.nodes(), codeBytes);
    s.main = new MainSegment(m.meta(), copy, m.pq(), m.sizes(), null);
    m.close();
    return copy;
  }

  /** Small index grew past the threshold: train PQ and build the graph from the exact vectors. */
  private static void promoteToGraph(IndexState s, ArrayNodeStore store) throws IOException {
    List<Long> ids = new ArrayList<>();
    List<float[]> vecs = new ArrayList<>();
    for (int node = 0; node < store.nodeCount(); node++) {
      if (!store.isDeleted(node)) {
        long id = store.chunkId(node);
        float[] v = s.cache.get(id);
        if (v == null) {
          v = s.reranker.embed(new long[] {id})[0];
        }
        ids.add(id);
        vecs.add(v);
      }
    }
    LOG.info("index {} reached {} vectors: building graph and PQ", s.dir, ids.size());
    IndexMeta meta = s.meta();
    IndexBuilder.Built built =
        IndexBuilder.buildState(
            ids.stream().mapToLong(Long::longValue).toArray(),
            vecs.toArray(new float[0][]),
            meta.dims(),
            meta.modelId(),
            meta.options(),
            meta.search());
    IndexBuilder.applyCache(s.cache, built, vecs, s.search(), meta.dims());
    s.main = new MainSegment(built.meta(), built.nodes(), built.pq(), s.main.sizes(), null);
  }

  /** Rewrites the main file in place (small mode only: a graph's main file is immutable). */
  private static void persistMain(IndexState s) throws IOException {
    assert s.delta.isEmpty() : "a main file with a delta is never rewritten in place";
    MainSegment m = s.main;
    IndexMeta meta = m.meta().withModified(System.currentTimeMillis());
    IndexFile.Sizes sizes =
        IndexFile.write(s.dir.resolve(IndexFile.FILE_NAME), meta, m.nodes(), m.pq());
    s.main = new MainSegment(meta, m.nodes(), m.pq(), sizes, null);
    // the delta belongs to the file it was started on: a new (empty) one for the new identity
    s.delta.close();
    s.delta = DeltaSegment.open(s.dir, meta.dims(), sizes.identity());
    s.cache.setBudget(IndexState.budget(s.search(), s.main, s.delta));
  }
}
