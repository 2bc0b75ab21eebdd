package dev.cairn.app.library;

import dev.cairn.app.platform.NamedThreads;
import dev.cairn.chat.embed.Embedder;
import dev.cairn.index.ChunkVector;
import dev.cairn.index.IndexSettings;
import dev.cairn.ingest.FolderWatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writing side of the library: indexing runs, rebuilds and repairs of collections, and the
 * folder watchers that start runs when files change. Every writer takes the collection's {@link
 * CollectionLock} before it starts (a second writer, in this process or another, is refused at
 * once) and releases it when it ends.
 *
 * <p>Thread-safe. Owns the executors {@code cairn-index-N}, {@code cairn-embed-N} and {@code
 * cairn-watch-N}, the watchers and the running tasks; {@link #close()} cancels and stops them.
 */
final class IndexingService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IndexingService.class);
  static final Duration WATCH_DEBOUNCE = Duration.ofSeconds(2);

  /** How long the watcher waits before retrying changes another process kept it from indexing. */
  static final Duration BUSY_RETRY = Duration.ofSeconds(30);

  /** Opens (once) and returns the embedder of a choice, shared by the collections using it. */
  @FunctionalInterface
  interface EmbedderProvider {
    Embedder get(EmbedderChoice choice) throws LibraryException;
  }

  private final Path home;
  private final CollectionRegistry registry;
  private final EmbedderProvider embedders;
  private final Supplier<IndexSettings> indexOptions;
  private final Supplier<dev.cairn.ingest.OcrOptions> ocr;
  private final ExecutorService indexExecutor =
      Executors.newCachedThreadPool(new NamedThreads("cairn-index"));
  private final ExecutorService embedExecutor =
      Executors.newCachedThreadPool(new NamedThreads("cairn-embed"));
  private final ScheduledExecutorService watchRetry =
      Executors.newSingleThreadScheduledExecutor(new NamedThreads("cairn-watch"));
  private final Map<String, IndexingRun> running = new ConcurrentHashMap<>();
  private final Map<String, FolderWatcher> watchers = new ConcurrentHashMap<>();
  private final Map<String, Set<Path>> pendingChanges = new ConcurrentHashMap<>();
  private volatile boolean closed;

  IndexingService(
      Path home,
      CollectionRegistry registry,
      EmbedderProvider embedders,
      Supplier<IndexSettings> indexOptions,
      Supplier<dev.cairn.ingest.OcrOptions> ocr) {
    this.ocr = ocr;
    this.home = home;
    this.registry = registry;
    this.embedders = embedders;
    this.indexOptions = indexOptions;
  }

  /** Adds {@code paths} to the collection (creating it if needed) and indexes them. */
  IndexingRun index(
      String collection, List<Path> paths, IndexingListener listener, Consumer<ChunkVector> tap)
      throws LibraryException {
    ensureOpen();
    if (paths == null || paths.isEmpty()) {
      throw new LibraryException(
          LibraryException.Kind.INVALID_REQUEST, "no files or folders given to index");
    }
    List<Path> roots = new ArrayList<>();
    for (Path p : paths) {
      Path abs = p.toAbsolutePath().normalize();
      if (!Files.exists(abs)) {
        throw new LibraryException(
            LibraryException.Kind.INVALID_REQUEST, "no such file or folder: " + abs);
      }
      roots.add(abs);
    }
    CollectionRegistry.checkName(collection);
    CollectionHandle h = registry.handleOrCreate(collection);
    return launch(h, IndexingRun.Mode.INDEX, roots, true, listener, tap);
  }

  /**
   * Re-creates the collection's index from its document store (no file is read again): every chunk
   * is embedded into the durable spool — resuming what an interrupted build or rebuild left there —
   * and the new index swapped in for the old one at the end.
   */
  IndexingRun rebuild(String collection, IndexingListener listener) throws LibraryException {
    ensureOpen();
    CollectionHandle h = registry.handle(collection);
    return launch(h, IndexingRun.Mode.REBUILD, List.of(), false, listener, null);
  }

  /** Moves the collection to another embedder (see {@link LibraryService#reembed}). */
  IndexingRun reembed(String collection, EmbedderChoice target, IndexingListener listener)
      throws LibraryException {
    ensureOpen();
    CollectionHandle h = registry.handle(collection);
    return launch(h, IndexingRun.Mode.REEMBED, List.of(), false, listener, null, target);
  }

  /**
   * Repairs what is safe to repair: a missing, unfinished or damaged index is re-created from the
   * document store (durably, resuming), an index that lacks chunks or holds stale ones is brought
   * up to date.
   */
  IndexingRun repair(String collection, IndexingListener listener) throws LibraryException {
    ensureOpen();
    CollectionHandle h;
    try {
      h = registry.handle(collection);
    } catch (LibraryException e) {
      if (e.kind() != LibraryException.Kind.CORRUPT
          || !(e.getCause() instanceof dev.cairn.ingest.StoreException se)
          || !CollectionHandle.isDamage(se)) {
        throw e;
      }
      return rereadDamagedStore(collection, listener);
    }
    return launch(h, IndexingRun.Mode.REPAIR, List.of(), false, listener, null);
  }

  /** A damaged document store is set aside and the collection's folders are read again. */
  private IndexingRun rereadDamagedStore(String collection, IndexingListener listener)
      throws LibraryException {
    Path dir = registry.collectionDir(collection);
    if (CollectionLock.holder(dir).isPresent()) {
      throw new CollectionBusyException(collection, CollectionLock.holder(dir));
    }
    CollectionMeta meta = CollectionMeta.read(dir);
    Path aside;
    try {
      aside = CollectionHandle.setDamagedStoreAside(dir);
    } catch (java.io.IOException e) {
      throw Failures.io("cannot set the damaged document store of '" + collection + "' aside", e);
    }
    List<Path> roots = meta.folders().stream().map(Path::of).filter(Files::exists).toList();
    if (listener != null) {
      listener.notice(
          "the damaged document store was moved to "
              + aside
              + "; reading the collection's "
              + roots.size()
              + " folders again");
    }
    meta.withModel(null, 0).write(dir);
    CollectionHandle h = registry.handle(collection);
    return launch(h, IndexingRun.Mode.INDEX, roots, false, listener, null);
  }

  private IndexingRun launch(
      CollectionHandle h,
      IndexingRun.Mode mode,
      List<Path> roots,
      boolean addFolders,
      IndexingListener listener,
      Consumer<ChunkVector> tap)
      throws LibraryException {
    return launch(h, mode, roots, addFolders, listener, tap, null);
  }

  private IndexingRun launch(
      CollectionHandle h,
      IndexingRun.Mode mode,
      List<Path> roots,
      boolean addFolders,
      IndexingListener listener,
      Consumer<ChunkVector> tap,
      EmbedderChoice reembedTarget)
      throws LibraryException {
    CollectionLock lock =
        CollectionLock.acquire(
            h.name,
            h.dir,
            switch (mode) {
              case INDEX -> CollectionLock.Activity.INDEXING;
              case REBUILD -> CollectionLock.Activity.REBUILDING;
              case REPAIR -> CollectionLock.Activity.REPAIRING;
              case REEMBED -> CollectionLock.Activity.REEMBEDDING;
            });
    IndexingRun run;
    try {
      run =
          new IndexingRun(
              embedders,
              home,
              h,
              mode,
              roots,
              addFolders,
              listener,
              indexOptions.get(),
              ocr.get(),
              tap);
      run.reembedTo(reembedTarget);
      if (running.putIfAbsent(h.name, run) != null) {
        throw new CollectionBusyException(h.name, java.util.Optional.of(lock.holderInfo()));
      }
    } catch (LibraryException | RuntimeException e) {
      lock.close();
      throw e;
    }
    run.start(
        indexExecutor,
        embedExecutor,
        () -> {
          running.remove(h.name, run);
          lock.close();
          drainPendingChanges(h.name);
        });
    return run;
  }

  /** Whether a task of this process is writing the collection now. */
  boolean isRunning(String collection) {
    return running.containsKey(collection);
  }

  // ---------------------------------------------------------------- watching

  void startWatcher(CollectionHandle h) throws LibraryException {
    ensureOpen();
    List<Path> folders = h.meta().folderPaths().stream().filter(Files::isDirectory).toList();
    if (folders.isEmpty() || watchers.containsKey(h.name)) {
      return;
    }
    try {
      FolderWatcher w =
          new FolderWatcher(folders, WATCH_DEBOUNCE, changed -> onFolderChange(h.name, changed));
      if (watchers.putIfAbsent(h.name, w) != null) {
        w.close();
      }
    } catch (IOException e) {
      throw Failures.io("cannot watch the folders of collection '" + h.name + "'", e);
    }
  }

  void stopWatcher(String collection) {
    FolderWatcher w = watchers.remove(collection);
    if (w != null) {
      w.close();
    }
  }

  boolean isWatcherRunning(String collection) {
    return watchers.containsKey(collection);
  }

  /** Called on the watcher's thread: queue the paths and index them when the collection is idle. */
  private void onFolderChange(String collection, Set<Path> changed) {
    pendingChanges.computeIfAbsent(collection, c -> ConcurrentHashMap.newKeySet()).addAll(changed);
    drainPendingChanges(collection);
  }

  private void drainPendingChanges(String collection) {
    if (closed || running.containsKey(collection)) {
      return; // the running task's end drains again
    }
    Set<Path> pending = pendingChanges.remove(collection);
    if (pending == null || pending.isEmpty()) {
      return;
    }
    try {
      LOG.info("collection {}: re-indexing {} changed paths", collection, pending.size());
      launch(
          registry.handle(collection),
          IndexingRun.Mode.INDEX,
          List.copyOf(pending),
          false,
          IndexingListener.NONE,
          null);
    } catch (LibraryException e) {
      if (e.kind() == LibraryException.Kind.BUSY) {
        pendingChanges
            .computeIfAbsent(collection, c -> ConcurrentHashMap.newKeySet())
            .addAll(pending);
        if (e instanceof CollectionBusyException b && b.heldByAnotherProcess() && !closed) {
          // No run of ours will end and drain: try again later.
          LOG.info("collection {}: {}; retrying in {}", collection, e.getMessage(), BUSY_RETRY);
          watchRetry.schedule(
              () -> drainPendingChanges(collection), BUSY_RETRY.toSeconds(), TimeUnit.SECONDS);
        }
      } else {
        LOG.warn("re-indexing changes of collection {} failed: {}", collection, e.getMessage());
      }
    }
  }

  private void ensureOpen() throws LibraryException {
    if (closed) {
      throw new LibraryException(LibraryException.Kind.IO, "the library service is closed");
    }
  }

  /** Stops the watchers, cancels running tasks and waits (up to 30 s per executor) for them. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    watchers.values().forEach(FolderWatcher::close);
    watchers.clear();
    running.values().forEach(IndexingRun::cancel);
    watchRetry.shutdownNow();
    for (ExecutorService ex : List.of(indexExecutor, embedExecutor)) {
      ex.shutdown();
    }
    try {
      for (ExecutorService ex : List.of(indexExecutor, embedExecutor)) {
        if (!ex.awaitTermination(30, TimeUnit.SECONDS)) {
          LOG.warn("executor did not stop within 30 s; interrupting");
          ex.shutdownNow();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
