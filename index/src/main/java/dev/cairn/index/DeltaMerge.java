package dev.cairn.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds the delta segment into the main graph as a new index generation: a heap copy of the main
 * graph takes the delta's tombstones, gets the delta's vectors inserted ({@link GraphInserter}),
 * loses its deleted nodes ({@link GraphCompactor}), and is written with a copy of the hot cache
 * into a staging folder that {@link IndexGenerations#promote} swaps in. The new generation has no
 * delta. A crash at any step leaves the old generation (main file + delta) or the new one, never a
 * mix: the delta lives in the folder that is swapped.
 *
 * <p>Runs under the index's write lock; searches of this instance wait, readers in other processes
 * keep the old generation until they reopen.
 */
final class DeltaMerge {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaMerge.class);

  private DeltaMerge() {}

  static void merge(IndexState s) throws IOException {
    long started = System.nanoTime();
    MainSegment main = s.main;
    DeltaSegment delta = s.delta;
    IndexMeta meta = main.meta();
    Pq pq = main.pq();
    ArrayNodeStore store = ArrayNodeStore.copyOf(main.nodes(), pq.codeBytes());
    for (long id : delta.tombstones()) {
      int node = store.nodeOf(id);
      if (node >= 0 && !store.isDeleted(node)) {
        store.delete(node);
      }
    }
    GraphInserter inserter =
        new GraphInserter(store, meta, pq, s.cache, s.search().searchBeamWidth());
    int inserted = delta.inserted().size();
    long[] ids = new long[inserted];
    float[][] vecs = new float[inserted][];
    int i = 0;
    for (Map.Entry<Long, float[]> e : delta.inserted().entrySet()) {
      inserter.insert(e.getKey(), e.getValue());
      ids[i] = e.getKey();
      vecs[i++] = e.getValue();
    }
    s.cache.offer(ids, vecs);
    // Compaction renumbers without the deleted nodes and makes every node reachable again (inserts
    // whose in-edges were replaced by later inserts can be left unreachable).
    GraphCompactor.Compacted c = GraphCompactor.compact(store, meta, pq, s.cache);
    ArrayNodeStore merged = c.nodes();
    int entry = c.entry();
    IndexMeta newMeta = meta.withEntry(entry).withModified(System.currentTimeMillis());
    s.cache.setBudget(s.search().cacheBudgetBytes(merged.liveCount(), meta.dims()));
    s.cache.flush();
    s.cache.checkpoint();
    writeGeneration(s.dir, newMeta, merged, pq);
    LOG.info(
        "merged the delta of index {} ({} inserts, {} tombstones) into {} nodes in {} ms",
        s.dir,
        inserted,
        delta.tombstones().size(),
        merged.nodeCount(),
        (System.nanoTime() - started) / 1_000_000);
    handOver(s);
  }

  /** Writes the staging folder (cache copy, then the main file) and swaps it in. */
  private static void writeGeneration(Path dir, IndexMeta meta, ArrayNodeStore nodes, Pq pq)
      throws IOException {
    Path staging = IndexGenerations.staging(dir);
    IndexGenerations.deleteTree(staging);
    Files.createDirectories(staging);
    boolean promoted = false;
    try (WriterLock stagingLock = WriterLock.acquire(staging)) {
      Path cache = dir.resolve(HotCache.FILE_NAME);
      if (Files.exists(cache)) {
        Files.copy(cache, staging.resolve(HotCache.FILE_NAME));
      }
      IndexFile.write(staging.resolve(IndexFile.FILE_NAME), meta, nodes, pq);
      IndexGenerations.promote(staging, dir);
      promoted = true;
    } finally {
      if (!promoted) {
        IndexGenerations.deleteTree(staging);
      }
    }
  }

  /** Releases the old generation's lock, takes the new one's, and loads the new generation. */
  private static void handOver(IndexState s) throws IOException {
    s.lock.close();
    s.lock = null;
    WriterLock fresh = WriterLock.acquire(s.dir);
    try {
      s.lock = fresh;
      s.reload();
    } catch (IOException | RuntimeException e) {
      s.lock = null;
      fresh.close();
      throw e;
    }
  }
}
