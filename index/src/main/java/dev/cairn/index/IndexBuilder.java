package dev.cairn.index;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a new index generation: reads the vectors, builds the graph and PQ codes (or the exact
 * small-index state), pins the hot cache, writes the file into a staging folder and swaps it in
 * through {@link IndexGenerations}. Also builds the in-memory state when a small index grows past
 * its threshold. Stateless.
 */
final class IndexBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(IndexBuilder.class);

  /** A built state before it is written. */
  record Built(
      IndexMeta meta, ArrayNodeStore nodes, Pq pq, List<Integer> hubsByDegree, boolean small) {}

  private IndexBuilder() {}

  /**
   * Writes a complete new generation of the index in {@code abs} and makes it current; returns when
   * the swap is done (the caller opens it).
   */
  static void buildGeneration(
      Path abs,
      IndexOptions options,
      SearchOptions search,
      EmbeddingSource source,
      Iterator<ChunkVector> vectors)
      throws IOException {
    if (options.pqSubspaces() > source.dimensions()) {
      throw new IllegalArgumentException(
          "pqSubspaces "
              + options.pqSubspaces()
              + " exceeds the "
              + source.dimensions()
              + " dimensions of the embedding source");
    }
    Files.createDirectories(abs.getParent());
    IndexGenerations.cleanUp(abs);
    Path staging = IndexGenerations.staging(abs);
    IndexGenerations.deleteTree(staging);
    Files.createDirectories(staging);
    WriterLock lock = WriterLock.acquire(staging);
    WriterLock current = null;
    HotCache cache = null;
    boolean promoted = false;
    try {
      if (Files.isDirectory(abs)) {
        current = WriterLock.acquire(abs);
      }
      int dims = source.dimensions();
      List<float[]> vecs = new ArrayList<>();
      long[] ids = new long[1024];
      LongIntMap seen = new LongIntMap(1024);
      while (vectors.hasNext()) {
        ChunkVector cv = vectors.next();
        VectorMath.checkDims("vector of chunk " + cv.chunkId(), cv.vector(), dims);
        if (seen.get(cv.chunkId()) >= 0) {
          throw new IllegalArgumentException("chunk id " + cv.chunkId() + " appears twice");
        }
        seen.put(cv.chunkId(), vecs.size());
        if (vecs.size() == ids.length) {
          ids = Arrays.copyOf(ids, ids.length * 2);
        }
        ids[vecs.size()] = cv.chunkId();
        vecs.add(cv.vector());
      }
      int n = vecs.size();
      ids = Arrays.copyOf(ids, n);
      long started = System.nanoTime();
      cache = HotCache.open(staging, source.modelId(), dims, search.cacheBudgetBytes(n, dims));
      Built built =
          buildState(ids, vecs.toArray(new float[0][]), dims, source.modelId(), options, search);
      applyCache(cache, built, vecs, search, dims);
      IndexFile.write(staging.resolve(IndexFile.FILE_NAME), built.meta, built.nodes, built.pq);
      cache.checkpoint();
      cache.close();
      cache = null;
      // The new generation is complete: swap it in (the old one stays openable until then).
      IndexGenerations.promote(staging, abs);
      promoted = true;
      LOG.info(
          "built index {} with {} vectors in {} ms ({} mode)",
          abs,
          n,
          (System.nanoTime() - started) / 1_000_000,
          built.meta.smallMode() ? "small" : "graph");
    } catch (IOException | RuntimeException e) {
      if (cache != null) {
        cache.close();
      }
      throw e;
    } finally {
      lock.close();
      if (current != null) {
        current.close();
      }
      if (!promoted) {
        IndexGenerations.deleteTree(staging);
      }
    }
  }

  /** The exact small-index state below the threshold, else graph + PQ + calibration. */
  static Built buildState(
      long[] ids,
      float[][] vectors,
      int dims,
      String modelId,
      IndexOptions options,
      SearchOptions search) {
    int n = ids.length;
    long now = System.currentTimeMillis();
    if (n < options.smallIndexThreshold()) {
      ArrayNodeStore store = new ArrayNodeStore(0, n);
      for (long id : ids) {
        store.add(id, new int[0], new byte[0]);
      }
      IndexMeta meta =
          new IndexMeta(dims, modelId, options, search, -1, true, 1, 0, new float[0], 0, now);
      return new Built(meta, store, null, List.of(), true);
    }
    GraphBuilder.Built b = GraphBuilder.build(ids, vectors, dims, options);
    IndexMeta meta =
        new IndexMeta(
            dims,
            modelId,
            options,
            search,
            b.entry(),
            false,
            b.calibration().slope(),
            b.calibration().intercept(),
            b.calibration().quantiles(),
            b.degreeBeforePruning(),
            now);
    List<Integer> hubs = new ArrayList<>();
    for (int node : b.hubsByDegree()) {
      if (b.nodes().isHub(node)) {
        hubs.add(node);
      }
    }
    return new Built(meta, b.nodes(), b.pq(), hubs, false);
  }

  /** Pins hub embeddings (by degree, within the budget), or every vector in small mode. */
  static void applyCache(
      HotCache cache, Built built, List<float[]> vectors, SearchOptions search, int dims)
      throws IOException {
    List<Long> ids = new ArrayList<>();
    List<float[]> vecs = new ArrayList<>();
    long budget = search.cacheBudgetBytes(built.nodes.liveCount(), dims);
    if (built.small) {
      for (int i = 0; i < vectors.size(); i++) {
        ids.add(built.nodes.chunkId(i));
        vecs.add(vectors.get(i));
      }
    } else {
      long capacity = budget / HotCache.entryBytes(dims);
      for (int node : built.hubsByDegree) {
        if (ids.size() >= capacity) {
          break;
        }
        ids.add(built.nodes.chunkId(node));
        vecs.add(vectors.get(node));
      }
    }
    cache.setBudget(budget);
    cache.resetPinned(ids, vecs);
  }
}
