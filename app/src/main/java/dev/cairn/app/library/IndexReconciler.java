package dev.cairn.app.library;

import dev.cairn.index.CairnIndex;
import dev.cairn.index.ChunkVector;
import dev.cairn.ingest.DocumentStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an open index hold exactly the store's chunks: embeds and inserts the chunks it lacks
 * (committed in batches of {@value IndexingRun#INSERT_BATCH}) and deletes the ids the store no
 * longer has.
 *
 * <p>Called by {@link CollectionHandle#reconcile} only, under the handle's monitor and the
 * collection's lock. Reads the store, writes the index; owns nothing.
 */
final class IndexReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(IndexReconciler.class);
  static final int RECONCILE_BATCH = 32;

  private IndexReconciler() {}

  static void reconcile(
      String name, DocumentStore store, CairnIndex index, StoreEmbeddingSource source)
      throws LibraryException {
    long[] storeIds = store.allChunkIds();
    Set<Long> inStore = new HashSet<>(storeIds.length * 2);
    for (long id : storeIds) {
      inStore.add(id);
    }
    Set<Long> inIndex = new HashSet<>();
    for (long id : index.chunkIds()) {
      inIndex.add(id);
    }
    long[] missing = Arrays.stream(storeIds).filter(id -> !inIndex.contains(id)).toArray();
    long[] extra =
        inIndex.stream().mapToLong(Long::longValue).filter(id -> !inStore.contains(id)).toArray();
    if (missing.length == 0 && extra.length == 0) {
      return;
    }
    LOG.info(
        "collection {}: reconciling index with store ({} missing, {} stale)",
        name,
        missing.length,
        extra.length);
    try {
      for (long id : extra) {
        index.delete(id);
      }
      for (int i = 0; i < missing.length; i += IndexingRun.INSERT_BATCH) {
        long[] batch =
            Arrays.copyOfRange(missing, i, Math.min(missing.length, i + IndexingRun.INSERT_BATCH));
        List<ChunkVector> cv = new ArrayList<>(batch.length);
        for (int j = 0; j < batch.length; j += RECONCILE_BATCH) {
          long[] part = Arrays.copyOfRange(batch, j, Math.min(batch.length, j + RECONCILE_BATCH));
          float[][] v = embed(name, source, part);
          for (int k = 0; k < part.length; k++) {
            cv.add(new ChunkVector(part[k], v[k]));
          }
        }
        index.insertAll(cv);
      }
    } catch (IOException e) {
      throw Failures.index(
          "cannot bring the index of collection '" + name + "' up to date", name, e);
    }
  }

  private static float[][] embed(String name, StoreEmbeddingSource source, long[] ids)
      throws LibraryException {
    try {
      return source.embed(ids);
    } catch (IOException e) {
      throw Failures.embedding("cannot embed chunks of collection '" + name + "'", e);
    }
  }
}
