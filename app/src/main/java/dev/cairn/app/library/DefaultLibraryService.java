package dev.cairn.app.library;

import dev.cairn.app.platform.NamedThreads;
import dev.cairn.chat.embed.Embedder;
import dev.cairn.index.ChunkVector;
import dev.cairn.index.IndexOptions;
import dev.cairn.index.IndexSettings;
import dev.cairn.index.SearchOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link LibraryService} over Cairn's home folder. See the interface for ownership and
 * threading; this class owns the executors {@code cairn-index-N}, {@code cairn-embed-N} and {@code
 * cairn-answer-N}, the embedder (opened on first need) and every opened collection.
 */
public final class DefaultLibraryService implements LibraryService {
  private static final Logger LOG = LoggerFactory.getLogger(DefaultLibraryService.class);
  static final String COLLECTIONS_DIR = CollectionRegistry.COLLECTIONS_DIR;

  private final Path home;
  private final SettingsStore settingsStore;
  private final URI ollamaHostOverride;
  private volatile Settings settings;
  final ExecutorService answerExecutor =
      Executors.newCachedThreadPool(new NamedThreads("cairn-answer", false));
  private final CollectionRegistry registry;
  private final IndexingService indexing;

  /** The embedders of the collections, one per choice (tests give deterministic ones). */
  final EmbedderCache embedders;

  private volatile boolean closed;
  final AnswerEngine answers;
  private final SearchPipeline pipeline;
  private final RecentQueries recentQueries;
  private final ModelDownloads downloads;
  private final EmbeddingModelDownloads embeddingDownloads;

  private DefaultLibraryService(Path home, URI ollamaHostOverride) throws LibraryException {
    this.home = home.toAbsolutePath().normalize();
    this.ollamaHostOverride = ollamaHostOverride;
    this.registry = new CollectionRegistry(this.home);
    this.settingsStore = new SettingsStore(this.home);
    this.settings = settingsStore.load();
    this.embedders = new EmbedderCache(this::ollamaHost);
    this.indexing =
        new IndexingService(
            this.home,
            registry,
            this::embedder,
            this::indexOptions,
            () -> dev.cairn.ingest.OcrOptions.DEFAULT.withLanguages(settings().ocrLanguages()));
    this.pipeline =
        new SearchPipeline(
            new SearchPipeline.Resources() {
              @Override
              public Embedder embedder(CollectionHandle h) throws LibraryException {
                return DefaultLibraryService.this.embedder(h);
              }

              @Override
              public IndexSettings indexOptions() {
                return DefaultLibraryService.this.indexOptions();
              }
            },
            // The bounded path's PQ calibration is not yet shown to hold for real queries (see
            // decision 0004): the product keeps the exact path until the idle SciFact run says so.
            SearchPipeline.DEFAULT_SCORING);
    this.recentQueries = new RecentQueries(this.home);
    this.answers = new AnswerEngine(this);
    this.downloads = new ModelDownloads(this.home.resolve("models"));
    this.embeddingDownloads = new EmbeddingModelDownloads(this.home.resolve("models"));
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
    return registry.collectionDir(name);
  }

  @Override
  public List<CollectionInfo> collections() throws LibraryException {
    ensureOpen();
    return registry.list(this::isWatched);
  }

