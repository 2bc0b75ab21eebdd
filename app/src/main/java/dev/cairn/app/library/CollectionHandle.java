package dev.cairn.app.library;

import dev.cairn.chat.embed.Embedder;
import dev.cairn.index.CairnIndex;
import dev.cairn.index.ChunkVector;
import dev.cairn.index.IndexOptions;
import dev.cairn.ingest.DocumentStore;
import dev.cairn.ingest.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open collection: its {@code collection.json}, document store and (once it has chunks) its
 * index. Owned by the service, which closes it. Thread-safe: the index reference is guarded by this
 * object's monitor; the store and index are thread-safe themselves.
 */
final class CollectionHandle implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CollectionHandle.class);
  static final String STORE_FILE = "documents.sqlite";
  static final String INDEX_DIR = "index";
  static final int RECONCILE_BATCH = 32;

  final String name;
  final Path dir;
  final DocumentStore store;
  private volatile CollectionMeta meta;
  private CairnIndex index;
  private StoreEmbeddingSource source;

  private CollectionHandle(String name, Path dir, DocumentStore store, CollectionMeta meta) {
    this.name = name;
    this.dir = dir;
    this.store = store;
    this.meta = meta;
  }

  /** Opens the collection in {@code dir}, which must hold a {@code collection.json}. */
  static CollectionHandle open(String name, Path dir) throws LibraryException {
    CollectionMeta meta = CollectionMeta.read(dir);
    try {
      DocumentStore store = DocumentStore.open(dir.resolve(STORE_FILE));
      return new CollectionHandle(name, dir, store, meta);
    } catch (StoreException e) {
      throw Failures.io("cannot open the document store of collection '" + name + "'", e);
    }
  }

  CollectionMeta meta() {
    return meta;
  }

  synchronized void updateMeta(CollectionMeta updated) throws LibraryException {
    updated.write(dir);
    meta = updated;
  }

  Path indexDir() {
    return dir.resolve(INDEX_DIR);
  }

  /** Whether an index exists on disk. */
  boolean hasIndex() {
    return Files.isDirectory(indexDir());
  }

  /**
   * The index, opened with the given embedder and reconciled with the document store on first use;
   * {@code null} when the collection has no chunks yet.
   */
  synchronized CairnIndex index(Embedder embedder, IndexOptions options) throws LibraryException {
    ensureSource(embedder);
    if (index == null && hasIndex()) {
      try {
        index = CairnIndex.open(indexDir(), source, options);
      } catch (IOException e) {
        throw Failures.index("cannot open the index of collection '" + name + "'", e);
      }
      reconcile();
    } else if (index == null && store.chunkCount() > 0) {
      // Chunks committed but the index never built (crash or cancel before the build): build now.
      LOG.info("collection {}: building missing index for {} chunks", name, store.chunkCount());
      List<ChunkVector> vectors = new ArrayList<>();
      long[] ids = store.allChunkIds();
      for (int i = 0; i < ids.length; i += RECONCILE_BATCH) {
        long[] batch = Arrays.copyOfRange(ids, i, Math.min(ids.length, i + RECONCILE_BATCH));
        float[][] v = embed(batch);
        for (int j = 0; j < batch.length; j++) {
          vectors.add(new ChunkVector(batch[j], v[j]));
        }
      }
      build(vectors, options, true);
    }
    return index;
  }

  /** The index if it is open already, else {@code null} (never opens or builds it). */
  synchronized CairnIndex openIndexOrNull() {
    return index;
  }

  synchronized StoreEmbeddingSource source(Embedder embedder) throws LibraryException {
    ensureSource(embedder);
    return source;
  }

  private void ensureSource(Embedder embedder) throws LibraryException {
    if (source == null) {
      String model = embedder.info().modelId();
      CollectionMeta m = meta;
      if (m.embeddingModelId() != null && !m.embeddingModelId().equals(model)) {
        throw new LibraryException(
            LibraryException.Kind.CORRUPT,
            "collection '"
                + name
                + "' was indexed with embedding model "
                + m.embeddingModelId()
                + " but the current model is "
                + model
                + " — rebuild the collection");
      }
      source = new StoreEmbeddingSource(store, embedder);
    }
  }

  /** Builds the index from all vectors at once, replacing any index on disk. */
  synchronized void build(List<ChunkVector> vectors, IndexOptions options, boolean reconcile)
      throws LibraryException {
    if (source == null) {
      throw new IllegalStateException("build before the embedding source was set");
    }
    closeIndex();
    try {
      deleteRecursively(indexDir());
      if (vectors.isEmpty()) {
        return;
      }
      index = CairnIndex.build(indexDir(), options, source, vectors.iterator());
    } catch (IOException e) {
      throw Failures.index("cannot build the index of collection '" + name + "'", e);
    }
    if (reconcile) {
      reconcile();
    }
  }

  /**
   * Makes the index hold exactly the store's chunks: embeds and inserts chunks missing from it,
   * deletes ids the store no longer has. Called on open and after each indexing run.
   */
  synchronized void reconcile() throws LibraryException {
    if (index == null) {
      return;
    }
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
      for (int i = 0; i < missing.length; i += RECONCILE_BATCH) {
        long[] batch =
            Arrays.copyOfRange(missing, i, Math.min(missing.length, i + RECONCILE_BATCH));
        float[][] v = embed(batch);
        List<ChunkVector> cv = new ArrayList<>(batch.length);
        for (int j = 0; j < batch.length; j++) {
          cv.add(new ChunkVector(batch[j], v[j]));
        }
        index.insertAll(cv);
      }
    } catch (IOException e) {
      throw Failures.index("cannot bring the index of collection '" + name + "' up to date", e);
    }
  }

  private float[][] embed(long[] ids) throws LibraryException {
    try {
      return source.embed(ids);
    } catch (IOException e) {
      throw Failures.embedding("cannot embed chunks of collection '" + name + "'", e);
    }
  }

  /** Records the end of an indexing run in {@code collection.json}. */
  void markUpdated(String modelId, int dimensions) throws LibraryException {
    updateMeta(meta.withModel(modelId, dimensions).withLastUpdated(Instant.now()));
  }

  private void closeIndex() {
    if (index != null) {
      try {
        index.close();
      } catch (IOException e) {
        LOG.warn("closing index of collection {} failed: {}", name, e.toString());
      }
      index = null;
    }
  }

  /** Closes the index and forgets the embedding source (before a rebuild). */
  synchronized void dropIndex() throws LibraryException {
    closeIndex();
    try {
      deleteRecursively(indexDir());
    } catch (IOException e) {
      throw Failures.io("cannot delete the index of collection '" + name + "'", e);
    }
  }

  static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var walk = Files.walk(p)) {
      for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }

  @Override
  public synchronized void close() {
    closeIndex();
    try {
      store.close();
    } catch (Exception e) {
      LOG.warn("closing document store of collection {} failed: {}", name, e.toString());
    }
  }
}
