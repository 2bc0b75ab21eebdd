package dev.cairn.app.library;

import dev.cairn.app.platform.NamedThreads;
import dev.cairn.chat.embed.Embedder;
import dev.cairn.chat.embed.Embedders;
import dev.cairn.chat.embed.EmbeddingException;
import dev.cairn.index.CairnIndex;
import dev.cairn.index.ChunkVector;
import dev.cairn.index.IndexOptions;
import dev.cairn.index.SearchHit;
import dev.cairn.index.SearchResult;
import dev.cairn.ingest.ChunkFilter;
import dev.cairn.ingest.ChunkRecord;
import dev.cairn.ingest.FileRecord;
import dev.cairn.ingest.LexicalHit;
import dev.cairn.ingest.Provenance;
import dev.cairn.ingest.StoreException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
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

  /** Candidates each search contributes to hybrid fusion, at least. */
  static final int HYBRID_MIN_DEPTH = 30;

  /**
   * Weight of the vector scores in hybrid fusion (convex combination of min-max normalised cosine
   * and BM25 scores). Chosen by the fusion sweep of {@code ./bench pipeline scifact}: 0.875 nDCG@10
   * against 0.849 for reciprocal rank fusion (docs/benchmarks.md).
   */
  static final double HYBRID_VECTOR_WEIGHT = 0.6;

  /** The hybrid fusion used by search and by the evaluation. */
  static List<RankFusion.Fused> hybridFusion(
      long[] vectorIds, double[] vectorScores, long[] lexicalIds, double[] lexicalScores, int k) {
    return RankFusion.convex(
        vectorIds, vectorScores, lexicalIds, lexicalScores, HYBRID_VECTOR_WEIGHT, k);
  }

  private final Path home;
  private final SettingsStore settingsStore;
  private final URI ollamaHostOverride;
  private volatile Settings settings;
  final ExecutorService answerExecutor =
      Executors.newCachedThreadPool(new NamedThreads("cairn-answer"));
  private final CollectionRegistry registry;
  private final IndexingService indexing;
  private final Object embedderLock = new Object();
  private Embedder embedder;

  /** Opens the embedder on first use (tests give a deterministic one before indexing). */
  interface EmbedderOpener {
    Embedder open() throws EmbeddingException;
  }

  volatile EmbedderOpener embedderOpener = Embedders::openDefault;
  private volatile boolean closed;
  final AnswerEngine answers;
  private final ModelDownloads downloads;

  private DefaultLibraryService(Path home, URI ollamaHostOverride) throws LibraryException {
    this.home = home.toAbsolutePath().normalize();
    this.ollamaHostOverride = ollamaHostOverride;
    this.registry = new CollectionRegistry(this.home);
    this.settingsStore = new SettingsStore(this.home);
    this.settings = settingsStore.load();
    this.indexing =
        new IndexingService(
            this.home,
            registry,
            this::embedder,
            this::indexOptions,
            () -> dev.cairn.ingest.OcrOptions.DEFAULT.withLanguages(settings().ocrLanguages()));
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
    return registry.create(name, this::isWatched);
  }

  private boolean isWatched(String collection) {
    return settings.watchedCollections().contains(collection);
  }

  /** The open collection, opening it on first use. */
  CollectionHandle handle(String name) throws LibraryException {
    ensureOpen();
    return registry.handle(name);
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

  IndexOptions indexOptions() {
    return IndexOptions.defaults().toBuilder().hotCacheMaxMb(settings.hotCacheMegabytes()).build();
  }

  /** The embedder, opened on first use and shared by all collections. */
  Embedder embedder() throws LibraryException {
    synchronized (embedderLock) {
      ensureOpen();
      if (embedder == null) {
        try {
          embedder = embedderOpener.open();
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
    long t0 = System.nanoTime();
    CollectionHandle h = handle(request.collection());
    ChunkFilter filter = toChunkFilter(request.filter());
    // Reads never build: without a complete index the search is lexical and says so.
    SearchMode mode = request.mode();
    List<String> notices = new ArrayList<>();
    QueryLimits.Bounded query =
        QueryLimits.forSearch(request.query(), mode == SearchMode.LEXICAL ? null : embedder());
    if (mode != SearchMode.LEXICAL) {
      CairnIndex index = h.openIndex(embedder(), indexOptions());
      CollectionChecks.indexNotice(h, index).ifPresent(notices::add);
      if (index == null && h.store.chunkCount() > 0) {
        mode = SearchMode.LEXICAL;
        notices.add("these results come from the keyword search only");
      }
    }
    notices.addAll(query.notices());
    List<String> terms = Snippets.terms(query.lexicalText());
    int k = request.k();
    Map<Long, String> lexicalSnippets = new HashMap<>();
    List<Scored> ranked;
    int recomputed = 0;
    int cacheHits = 0;
    switch (mode) {
      case VECTOR -> {
        SearchResult r = vectorSearch(h, query.vectorText(), k, filter);
        ranked = r.hits().stream().map(hit -> new Scored(hit.chunkId(), hit.score())).toList();
        recomputed = r.recomputed();
        cacheHits = r.cacheHits();
      }
      case LEXICAL -> {
        List<LexicalHit> hits = lexicalSearch(h, query.lexicalText(), k, filter);
        hits.forEach(hit -> lexicalSnippets.put(hit.chunkId(), hit.snippet()));
        ranked = hits.stream().map(hit -> new Scored(hit.chunkId(), hit.score())).toList();
      }
      case HYBRID -> {
        int depth = Math.max(2 * k, HYBRID_MIN_DEPTH);
        SearchResult r = vectorSearch(h, query.vectorText(), depth, filter);
        List<LexicalHit> lex = lexicalSearch(h, query.lexicalText(), depth, filter);
        lex.forEach(hit -> lexicalSnippets.put(hit.chunkId(), hit.snippet()));
        recomputed = r.recomputed();
        cacheHits = r.cacheHits();
        ranked =
            hybridFusion(
                    r.hits().stream().mapToLong(SearchHit::chunkId).toArray(),
                    r.hits().stream().mapToDouble(SearchHit::score).toArray(),
                    lex.stream().mapToLong(LexicalHit::chunkId).toArray(),
                    lex.stream().mapToDouble(LexicalHit::score).toArray(),
                    k)
                .stream()
                .map(f -> new Scored(f.chunkId(), f.score()))
                .toList();
      }
      default -> throw new IllegalStateException("unknown mode " + request.mode());
    }
    List<ResultItem> items = toItems(h, ranked, terms, lexicalSnippets);
    return new SearchResponse(
        items, recomputed, cacheHits, Duration.ofNanos(System.nanoTime() - t0), notices);
  }

  record Scored(long chunkId, double score) {}

  SearchResult vectorSearch(CollectionHandle h, String query, int k, ChunkFilter filter)
      throws LibraryException {
    Embedder e = embedder();
    CairnIndex index = h.openIndex(e, indexOptions());
    if (index == null) {
      return new SearchResult(List.of(), 0, 0, 0);
    }
    float[] q;
    try {
      q = e.embedQuery(query);
    } catch (EmbeddingException ex) {
      throw Failures.embedding("cannot embed the query", ex);
    }
    LongPredicate allowed;
    try {
      allowed = filter.isUnrestricted() ? null : h.store.allowedChunks(filter);
    } catch (StoreException ex) {
      throw Failures.io("cannot apply the filter", ex);
    }
    try {
      return index.search(q, k, allowed);
    } catch (IOException ex) {
      throw Failures.index("vector search in collection '" + h.name + "' failed", ex);
    }
  }

  List<LexicalHit> lexicalSearch(CollectionHandle h, String query, int k, ChunkFilter filter)
      throws LibraryException {
    try {
      return h.store.lexicalSearch(query, k, filter);
    } catch (StoreException ex) {
      throw Failures.io("lexical search in collection '" + h.name + "' failed", ex);
    }
  }

  private List<ResultItem> toItems(
      CollectionHandle h, List<Scored> ranked, List<String> terms, Map<Long, String> snippets)
      throws LibraryException {
    if (ranked.isEmpty()) {
      return List.of();
    }
    long[] ids = ranked.stream().mapToLong(Scored::chunkId).toArray();
    List<ChunkRecord> chunks;
    try {
      chunks = h.store.chunks(ids);
    } catch (dev.cairn.ingest.MissingChunksException ex) {
      // Some chunk was deleted between the search and this read: take the ones still there.
      chunks = new ArrayList<>();
      for (long id : ids) {
        h.store.chunk(id).ifPresent(chunks::add);
      }
    } catch (StoreException ex) {
      throw Failures.io("cannot read result chunks of collection '" + h.name + "'", ex);
    }
    Map<Long, ChunkRecord> byId = new HashMap<>();
    chunks.forEach(c -> byId.put(c.id(), c));
    List<ResultItem> items = new ArrayList<>();
    for (Scored s : ranked) {
      ChunkRecord c = byId.get(s.chunkId());
      if (c == null) {
        continue; // deleted between search and read
      }
      Provenance p = c.provenance();
      String snippet = snippets.get(s.chunkId());
      snippet =
          snippet != null
              ? snippet.replace(LexicalHit.MARK_OPEN, "").replace(LexicalHit.MARK_CLOSE, "")
              : Snippets.snippet(c.text(), terms, Snippets.DEFAULT_LENGTH);
      items.add(
          new ResultItem(
              items.size() + 1,
              s.score(),
              c.id(),
              c.text(),
              snippet,
              terms,
              p.file(),
              p.page(),
              p.title(),
              p.headingPath(),
              p.messageId(),
              p.sender(),
              p.date(),
              p.mediaType()));
    }
    return items;
  }

  static ChunkFilter toChunkFilter(SearchFilter f) {
    if (f.isEmpty()) {
      return ChunkFilter.NONE;
    }
    Set<String> types = new LinkedHashSet<>();
    if (f.fileType() != null) {
      for (String t : f.fileType().split(",")) {
        if (!t.isBlank()) {
          types.add(t.strip().toLowerCase(Locale.ROOT));
        }
      }
    }
    // SearchFilter's "to" is inclusive, ChunkFilter's exclusive.
    return new ChunkFilter(
        f.folder(), types, f.from(), f.to() == null ? null : f.to().plusNanos(1), f.sender());
  }

  // ---------------------------------------------------------------- answers, models

  @Override
  public AnswerTask ask(AnswerRequest request, AnswerListener listener) {
    String question = QueryLimits.boundQuestion(request.question());
    AnswerRequest bounded =
        question.equals(request.question())
            ? request
            : new AnswerRequest(request.collection(), question, request.modelSpec(), request.k());
    return answers.start(bounded, listener);
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
    return CollectionChecks.health(h, embedder(), indexOptions());
  }

  @Override
  public ValidationResult validate(String collection) throws LibraryException {
    CollectionHandle h = handle(collection);
    return CollectionChecks.validate(h, embedder(), indexOptions());
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
    synchronized (embedderLock) {
      if (embedder != null) {
        embedder.close();
        embedder = null;
      }
    }
  }
}
