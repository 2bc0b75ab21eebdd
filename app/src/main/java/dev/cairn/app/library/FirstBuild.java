package dev.cairn.app.library;

import dev.cairn.index.ChunkVector;
import dev.cairn.index.IndexOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Building a collection's index from scratch (its first build, or a rebuild): the vectors of every
 * chunk are gathered as they are embedded, chunks of the store still missing at the end are
 * embedded then, and the index is built from all of them in chunk-id order (so an interrupted and
 * resumed build gives the same index as an uninterrupted one).
 *
 * <p>Used by one {@link IndexingRun} at a time, under the collection's lock; {@link #add} and
 * {@link #remove} are called from the run's embedding thread, {@link #finish} after it stopped.
 */
final class FirstBuild {
  private static final Logger LOG = LoggerFactory.getLogger(FirstBuild.class);

  private final CollectionHandle handle;
  private final StoreEmbeddingSource source;
  private final IndexingRun run;
  private final Map<Long, float[]> vectors = new TreeMap<>();

  private FirstBuild(CollectionHandle handle, StoreEmbeddingSource source, IndexingRun run) {
    this.handle = handle;
    this.source = source;
    this.run = run;
  }

  /** Starts gathering the vectors of a new index for {@code handle}. */
  static FirstBuild start(CollectionHandle handle, StoreEmbeddingSource source, IndexingRun run)
      throws LibraryException {
    FirstBuild b = new FirstBuild(handle, source, run);
    run.countResumed(0, handle.store.chunkCount());
    return b;
  }

  /** Keeps freshly embedded vectors. */
  synchronized void add(List<ChunkVector> batch) throws LibraryException {
    for (ChunkVector cv : batch) {
      vectors.put(cv.chunkId(), cv.vector());
    }
  }

  /** Forgets the vectors of chunks the store removed. */
  synchronized void remove(long[] ids) throws LibraryException {
    for (long id : ids) {
      vectors.remove(id);
    }
  }

  /**
   * Embeds the store's chunks that have no vector yet, builds the index from all vectors of the
   * store's chunks and swaps it in. When the run is cancelled, stops embedding and — if {@code
   * partialOnCancel} — builds the index from the vectors there are (the next run adds the rest),
   * else builds nothing.
   */
  void finish(IndexOptions options, boolean partialOnCancel) throws LibraryException {
    long[] storeIds = handle.store.allChunkIds();
    Arrays.sort(storeIds);
    List<Long> missing = new ArrayList<>();
    synchronized (this) {
      vectors.keySet().retainAll(Arrays.stream(storeIds).boxed().toList());
      for (long id : storeIds) {
        if (!vectors.containsKey(id)) {
          missing.add(id);
        }
      }
    }
    if (!missing.isEmpty()) {
      LOG.info(
          "collection {}: embedding {} stored chunks that have no vector yet",
          handle.name,
          missing.size());
      run.enterPhase(IndexingProgress.Phase.EMBEDDING);
    }
    for (int i = 0; i < missing.size(); i += IndexingRun.EMBED_BATCH) {
      try {
        run.awaitResume();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LibraryException(LibraryException.Kind.CANCELLED, "indexing was interrupted", e);
      }
      if (run.isCancelled()) {
        break;
      }
      long[] ids =
          missing.subList(i, Math.min(missing.size(), i + IndexingRun.EMBED_BATCH)).stream()
              .mapToLong(Long::longValue)
              .toArray();
      float[][] v;
      try {
        v = source.embed(ids);
      } catch (IOException e) {
        throw Failures.embedding("cannot embed chunks of collection '" + handle.name + "'", e);
      }
      List<ChunkVector> batch = new ArrayList<>(ids.length);
      for (int j = 0; j < ids.length; j++) {
        batch.add(new ChunkVector(ids[j], v[j]));
      }
      add(batch);
      run.countEmbedded(ids.length);
    }
    if (run.isCancelled() && !partialOnCancel) {
      return;
    }
    run.enterPhase(IndexingProgress.Phase.BUILDING_INDEX);
    List<ChunkVector> all;
    synchronized (this) {
      all = new ArrayList<>(vectors.size());
      vectors.forEach((id, v) -> all.add(new ChunkVector(id, v)));
    }
    Iterator<ChunkVector> it = all.iterator();
    handle.build(it, options);
  }
}
