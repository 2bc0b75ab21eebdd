package dev.cairn.app.library;

import dev.cairn.chat.embed.Embedder;
import dev.cairn.index.CairnIndex;
import dev.cairn.index.ChunkVector;
import dev.cairn.index.IndexSettings;
import dev.cairn.ingest.DocumentStore;
import dev.cairn.ingest.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open collection: its {@code collection.json}, document store and (once built) its index.
 * Owned by the service, which closes it. Thread-safe: the index reference is guarded by this
 * object's monitor; the store and index are thread-safe themselves.
 *
 * <p>Reading never writes: {@link #openIndex} opens the last committed index as it is and never
 * builds or reconciles it. Changing the index ({@link #indexForWriting}, {@link #build}, {@link
 * #reconcile}) is for the holder of the collection's {@link CollectionLock} only.
 */
public final class CollectionHandle implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CollectionHandle.class);
  static final String STORE_FILE = "documents.sqlite";
  static final String INDEX_DIR = "index";

  /** The durable embedding spool of an unfinished first build or rebuild. */
  static final String SPOOL_FILE = "spool.sqlite";

  /** The durable embedding spool of an unfinished re-embed (beside the first build's). */
  static final String REEMBED_SPOOL_FILE = "reembed-spool.sqlite";

  final String name;
  final Path dir;
  public final DocumentStore store;
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
      DocumentStore store =
          DocumentStore.open(
              dir.resolve(STORE_FILE),
              (version, step, done, total) ->
                  LOG.info(
                      "upgrading collection '{}' to document store version {}: {}, {} of {}",
                      name,
                      version,
                      step,
                      done,
                      total));
      return new CollectionHandle(name, dir, store, meta);
    } catch (StoreException e) {
      if (isDamage(e)) {
        throw new LibraryException(
            LibraryException.Kind.CORRUPT,
            "the document store "
                + dir.resolve(STORE_FILE)
                + " of collection '"
                + name
                + "' is damaged ("
                + Failures.message(e)
                + ") — run `cairn validate --repair --collection "
                + name
                + "`: it sets the damaged file aside and reads the collection's folders again",
            e);
      }
      throw Failures.io(
          "cannot open the document store "
              + dir.resolve(STORE_FILE)
              + " of collection '"
              + name
              + "'",
          e);
    }
  }

  /** Whether a store failure means the file itself is damaged (not a database, corrupt pages). */
  static boolean isDamage(StoreException e) {
    String m = String.valueOf(e.getMessage());
    return m.contains("SQLITE_NOTADB")
        || m.contains("SQLITE_CORRUPT")
        || m.contains("not a database")
        || m.contains("malformed");
  }

  /**
   * Sets a damaged document store aside ({@code documents.sqlite.damaged-<time>}, kept for the
   * user) together with the index, cache and spool built from it, so that the collection's folders
   * can be read into a new store. The collection must not be open.
   */
  static Path setDamagedStoreAside(Path dir) throws IOException {
    Path store = dir.resolve(STORE_FILE);
    Path aside = dir.resolve(STORE_FILE + ".damaged-" + System.currentTimeMillis());
    Files.move(store, aside);
    for (String suffix : new String[] {"-wal", "-shm", "-journal"}) {
      Files.deleteIfExists(dir.resolve(STORE_FILE + suffix));
    }
    deleteRecursively(dir.resolve(INDEX_DIR));
    CairnIndex.cleanUp(dir.resolve(INDEX_DIR));
    dev.cairn.index.VectorSpool.delete(dir.resolve(SPOOL_FILE));
    return aside;
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

  Path spoolFile() {
    return dir.resolve(SPOOL_FILE);
  }

  /** Whether a complete, committed index exists on disk (not just its folder). */
  boolean hasIndex() {
    return CairnIndex.exists(indexDir());
  }

  Path reembedSpoolFile() {
    return dir.resolve(REEMBED_SPOOL_FILE);
  }

  /**
   * For the lock holder of a re-embed: builds a new index generation from {@code vectors} (embedded
   * by {@code newSource}'s model) and promotes it together with {@code choice}: until the index
   * module commits the new generation searches keep the old index and the old model; right after it
   * {@code collection.json} records the new choice and model. An empty stream leaves no index.
   */
  synchronized void promote(
      EmbedderChoice choice,
      StoreEmbeddingSource newSource,
      Iterator<ChunkVector> vectors,
      IndexSettings options)
      throws LibraryException {
    // The index module builds the new generation beside the old one and holds its write lock, so
    // the old one is closed first; a failure leaves it committed (the next read opens it again).
    closeIndex();
    CairnIndex built = null;
    try {
      if (vectors.hasNext()) {
        built = CairnIndex.build(indexDir(), options.build(), options.search(), newSource, vectors);
      }
    } catch (IOException e) {
      throw Failures.index(
          "cannot build the re-embedded index of collection '" + name + "'", name, e);
    }
    if (built == null) {
      try {
        deleteRecursively(indexDir());
      } catch (IOException e) {
        throw Failures.io("cannot remove the old index of collection '" + name + "'", e);
      }
    }
    index = built;
    source = newSource;
    try {
      // An unfinished first build's vectors are of the old model; the new index holds every chunk.
      dev.cairn.index.VectorSpool.delete(spoolFile());
    } catch (IOException e) {
      throw Failures.io("cannot delete the old embedding spool of collection '" + name + "'", e);
    }
    updateMeta(
        meta.withEmbedder(choice.spec())
            .withPendingEmbedder(null)
            .withModel(newSource.modelId(), newSource.dimensions())
            .withLastUpdated(Instant.now()));
  }

  /** Whether a first build or rebuild was interrupted (its spool is still there). */
  boolean hasUnfinishedBuild() {
    return Files.exists(spoolFile());
  }

  /**
   * The last committed index, opened for searching; {@code null} when there is none. Never builds,
   * reconciles or otherwise changes anything.
   *
   * @throws LibraryException CORRUPT naming the fix when the index cannot be opened
   */
  public synchronized CairnIndex openIndex(Embedder embedder, IndexSettings options)
      throws LibraryException {
    ensureSource(embedder);
    if (index == null && hasIndex()) {
      try {
        index = CairnIndex.open(indexDir(), source, options.search());
      } catch (IOException e) {
        throw Failures.index("cannot open the index of collection '" + name + "'", name, e);
      }
    }
    return index;
  }

  /** The index if it is open already, else {@code null} (never opens or builds it). */
  synchronized CairnIndex openIndexOrNull() {
    return index;
  }

  /**
   * For the lock holder: the committed index, {@code null} when there is no index yet. What an
   * interrupted run left behind (chunks the store has and the index lacks) is not embedded here,
   * silently: the indexing run does it first, with progress ({@code EmbedWorker#catchUp}).
   */
  synchronized CairnIndex indexForWriting(Embedder embedder, IndexSettings options)
      throws LibraryException {
    return openIndex(embedder, options);
  }

  public synchronized StoreEmbeddingSource source(Embedder embedder) throws LibraryException {
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
                + " but its embedder "
                + m.embedder()
                + " now gives "
                + model
                + " — run `cairn reembed "
                + name
                + " --embedder "
                + (m.embedder() == null ? "onnx" : m.embedder())
                + "` to embed it again with it");
      }
      source = new StoreEmbeddingSource(store, embedder);
    }
  }

  /**
   * For the lock holder: builds a new index from {@code vectors} and swaps it in for the current
   * one (the index module builds a new generation beside the old, so a crash leaves the old one
   * openable). An empty stream leaves no index.
   */
  synchronized void build(Iterator<ChunkVector> vectors, IndexSettings options)
      throws LibraryException {
    if (source == null) {
      throw new IllegalStateException("build before the embedding source was set");
    }
    closeIndex();
    try {
      if (!vectors.hasNext()) {
        deleteRecursively(indexDir());
        return;
      }
      index = CairnIndex.build(indexDir(), options.build(), options.search(), source, vectors);
    } catch (IOException e) {
      throw Failures.index("cannot build the index of collection '" + name + "'", name, e);
    }
  }

  /**
   * For the lock holder: makes the open index hold exactly the store's chunks: embeds and inserts
   * chunks missing from it (committed in batches), deletes ids the store no longer has ({@link
   * IndexReconciler}).
   */
  synchronized void reconcile() throws LibraryException {
    if (index == null) {
      return;
    }
    IndexReconciler.reconcile(name, store, index, source);
  }

  /**
   * For the lock holder, at the end of an indexing run: merges the index's delta segment into a new
   * main graph when it has grown past its threshold (the index swaps the new generation in).
   */
  synchronized void mergeIndexDeltaIfNeeded() throws LibraryException {
    if (index == null) {
      return;
    }
    try {
      if (index.compactIfNeeded()) {
        LOG.info("collection {}: merged the index's delta segment", name);
      }
    } catch (IOException e) {
      throw Failures.index("cannot merge the index of collection '" + name + "'", name, e);
    }
  }

  /** Records the end of an indexing run in {@code collection.json}. */
  void markUpdated(String modelId, int dimensions) throws LibraryException {
    updateMeta(meta.withModel(modelId, dimensions).withLastUpdated(Instant.now()));
  }

  /** Records the embedding model as soon as the first vectors are committed (before the end). */
  synchronized void recordModel(String modelId, int dimensions) throws LibraryException {
    if (!modelId.equals(meta.embeddingModelId()) || meta.dimensions() != dimensions) {
      updateMeta(meta.withModel(modelId, dimensions));
    }
  }

  /** Closes the open index (the next read opens the last committed one again). */
  synchronized void closeIndex() {
    if (index != null) {
      try {
        index.close();
      } catch (IOException e) {
        LOG.warn("closing index of collection {} failed: {}", name, e.toString());
      }
      index = null;
    }
  }

  public static void deleteRecursively(Path p) throws IOException {
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