  @Override
  public CollectionInfo createCollection(String name) throws LibraryException {
    ensureOpen();
    return registry.create(name, EmbedderChoice.DEFAULT, this::isWatched);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A collection that exists already with the same embedder is returned as it is (so {@code
   * cairn index --embedder X} can be run again); with another embedder it is refused, naming both.
   */
  @Override
  public CollectionInfo createCollection(String name, String embedder) throws LibraryException {
    ensureOpen();
    return registry.createOrReuse(
        name, EmbedderChoice.parse(embedder, modelsDir()), modelsDir(), this::isWatched);
  }

  @Override
  public EmbedderStatus embedder(String collection) throws LibraryException {
    return CollectionReads.embedder(handle(collection), modelsDir());
  }

  @Override
  public DocumentLanguages documentLanguages(String collection) throws LibraryException {
    return CollectionReads.documentLanguages(handle(collection), collection);
  }

  @Override
  public IndexingTask reembed(String collection, String embedder, IndexingListener listener)
      throws LibraryException {
    ensureOpen();
    return indexing.reembed(collection, EmbedderChoice.parse(embedder, modelsDir()), listener);
  }

  private boolean isWatched(String collection) {
    return settings.watchedCollections().contains(collection);
  }

  /** The open collection, opening it on first use. */
  public CollectionHandle handle(String name) throws LibraryException {
    ensureOpen();
    return registry.handle(name);
  }

  // ---------------------------------------------------------------- indexing

  @Override
  public IndexingTask index(String collection, List<Path> paths, IndexingListener listener)
      throws LibraryException {
    return startIndexing(collection, paths, listener, null);
  }

  public IndexingRun startIndexing(
      String collection, List<Path> paths, IndexingListener listener, Consumer<ChunkVector> tap)
      throws LibraryException {
    ensureOpen();
    return indexing.index(collection, paths, listener, tap);
  }

  @Override
  public IndexingTask rebuild(String collection, IndexingListener listener)
      throws LibraryException {
    ensureOpen();
    return indexing.rebuild(collection, listener);
  }

  @Override
  public IndexingTask repair(String collection, IndexingListener listener) throws LibraryException {
    ensureOpen();
    return indexing.repair(collection, listener);
  }

  public IndexSettings indexOptions() {
    return new IndexSettings(
        IndexOptions.defaults(),
        SearchOptions.defaults().toBuilder().hotCacheMaxMb(settings.hotCacheMegabytes()).build());
  }

  /** Cairn's {@code models/} folder (downloaded GGUF files and embedding model folders). */
  Path modelsDir() {
    return home.resolve("models");
  }

  /** The embedder of a choice, opened on first use and shared by the collections that use it. */
  Embedder embedder(EmbedderChoice choice) throws LibraryException {
    ensureOpen();
    return embedders.get(choice);
  }

  /** The embedder the collection's vectors come from (its recorded choice). */
  public Embedder embedder(CollectionHandle h) throws LibraryException {
    return embedder(h.meta().embedderChoice(modelsDir()));
  }

  @Override
  public DocumentText documentText(String collection, Path file) throws LibraryException {
    return DocumentTexts.read(handle(collection).store, collection, file);
  }

  @Override
  public Path fileToOpen(String collection, Path file, long chunkId) throws LibraryException {
    return MessageFiles.fileToOpen(
        handle(collection).store, home.resolve(MessageFiles.CACHE), file, chunkId);
  }

  @Override
  public List<FileEntry> files(String collection, Optional<FileState> state)
      throws LibraryException {
    return CollectionReads.files(handle(collection), collection, state);
  }

  // ---------------------------------------------------------------- search

  @Override
  public SearchResponse search(SearchRequest request) throws LibraryException {
    return search(request, null);
  }

  @Override
  public SearchResponse search(SearchRequest request, Consumer<SearchResponse> firstResults)
      throws LibraryException {
    SearchResponse response = pipeline.search(handle(request.collection()), request, firstResults);
    recentQueries.record(request, response); // what search costs, for `cairn stats`
    return response;
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
  public SearchPipeline pipeline(SearchPipeline.HybridScoring scoring) {
    return scoring == pipeline.scoring() ? pipeline : pipeline.withScoring(scoring);
  }

  // ---------------------------------------------------------------- answers, models

  @Override
  public AnswerTask ask(AnswerRequest request, AnswerListener listener) {
    return answers.ask(request, listener);
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

  @Override
  public EmbeddingModelDownloadTask downloadEmbeddingModel(
      EmbeddingModelDownload model, ModelDownloadListener listener) throws LibraryException {
    ensureOpen();
    Objects.requireNonNull(model, "model");
    return embeddingDownloads.start(model, listener);
  }

  /** The Ollama host in effect: the override given at open, else the settings'. */
  URI ollamaHost() {
    return ollamaHostOverride != null ? ollamaHostOverride : settings.ollamaHost();
  }

  // ---------------------------------------------------------------- health

  @Override
  public CollectionHealth health(String collection) throws LibraryException {
    CollectionHandle h = handle(collection);
    return CollectionChecks.health(h, () -> embedder(h), indexOptions());
  }

  @Override
  public ValidationResult validate(String collection) throws LibraryException {
    CollectionHandle h = handle(collection);
    return CollectionChecks.validate(h, embedder(h), indexOptions());
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
      indexing.startWatcher(h);
    } else {
      indexing.stopWatcher(collection);
    }
  }

  @Override
  public void startWatchers() throws LibraryException {
    for (String name : settings.watchedCollections()) {
      try {
        indexing.startWatcher(handle(name));
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
    return indexing.isWatcherRunning(collection);
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
    indexing.close();
    answers.close();
    downloads.close();
    embeddingDownloads.close();
    answerExecutor.shutdown();
    try {
      if (!answerExecutor.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("executor did not stop within 30 s; interrupting");
        answerExecutor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    registry.close();
    embedders.close();
  }
}
