package dev.cairn.app.library;

import dev.cairn.app.platform.NamedThreads;
import dev.cairn.chat.embed.Embedder;
import dev.cairn.chat.embed.Embedders;
import dev.cairn.chat.embed.EmbeddingException;
import dev.cairn.index.CairnIndex;
import dev.cairn.index.ChunkVector;
import dev.cairn.index.IndexOptions;
import dev.cairn.index.IndexStats;
import dev.cairn.ingest.FileRecord;
import dev.cairn.ingest.FolderWatcher;
import dev.cairn.ingest.StoreException;
import dev.cairn.ingest.StoreStats;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link LibraryService} over Cairn's home folder. See the interface for ownership and
 * threading; this class owns the executors {@code cairn-index-N}, {@code cairn-embed-N} and {@code
 * cairn-answer-N}, the embedder (opened on first need) and every opened collection.
 */
public final class DefaultLibraryService implements LibraryService {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultLibraryService.class);
  static final String COLLECTIONS_DIR = "collections";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final Path home;
  private final SettingsStore settingsStore;
  private final URI ollamaHostOverride;
  private volatile Settings settings;
  private final ExecutorService indexExecutor =
      Executors.newCachedThreadPool(new NamedThreads("cairn-index"));
  private final ExecutorService embedExecutor =
      Executors.newCachedThreadPool(new NamedThreads("cairn-embed"));
  final ExecutorService answerExecutor =
      Executors.newCachedThreadPool(new NamedThreads("cairn-answer", false));
  private final Map<String, CollectionHandle> open = new ConcurrentHashMap<>();
  private final Map<String, IndexingRun> running = new ConcurrentHashMap<>();
  private final Map<String, FolderWatcher> watchers = new ConcurrentHashMap<>();
  private final Map<String, Set<Path>> pendingChanges = new ConcurrentHashMap<>();
  static final Duration WATCH_DEBOUNCE = Duration.ofSeconds(2);
  private final Object embedderLock = new Object();
  private Embedder embedder;
  private volatile boolean closed;
  final AnswerEngine answers;
  private final SearchPipeline pipeline;
  private final ModelDownloads downloads;

  private DefaultLibraryService(Path home, URI ollamaHostOverride) throws LibraryException {
    this.home = home.toAbsolutePath().normalize();
    this.ollamaHostOverride = ollamaHostOverride;
    try {
      Files.createDirectories(this.home.resolve(COLLECTIONS_DIR));
    } catch (IOException e) {
      throw Failures.io("cannot create Cairn's home folder " + this.home, e);
    }
    this.settingsStore = new SettingsStore(this.home);
    this.settings = settingsStore.load();
    this.pipeline =
        new SearchPipeline(
            new SearchPipeline.Resources() {
              @Override
              public Embedder embedder() throws LibraryException {
                return DefaultLibraryService.this.embedder();
              }

              @Override
              public IndexOptions indexOptions() {
                return DefaultLibraryService.this.indexOptions();
              }
            },
            SearchPipeline.HybridScoring.BOUNDED);
    this.answers = new AnswerEngine(this);
    this.downloads = new ModelDownloads(this.home.resolve("models"));
  }

  /** Opens the service over {@code home}, creating the folder if needed. */
  public static DefaultLibraryService open(Path home) throws LibraryException {
    return new DefaultLibraryService(home, null);
  }

  /**
   * Opens the service over {@code home}, talking to {@code ollamaHost} instead of the host in the
   * settings (for this session only; nothing is persisted).
   */
  public static DefaultLibraryService open(Path home, URI ollamaHost) throws LibraryException {
    if (ollamaHost != null) {
      // Validate the same way settings do.
      Settings.defaults().withOllamaHost(ollamaHost);
    }
    return new DefaultLibraryService(home, ollamaHost);
  }

  @Override
  public Path home() {
    return home;
  }

  // ---------------------------------------------------------------- collections

  Path collectionDir(String name) {
    return home.resolve(COLLECTIONS_DIR).resolve(name);
  }

  static void checkName(String name) throws LibraryException {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new LibraryException(
          LibraryException.Kind.INVALID_REQUEST,
          "invalid collection name '"
              + name
              + "': use 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
  }

  @Override
  public List<CollectionInfo> collections() throws LibraryException {
    ensureOpen();
    List<CollectionInfo> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(home.resolve(COLLECTIONS_DIR))) {
      for (Path d : dirs.sorted().toList()) {
        if (Files.isRegularFile(d.resolve(CollectionMeta.FILE_NAME))) {
          out.add(info(handle(d.getFileName().toString())));
        }
      }
    } catch (IOException e) {
      throw Failures.io("cannot list collections in " + home, e);
    }
    return out;
  }

  @Override
  public CollectionInfo createCollection(String name) throws LibraryException {
    ensureOpen();
    checkName(name);
    synchronized (open) {
      Path dir = collectionDir(name);
      if (Files.exists(dir.resolve(CollectionMeta.FILE_NAME))) {
        throw new LibraryException(
            LibraryException.Kind.ALREADY_EXISTS, "collection '" + name + "' already exists");
      }
      CollectionMeta.fresh(name).write(dir);
      return info(handle(name));
    }
  }

  /** The open collection, opening it on first use. */
  CollectionHandle handle(String name) throws LibraryException {
    ensureOpen();
    checkName(name);
    synchronized (open) {
      CollectionHandle h = open.get(name);
      if (h != null) {
        return h;
      }
      Path dir = collectionDir(name);
      if (!Files.isRegularFile(dir.resolve(CollectionMeta.FILE_NAME))) {
        throw new LibraryException(
            LibraryException.Kind.NOT_FOUND,
            "no collection named '"
                + name
                + "' in "
                + home
                + " — index some files into it first (cairn index PATH --collection "
                + name
                + ")");
      }
      h = CollectionHandle.open(name, dir);
      open.put(name, h);
      return h;
    }
  }

  private CollectionHandle handleOrCreate(String name) throws LibraryException {
    checkName(name);
    synchronized (open) {
      if (!Files.isRegularFile(collectionDir(name).resolve(CollectionMeta.FILE_NAME))) {
        CollectionMeta.fresh(name).write(collectionDir(name));
      }
      return handle(name);
    }
  }

  private CollectionInfo info(CollectionHandle h) throws LibraryException {
    StoreStats s = storeStats(h);
    CollectionMeta m = h.meta();
    return new CollectionInfo(
        h.name,
        m.folderPaths(),
        m.embeddingModelId(),
        s.files(),
        s.chunks(),
        m.lastUpdatedInstant(),
        settings.watchedCollections().contains(h.name));
  }

  private static StoreStats storeStats(CollectionHandle h) throws LibraryException {
    try {
      return h.store.stats();
    } catch (StoreException e) {
      throw Failures.io("cannot read the document store of collection '" + h.name + "'", e);
    }
  }

  // ---------------------------------------------------------------- indexing

  @Override
  public IndexingTask index(String collection, List<Path> paths, IndexingListener listener)
      throws LibraryException {
    return startIndexing(collection, paths, listener, null);
  }

  IndexingRun startIndexing(
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
    CollectionHandle h = handleOrCreate(collection);
    return launch(h, roots, true, listener, tap);
  }

  private IndexingRun launch(
      CollectionHandle h,
      List<Path> roots,
      boolean addFolders,
      IndexingListener listener,
      Consumer<ChunkVector> tap)
      throws LibraryException {
    IndexingRun run = new IndexingRun(this, h, roots, addFolders, listener, indexOptions(), tap);
    if (running.putIfAbsent(h.name, run) != null) {
      throw new LibraryException(
          LibraryException.Kind.BUSY,
          "collection '" + h.name + "' is already being indexed — wait for it or cancel it");
    }
    run.start(
        indexExecutor,
        embedExecutor,
        () -> {
          running.remove(h.name, run);
          drainPendingChanges(h.name);
        });
    return run;
  }

  @Override
  public IndexingTask rebuild(String collection, IndexingListener listener)
      throws LibraryException {
    ensureOpen();
    CollectionHandle h = handle(collection);
    if (running.containsKey(collection)) {
      throw new LibraryException(
          LibraryException.Kind.BUSY,
          "collection '" + collection + "' is being indexed — wait for it or cancel it");
    }
    List<Path> folders = h.meta().folderPaths().stream().filter(Files::exists).toList();
    if (folders.isEmpty()) {
      throw new LibraryException(
          LibraryException.Kind.INVALID_REQUEST,
          "collection '" + collection + "' has no existing folders to rebuild from");
    }
    CollectionMeta meta = h.meta();
    synchronized (open) {
      open.remove(collection);
      h.close();
      try {
        CollectionHandle.deleteRecursively(h.indexDir());
        Files.deleteIfExists(h.dir.resolve(CollectionHandle.STORE_FILE));
        Files.deleteIfExists(h.dir.resolve(CollectionHandle.STORE_FILE + "-wal"));
        Files.deleteIfExists(h.dir.resolve(CollectionHandle.STORE_FILE + "-shm"));
      } catch (IOException e) {
        throw Failures.io("cannot remove the old files of collection '" + collection + "'", e);
      }
      new CollectionMeta(
              CollectionMeta.FORMAT_VERSION,
              collection,
              meta.folders(),
              null,
              0,
              meta.created(),
              meta.lastUpdated())
          .write(h.dir);
    }
    return launch(handle(collection), folders, true, listener, null);
  }

  IndexOptions indexOptions() {
    return IndexOptions.defaults().toBuilder().hotCacheMaxMb(settings.hotCacheMegabytes()).build();
  }

  /** The embedder, opened on first use and shared by all collections. */
  Embedder embedder() throws LibraryException {
    synchronized (embedderLock) {
      ensureOpen();
      if (embedder == null) {
        try {
          embedder = Embedders.openDefault();
        } catch (EmbeddingException e) {
          throw new LibraryException(
              LibraryException.Kind.MODEL_UNAVAILABLE,
              "cannot load the embedding model: " + Failures.message(e),
              e);
        }
      }
      return embedder;
    }
  }

  @Override
  public List<FileEntry> files(String collection, Optional<FileState> state)
      throws LibraryException {
    CollectionHandle h = handle(collection);
    Optional<dev.cairn.ingest.FileState> s =
        state.map(st -> dev.cairn.ingest.FileState.valueOf(st.name()));
    try {
      return h.store.files(s).stream().map(DefaultLibraryService::toEntry).toList();
    } catch (StoreException e) {
      throw Failures.io("cannot list the files of collection '" + collection + "'", e);
    }
  }

  static FileEntry toEntry(FileRecord r) {
    return new FileEntry(
        r.path(),
        FileState.valueOf(r.state().name()),
        r.reason(),
        r.size(),
        r.modified(),
        r.chunks());
  }

  // ---------------------------------------------------------------- search

  @Override
  public SearchResponse search(SearchRequest request) throws LibraryException {
    return search(request, null);
  }

  @Override
  public SearchResponse search(SearchRequest request, Consumer<SearchResponse> firstResults)
      throws LibraryException {
    return pipeline.search(handle(request.collection()), request, firstResults);
  }

  @Override
  public void warmUp(String collection) throws LibraryException {
    pipeline.warmUp(handle(collection));
  }

  /** The one search path (also used by answers and the evaluation). */
  SearchPipeline pipeline() {
    return pipeline;
  }

  /** The same search path with another hybrid scoring (the evaluation compares them). */
  SearchPipeline pipeline(SearchPipeline.HybridScoring scoring) {
    return scoring == pipeline.scoring() ? pipeline : pipeline.withScoring(scoring);
  }

  // ---------------------------------------------------------------- answers, models

  @Override
  public AnswerTask ask(AnswerRequest request, AnswerListener listener) {
    return answers.start(request, listener);
  }

  @Override
  public ModelsReport models() {
    return new ModelCatalog(this).report();
  }

  @Override
  public List<ModelDownload> recommendedDownloads() {
    return ModelDownload.recommendedChat();
  }

  @Override
  public ModelDownloadTask downloadModel(ModelDownload model, ModelDownloadListener listener)
      throws LibraryException {
    ensureOpen();
    Objects.requireNonNull(model, "model");
    return downloads.start(model, listener);
  }

  /** The Ollama host in effect: the override given at open, else the settings'. */
  URI ollamaHost() {
    return ollamaHostOverride != null ? ollamaHostOverride : settings.ollamaHost();
  }

  // ---------------------------------------------------------------- health

  @Override
  public CollectionHealth health(String collection) throws LibraryException {
    CollectionHandle h = handle(collection);
    StoreStats s = storeStats(h);
    CollectionMeta m = h.meta();
    long indexBytes = 0;
    long flatBytes = 0;
    double hitRate = 0;
    long chunks = s.chunks();
    CairnIndex index = h.openIndexOrNull();
    if (index == null && h.hasIndex()) {
      index = h.index(embedder(), indexOptions());
    }
    if (index != null) {
      IndexStats st;
      try {
        st = index.stats();
      } catch (IOException e) {
        throw Failures.index("cannot read the index of collection '" + collection + "'", e);
      }
      indexBytes = st.totalBytes();
      flatBytes = st.flatEquivalentBytes();
      hitRate = st.cacheHitRate();
      chunks = st.size();
    }
    return new CollectionHealth(
        collection,
        indexBytes,
        flatBytes,
        flatBytes == 0 ? 0 : (double) indexBytes / flatBytes,
        s.databaseBytes(),
        chunks,
        s.files(),
        m.dimensions(),
        m.embeddingModelId(),
        hitRate,
        m.lastUpdatedInstant());
  }

  @Override
  public ValidationResult validate(String collection) throws LibraryException {
    CollectionHandle h = handle(collection);
    List<String> problems = new ArrayList<>();
    long storeChunks = h.store.chunkCount();
    if (!h.hasIndex() && storeChunks == 0) {
      return new ValidationResult(true, problems);
    }
    CairnIndex index;
    try {
      // Opening reconciles the index with the store (and builds it if a crash lost it).
      index = h.index(embedder(), indexOptions());
    } catch (LibraryException e) {
      problems.add(e.getMessage());
      return new ValidationResult(false, problems);
    }
    if (index == null) {
      problems.add(
          "the document store has "
              + storeChunks
              + " chunks but there is no index — run cairn index again or rebuild");
      return new ValidationResult(false, problems);
    }
    try {
      problems.addAll(index.validate().problems());
    } catch (IOException e) {
      problems.add(Failures.index("cannot read the index", e).getMessage());
    }
    long[] storeIds = h.store.allChunkIds();
    long[] indexIds = index.chunkIds();
    Arrays.sort(storeIds);
    long[] sortedIndex = indexIds.clone();
    Arrays.sort(sortedIndex);
    if (!Arrays.equals(storeIds, sortedIndex)) {
      problems.add(
          "the index holds "
              + sortedIndex.length
              + " chunks but the document store "
              + storeIds.length
              + " — rebuild the collection");
    }
    return new ValidationResult(problems.isEmpty(), problems);
  }

  // ---------------------------------------------------------------- settings

  @Override
  public void setWatching(String collection, boolean watch) throws LibraryException {
    CollectionHandle h = handle(collection);
    synchronized (settingsStore) {
      List<String> watched = new ArrayList<>(settings.watchedCollections());
      watched.remove(collection);
      if (watch) {
        watched.add(collection);
      }
      updateSettings(settings.withWatchedCollections(watched));
    }
    if (watch) {
      startWatcher(h);
    } else {
      FolderWatcher w = watchers.remove(collection);
      if (w != null) {
        w.close();
      }
    }
  }

  @Override
  public void startWatchers() throws LibraryException {
    for (String name : settings.watchedCollections()) {
      try {
        startWatcher(handle(name));
      } catch (LibraryException e) {
        if (e.kind() != LibraryException.Kind.NOT_FOUND) {
          throw e;
        }
        LOG.warn("watched collection {} no longer exists", name);
      }
    }
  }

  /** Whether the collection's folders are being watched by this service now. */
  boolean isWatcherRunning(String collection) {
    return watchers.containsKey(collection);
  }

  private void startWatcher(CollectionHandle h) throws LibraryException {
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
      launch(handle(collection), List.copyOf(pending), false, IndexingListener.NONE, null);
    } catch (LibraryException e) {
      if (e.kind() == LibraryException.Kind.BUSY) {
        pendingChanges
            .computeIfAbsent(collection, c -> ConcurrentHashMap.newKeySet())
            .addAll(pending);
      } else {
        LOG.warn("re-indexing changes of collection {} failed: {}", collection, e.getMessage());
      }
    }
  }

  @Override
  public Settings settings() {
    return settings;
  }

  @Override
  public void updateSettings(Settings updated) throws LibraryException {
    synchronized (settingsStore) {
      settingsStore.save(updated);
      settings = updated;
    }
  }

  // ---------------------------------------------------------------- closing

  private void ensureOpen() throws LibraryException {
    if (closed) {
      throw new LibraryException(LibraryException.Kind.IO, "the library service is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    watchers.values().forEach(FolderWatcher::close);
    watchers.clear();
    running.values().forEach(IndexingRun::cancel);
    answers.close();
    downloads.close();
    for (ExecutorService ex : List.of(indexExecutor, embedExecutor, answerExecutor)) {
      ex.shutdown();
    }
    try {
      for (ExecutorService ex : List.of(indexExecutor, embedExecutor, answerExecutor)) {
        if (!ex.awaitTermination(30, TimeUnit.SECONDS)) {
          LOG.warn("executor did not stop within 30 s; interrupting");
          ex.shutdownNow();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (open) {
      open.values().forEach(CollectionHandle::close);
      open.clear();
    }
    synchronized (embedderLock) {
      if (embedder != null) {
        embedder.close();
        embedder = null;
      }
    }
  }
}
