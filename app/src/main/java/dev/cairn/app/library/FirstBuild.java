package dev.cairn.app.library;

import dev.cairn.index.ChunkVector;
import dev.cairn.index.IndexSettings;
import dev.cairn.index.VectorSpool;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Building a collection's index from scratch (its first build, or a rebuild): the vectors of every
 * chunk go into the collection's durable spool ({@code spool.sqlite}, one committed transaction per
 * embedding batch) as they are embedded, so a crash, a sleep or a quit loses at most the batch in
 * flight and the next run resumes from the spool; chunks of the store still missing at the end are
 * embedded then, and the index is built from the spool in chunk-id order (so an interrupted and
 * resumed build gives the same index as an uninterrupted one). The spool is deleted once the index
 * holds its vectors.
 *
 * <p>Used by one {@link IndexingRun} at a time (its {@link RunControl} and {@link RunProgress}),
 * under the collection's lock; {@link #add} and {@link #remove} are called from the run's embedding
 * thread, {@link #finish} after it stopped.
 */
final class FirstBuild {
  private static final Logger LOG = LoggerFactory.getLogger(FirstBuild.class);

  /** What {@link #finish} does with the vectors: build the new index and swap it in. */
  @FunctionalInterface
  interface Swap {
    void build(Iterator<ChunkVector> vectors, IndexSettings options) throws LibraryException;
  }

  private final CollectionHandle handle;
  private final StoreEmbeddingSource source;
  private final RunControl control;
  private final RunProgress progress;
  private final VectorSpool spool;
  private final java.nio.file.Path spoolFile;
  private final Swap swap;

  private FirstBuild(
      CollectionHandle handle,
      StoreEmbeddingSource source,
      RunControl control,
      RunProgress progress,
      VectorSpool spool,
      java.nio.file.Path spoolFile,
      Swap swap) {
    this.handle = handle;
    this.source = source;
    this.control = control;
    this.progress = progress;
    this.spool = spool;
    this.spoolFile = spoolFile;
    this.swap = swap;
  }

  /**
   * Opens (or resumes) the spool of a new index for {@code handle}: vectors of chunks the store no
   * longer has are dropped, the others count as embedded.
   */
  static FirstBuild start(
      CollectionHandle handle,
      StoreEmbeddingSource source,
      RunControl control,
      RunProgress progress)
      throws LibraryException {
    return start(handle, source, control, progress, handle.spoolFile(), handle::build);
  }

  /**
   * As {@link #start(CollectionHandle, StoreEmbeddingSource, RunControl, RunProgress)}, with the
   * spool in {@code spoolFile} and {@code swap} building the new index from it (a re-embed promotes
   * the new embedder together with the index).
   */
  static FirstBuild start(
      CollectionHandle handle,
      StoreEmbeddingSource source,
      RunControl control,
      RunProgress progress,
      java.nio.file.Path spoolFile,
      Swap swap)
      throws LibraryException {
    VectorSpool spool;
    try {
      spool = VectorSpool.open(spoolFile, source.modelId(), source.dimensions());
    } catch (IOException e) {
      throw Failures.io("cannot open the embedding spool of collection '" + handle.name + "'", e);
    }
    FirstBuild b = new FirstBuild(handle, source, control, progress, spool, spoolFile, swap);
    try {
      long[] storeIds = handle.store.allChunkIds();
      long kept = b.dropVectorsNotIn(storeIds);
      if (kept > 0) {
        progress.notice(
            String.format(
                "resuming: %,d of %,d chunks already embedded", kept, (long) storeIds.length));
      }
      progress.countResumed(kept, storeIds.length);
    } catch (LibraryException | RuntimeException e) {
      b.closeQuietly();
      throw e;
    }
    return b;
  }

  /** Drops spooled vectors of chunks not in {@code storeIds}; returns how many remain. */
  private long dropVectorsNotIn(long[] storeIds) throws LibraryException {
    long[] sorted = storeIds.clone();
    Arrays.sort(sorted);
    long[] stale =
        Arrays.stream(spool.chunkIds()).filter(id -> Arrays.binarySearch(sorted, id) < 0).toArray();
    if (stale.length > 0) {
      remove(stale);
    }
    return spool.size();
  }

  /** Commits freshly embedded vectors to the spool. */
  void add(List<ChunkVector> batch) throws LibraryException {
    try {
      spool.putAll(batch);
    } catch (IOException e) {
      throw Failures.io("cannot store embeddings of collection '" + handle.name + "'", e);
    }
    LOG.debug(
        "collection {}: spooled {} vectors ({} in all)", handle.name, batch.size(), spool.size());
  }

  /** Forgets the vectors of chunks the store removed. */
  void remove(long[] ids) throws LibraryException {
    try {
      spool.removeAll(ids);
    } catch (IOException e) {
      throw Failures.io("cannot update the embedding spool of collection '" + handle.name + "'", e);
    }
  }

  /**
   * Embeds the store's chunks that have no vector yet, builds the index from all vectors of the
   * store's chunks, swaps it in and deletes the spool. When the run is cancelled, stops embedding
   * and — if {@code partialOnCancel} — builds the index from the vectors there are (the next run
   * adds the rest), else builds nothing and keeps the spool for the next run.
   */
  void finish(IndexSettings options, boolean partialOnCancel) throws LibraryException {
    boolean built = false;
    try {
      dropVectorsNotIn(handle.store.allChunkIds());
      long[] storeIds = handle.store.allChunkIds();
      Arrays.sort(storeIds);
      List<Long> missing = new ArrayList<>();
      for (long id : storeIds) {
        if (!spool.contains(id)) {
          missing.add(id);
        }
      }
      if (!missing.isEmpty()) {
        LOG.info(
            "collection {}: embedding {} stored chunks that have no vector yet",
            handle.name,
            missing.size());
        progress.enterPhase(IndexingProgress.Phase.EMBEDDING);
      }
      for (int i = 0; i < missing.size(); i += IndexingRun.EMBED_BATCH) {
        try {
          control.awaitResume();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new LibraryException(
              LibraryException.Kind.CANCELLED, "indexing was interrupted", e);
        }
        if (control.isCancelled()) {
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
        progress.countEmbedded(ids.length);
      }
      if (control.isCancelled() && !partialOnCancel) {
        return;
      }
      progress.enterPhase(IndexingProgress.Phase.BUILDING_INDEX);
      LOG.info("collection {}: building the index from {} vectors", handle.name, spool.size());
      Iterator<ChunkVector> it = spool.iterator();
      swap.build(it, options);
      built = true;
    } finally {
      closeQuietly();
      if (built) {
        try {
          VectorSpool.delete(spoolFile);
        } catch (IOException e) {
          LOG.warn("collection {}: cannot delete the spool: {}", handle.name, e.toString());
        }
      }
    }
  }

  private void closeQuietly() {
    try {
      spool.close();
    } catch (IOException e) {
      LOG.warn("collection {}: closing the spool failed: {}", handle.name, e.toString());
    }
  }
}
