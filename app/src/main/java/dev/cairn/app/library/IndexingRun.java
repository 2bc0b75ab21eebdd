package dev.cairn.app.library;

import dev.cairn.chat.embed.Embedder;
import dev.cairn.index.CairnIndex;
import dev.cairn.index.ChunkVector;
import dev.cairn.index.CorruptIndexException;
import dev.cairn.index.IndexSettings;
import dev.cairn.ingest.CancellationToken;
import dev.cairn.ingest.ChunkRecord;
import dev.cairn.ingest.IngestListener;
import dev.cairn.ingest.IngestOptions;
import dev.cairn.ingest.IngestSummary;
import dev.cairn.ingest.Ingestor;
import dev.cairn.ingest.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One indexing run of a collection: ingestion (extraction, chunking, store commits) on a {@code
 * cairn-index} thread overlapped with batched embedding and index writes on a {@code cairn-embed}
 * thread, joined by a bounded queue so that ingestion waits when embedding — the unavoidable cost —
 * falls behind.
 *
 * <p>A fresh collection's index is built once from all vectors at the end; an existing index gets
 * incremental inserts and deletes. After the run the index is reconciled with the store, so a crash
 * or cancel never leaves them inconsistent for long (the next open reconciles too).
 */
public final class IndexingRun implements IndexingTask {
  private static final Logger LOG = LoggerFactory.getLogger(IndexingRun.class);
  public static final int EMBED_BATCH = 32;

  /**
   * Chunks inserted into an existing index per index write: each write rewrites the index file, so
   * large additions are written in a few steps rather than once per embedding batch.
   */
  static final int INSERT_BATCH = 512;

  private static final long PROGRESS_INTERVAL_NANOS = 250_000_000L;

  /** Work for the embedding thread, in store-commit order. */
  private sealed interface Work permits Added, Removed, End {}

  private record Added(List<ChunkRecord> chunks) implements Work {}

  private record Removed(long[] ids) implements Work {}

  private record End() implements Work {}

  /** What a run does: index files (ingest, then embed) or re-create the index from the store. */
  enum Mode {
    INDEX,
    REBUILD,
    REPAIR,
    /** Re-embed every stored chunk with another embedder (see {@link Reembedding}). */
    REEMBED
  }

  /** The embedder a REEMBED run moves to (set before {@link #start}). */
  private volatile EmbedderChoice reembedTarget;

  private final IndexingService.EmbedderProvider embedders;
  private final Path home;
  private final CollectionHandle handle;
  private final Mode mode;
  private final List<Path> roots;
  private final boolean addFolders;
  private final IndexingListener listener;
  private final IndexSettings indexOptions;
  private final dev.cairn.ingest.OcrOptions ocr;
  private final Consumer<ChunkVector> vectorTap;
  private final CancellationToken token = new CancellationToken();
  private final CompletableFuture<IndexingSummary> result = new CompletableFuture<>();
  private final BlockingQueue<Work> queue = new ArrayBlockingQueue<>(64);
  private final Object pauseLock = new Object();
  private volatile boolean paused;
  private volatile boolean cancelled;
  private volatile Exception workerFailure;

  private final AtomicInteger filesSeen = new AtomicInteger();
  private final AtomicInteger filesDone = new AtomicInteger();
  private final AtomicInteger filesFailed = new AtomicInteger();
  private final AtomicLong chunks = new AtomicLong();
  private final AtomicLong chunksEmbedded = new AtomicLong();
  private volatile String currentFile;
  private volatile String container;
  private volatile IndexingProgress.Phase phase = IndexingProgress.Phase.SCANNING;
  private volatile long startNanos;
  private volatile long firstEmbedNanos;
  private long lastProgressNanos;
  private volatile long baseChunks;

  IndexingRun(
      IndexingService.EmbedderProvider embedders,
      Path home,
      CollectionHandle handle,
      Mode mode,
      List<Path> roots,
      boolean addFolders,
      IndexingListener listener,
      IndexSettings indexOptions,
      dev.cairn.ingest.OcrOptions ocr,
      Consumer<ChunkVector> vectorTap) {
    this.ocr = ocr;
    this.embedders = embedders;
    this.home = home;
    this.handle = handle;
    this.mode = mode;
    this.roots = List.copyOf(roots);
    this.addFolders = addFolders;
    this.listener = listener == null ? IndexingListener.NONE : listener;
    this.indexOptions = indexOptions;
    this.vectorTap = vectorTap;
  }

  /**
   * Starts the run on {@code indexExecutor}; the embedding worker goes to {@code embedExecutor}.
   */
  void start(ExecutorService indexExecutor, ExecutorService embedExecutor, Runnable onEnd) {
    indexExecutor.execute(
        () -> {
          IndexingSummary summary = null;
          LibraryException failure = null;
          try {
            summary = run(embedExecutor);
          } catch (LibraryException e) {
            failure = e;
          } catch (RuntimeException | Error e) {
            LOG.error("indexing of collection {} failed", handle.name, e);
            failure =
                new LibraryException(
                    LibraryException.Kind.IO,
                    "indexing collection '" + handle.name + "' failed: " + Failures.message(e),
                    e);
          } finally {
            // Free the collection before anyone waiting on the result can try the next run.
            onEnd.run();
          }
          if (failure != null) {
            phase = IndexingProgress.Phase.FAILED;
            LibraryException f = failure;
            safely(() -> listener.failed(f));
            result.completeExceptionally(failure);
          } else {
            IndexingSummary s = summary;
            safely(() -> listener.finished(s));
            result.complete(summary);
          }
        });
  }

  private IndexingSummary run(ExecutorService embedExecutor) throws LibraryException {
    startNanos = System.nanoTime();
    Path models = home.resolve("models");
    EmbedderChoice pending = handle.meta().pendingChoice(models);
    if (mode == Mode.REEMBED || (mode != Mode.INDEX && pending != null)) {
      // A rebuild or repair first finishes the re-embed a crash or a quit interrupted.
      EmbedderChoice target = mode == Mode.REEMBED ? reembedTarget : pending;
      new Reembedding(this, handle, embedders, models).run(target, indexOptions);
      return summary(null);
    }
    Embedder embedder = embedders.get(handle.meta().embedderChoice(models));
    if (mode != Mode.INDEX) {
      return rebuildOrRepair(embedder);
    }
    StoreEmbeddingSource source = handle.source(embedder);
    // A first build or rebuild that a crash interrupted (its spool is there) is resumed: its
    // vectors go on into the spool and a new index is built at the end.
    CairnIndex existing =
        handle.hasUnfinishedBuild() ? null : handle.indexForWriting(embedder, indexOptions);
    if (addFolders) {
      handle.updateMeta(handle.meta().withFolders(roots));
    }
    FirstBuild first = existing == null ? FirstBuild.start(handle, source, this) : null;
    EmbedWorker worker = new EmbedWorker(source, existing, first);
    Future<?> workerDone = embedExecutor.submit(worker);
    if (existing != null) {
      catchUp(existing);
    }
    IngestSummary ingest;
    IngestOptions options =
        IngestOptions.builder()
            .tokenCounter(embedder::countTokens)
            .chunkTokens(chunkTokens(embedder))
            .excludeDirectory(home)
            .ocr(ocr)
            .build();
    phase = IndexingProgress.Phase.EXTRACTING;
    try (Ingestor ingestor = new Ingestor(handle.store, options)) {
      ingest = ingestor.ingest(roots, new Listener(), token);
    } catch (StoreException e) {
      worker.abort();
      throw Failures.io("indexing collection '" + handle.name + "' failed", e);
    } catch (RuntimeException e) {
      worker.abort();
      throw e;
    } finally {
      putQuietly(new End());
    }
    phase = IndexingProgress.Phase.EMBEDDING;
    emitProgress(true);
    try {
      workerDone.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LibraryException(LibraryException.Kind.CANCELLED, "indexing was interrupted", e);
    } catch (ExecutionException e) {
      throw Failures.embedding(
          "embedding chunks of collection '" + handle.name + "' failed",
          e.getCause() instanceof Exception ex ? ex : e);
    }
    if (workerFailure != null) {
      throw Failures.embedding(
          "embedding chunks of collection '" + handle.name + "' failed", workerFailure);
    }
    if (first != null) {
      first.finish(indexOptions, true);
    } else if (!cancelled) {
      handle.reconcile();
      handle.mergeIndexDeltaIfNeeded();
    }
    if (!cancelled || handle.hasIndex()) {
      handle.markUpdated(embedder.info().modelId(), embedder.info().dimensions());
    }
    return summary(ingest);
  }

  /**
   * Re-creates the index from the document store alone (see {@link IndexingService#rebuild}), or
   * repairs what is safe: a missing, unfinished or damaged index is re-created, an index that only
   * lacks chunks or holds stale ones is brought up to date.
   */
  private IndexingSummary rebuildOrRepair(Embedder embedder) throws LibraryException {
    String model = embedder.info().modelId();
    CollectionMeta meta = handle.meta();
    if (meta.embeddingModelId() != null && !meta.embeddingModelId().equals(model)) {
      // Vectors of another model are of no use: the new index replaces them all.
      notice(
          "re-embedding with "
              + model
              + " (the collection was indexed with "
              + meta.embeddingModelId()
              + ")");
      handle.closeIndex();
      handle.updateMeta(meta.withModel(null, 0));
    }
    StoreEmbeddingSource source = handle.source(embedder);
    boolean recreate = mode == Mode.REBUILD || !handle.hasIndex() || handle.hasUnfinishedBuild();
    if (!recreate) {
      recreate = !salvageDelta();
    }
    if (!recreate) {
      try {
        CairnIndex index = handle.openIndex(embedder, indexOptions);
        recreate = !index.validate().ok();
      } catch (LibraryException e) {
        if (e.kind() != LibraryException.Kind.CORRUPT) {
          throw e;
        }
        recreate = true;
      } catch (IOException e) {
        recreate = true;
      }
    }
    if (mode == Mode.REPAIR && !handle.store.checkLexicalIndex().ok()) {
      handle.store.rebuildLexicalIndex();
      notice("rebuilt the full-text index of collection '" + handle.name + "' from its chunks");
    }
    if (recreate) {
      handle.closeIndex();
      if (mode == Mode.REPAIR) {
        notice("re-creating the index of collection '" + handle.name + "' from its documents");
      }
      FirstBuild.start(handle, source, this).finish(indexOptions, false);
    } else {
      enterPhase(IndexingProgress.Phase.EMBEDDING);
      handle.reconcile();
    }
    if (!isCancelled()) {
      handle.markUpdated(model, embedder.info().dimensions());
    }
    return summary(null);
  }

  /**
   * A repair cuts the index's delta file before its first damaged change (the reconcile after it
   * embeds those chunks again); false when the delta file's header is damaged (re-create).
   */
  private boolean salvageDelta() throws LibraryException {
    handle.closeIndex();
    try {
      long cut = CairnIndex.salvageDelta(handle.indexDir());
      if (cut > 0) {
        notice(
            "dropped the last "
                + cut
                + " bytes of "
                + handle.indexDir().resolve("delta.log")
                + " (damaged or cut-short changes); their chunks are embedded again");
      }
      return true;
    } catch (CorruptIndexException e) {
      return false;
    } catch (IOException e) {
      throw Failures.index(
          "cannot repair the index of collection '" + handle.name + "'", handle.name, e);
    }
  }

  private IndexingSummary summary(IngestSummary ingest) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    phase = cancelled ? IndexingProgress.Phase.CANCELLED : IndexingProgress.Phase.DONE;
    emitProgress(true);
    return new IndexingSummary(
        ingest == null ? 0 : ingest.indexed(),
        ingest == null ? 0 : ingest.unchanged(),
        ingest == null ? 0 : ingest.skipped(),
        ingest == null ? 0 : ingest.failed(),
        mode == Mode.INDEX ? chunks.get() : baseChunks,
        seconds,
        cancelled || token.isCancelled());
  }

  // ---------------------------------------------------------------- used by FirstBuild

  void reembedTo(EmbedderChoice target) {
    this.reembedTarget = target;
  }

  boolean isCancelled() {
    return cancelled || token.isCancelled();
  }

  void awaitResume() throws InterruptedException {
    awaitIfPaused();
  }

  /**
   * An interrupted run may have committed chunks to the store that never reached the index (and
   * removed chunks the index still holds): they go to the embedding worker first, counted in this
   * run's progress, so the user sees that work being finished rather than a silent wait at the end.
   */
  private void catchUp(CairnIndex index) {
    long[] storeIds = handle.store.allChunkIds();
    long[] indexIds = index.chunkIds().clone();
    java.util.Arrays.sort(indexIds);
    long[] missing =
        java.util.Arrays.stream(storeIds)
            .filter(id -> java.util.Arrays.binarySearch(indexIds, id) < 0)
            .toArray();
    long[] stale =
        java.util.Arrays.stream(indexIds)
            .filter(id -> java.util.Arrays.binarySearch(storeIds, id) < 0)
            .toArray();
    if (missing.length == 0 && stale.length == 0) {
      return;
    }
    notice(
        String.format(
            "resuming: %,d chunks an interrupted run stored are embedded now%s",
            missing.length,
            stale.length == 0
                ? ""
                : String.format(", %,d chunks it removed leave the index", stale.length)));
    if (stale.length > 0) {
      put(new Removed(stale));
    }
    for (int i = 0; i < missing.length && !cancelled && workerFailure == null; i += EMBED_BATCH) {
      long[] slice =
          java.util.Arrays.copyOfRange(missing, i, Math.min(missing.length, i + EMBED_BATCH));
      List<ChunkRecord> records = handle.store.chunks(slice);
      chunks.addAndGet(records.size());
      put(new Added(records));
    }
  }

  /** Chunks embedded before this run (resumed from the spool) count as embedded and as chunks. */
  void countResumed(long alreadyEmbedded, long inStore) {
    chunksEmbedded.addAndGet(alreadyEmbedded);
    baseChunks = inStore;
  }

  void countEmbedded(int n) {
    if (firstEmbedNanos == 0) {
      firstEmbedNanos = System.nanoTime();
    }
    chunksEmbedded.addAndGet(n);
    emitProgress(false);
  }

  void enterPhase(IndexingProgress.Phase p) {
    phase = p;
    emitProgress(true);
  }

  void notice(String message) {
    LOG.info("collection {}: {}", handle.name, message);
    safely(() -> listener.notice(message));
  }

  String collectionName() {
    return handle.name;
  }

  /**
   * Chunk size in word pieces (without [CLS]/[SEP]): the model's whole window, so every chunk is
   * embedded in full and nothing is truncated.
   */
  static int chunkTokens(Embedder embedder) {
    return Math.max(16, embedder.info().maxTokens() - 2);
  }

  /** Embeds committed chunks in batches and writes them to the index (or collects them). */
  private final class EmbedWorker implements Runnable {
    private final StoreEmbeddingSource source;
    private final CairnIndex index;
    private final FirstBuild first;
    private final List<ChunkVector> toInsert = new ArrayList<>();
    private volatile boolean aborted;

    EmbedWorker(StoreEmbeddingSource source, CairnIndex index, FirstBuild first) {
      this.source = source;
      this.index = index;
      this.first = first;
    }

    void abort() {
      aborted = true;
    }

    @Override
    public void run() {
      List<ChunkRecord> pending = new ArrayList<>();
      try {
        while (true) {
          Work w = pending.isEmpty() ? queue.take() : queue.poll();
          if (w == null || pending.size() >= EMBED_BATCH) {
            // Queue idle or batch full: embed what we have.
            flush(pending);
            if (w == null) {
              continue;
            }
          }
          switch (w) {
            case Added a -> {
              pending.addAll(a.chunks());
              while (pending.size() >= EMBED_BATCH) {
                List<ChunkRecord> batch = new ArrayList<>(pending.subList(0, EMBED_BATCH));
                pending.subList(0, EMBED_BATCH).clear();
                flush(batch);
              }
            }
            case Removed r -> {
              flush(pending);
              writeInserts();
              remove(r.ids());
            }
            case End e -> {
              flush(pending);
              writeInserts();
              return;
            }
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException | LibraryException | RuntimeException e) {
        workerFailure = e;
        token.cancel();
        LOG.warn("embedding worker of collection {} failed: {}", handle.name, e.toString());
      }
    }

    private void flush(List<ChunkRecord> batch)
        throws IOException, LibraryException, InterruptedException {
      if (batch.isEmpty()) {
        return;
      }
      awaitIfPaused();
      if (cancelled || aborted) {
        batch.clear();
        return;
      }
      List<String> texts = batch.stream().map(ChunkRecord::text).toList();
      float[][] vectors = source.embedTexts(texts);
      List<ChunkVector> out = new ArrayList<>(vectors.length);
      for (int i = 0; i < vectors.length; i++) {
        ChunkVector cv = new ChunkVector(batch.get(i).id(), vectors[i]);
        out.add(cv);
        if (vectorTap != null) {
          vectorTap.accept(cv);
        }
      }
      if (index != null) {
        toInsert.addAll(out);
        if (toInsert.size() >= INSERT_BATCH) {
          writeInserts();
        }
      } else {
        first.add(out);
        // stats after a crash name the model of the vectors committed so far
        handle.recordModel(source.modelId(), source.dimensions());
      }
      batch.clear();
      countEmbedded(vectors.length);
    }

    /** Inserts the embedded chunks into the existing index (one index write per call). */
    private void writeInserts() throws IOException {
      if (!toInsert.isEmpty() && !cancelled && !aborted) {
        index.insertAll(toInsert);
      }
      toInsert.clear();
    }

    private void remove(long[] ids) throws IOException, LibraryException {
      if (index == null) {
        first.remove(ids);
        return;
      }
      for (long id : ids) {
        index.delete(id);
      }
    }
  }

  /** Receives ingestion events on the ingest thread and queues committed chunks. */
  private final class Listener implements IngestListener {
    @Override
    public void progress(dev.cairn.ingest.IngestProgress p) {
      filesSeen.set(p.filesSeen());
      currentFile = p.currentFile();
      container = p.container() == null ? null : p.container().describe();
      emitProgress(false);
    }

    @Override
    public void fileDone(dev.cairn.ingest.FileRecord file) {
      filesDone.incrementAndGet();
      FileEntry entry = DefaultLibraryService.toEntry(file);
      if (entry.state() == FileState.FAILED) {
        filesFailed.incrementAndGet();
      }
      safely(() -> listener.fileDone(entry));
      emitProgress(false);
    }

    @Override
    public void chunksAdded(List<ChunkRecord> added) {
      if (added.isEmpty()) {
        return;
      }
      chunks.addAndGet(added.size());
      put(new Added(List.copyOf(added)));
    }

    @Override
    public void chunksRemoved(long[] ids) {
      if (ids.length > 0) {
        put(new Removed(ids.clone()));
      }
    }
  }

  private void put(Work w) {
    try {
      while (!queue.offer(w, 200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        if (cancelled || workerFailure != null) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void putQuietly(Work w) {
    // End must always arrive, even when cancelled, so the worker stops.
    boolean interrupted = Thread.interrupted();
    try {
      while (true) {
        try {
          queue.put(w);
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void awaitIfPaused() throws InterruptedException {
    synchronized (pauseLock) {
      while (paused && !cancelled) {
        pauseLock.wait(500);
      }
    }
  }

  private void emitProgress(boolean force) {
    long now = System.nanoTime();
    synchronized (this) {
      if (!force && now - lastProgressNanos < PROGRESS_INTERVAL_NANOS) {
        return;
      }
      lastProgressNanos = now;
    }
    long embedded = chunksEmbedded.get();
    double rate = 0;
    if (firstEmbedNanos != 0 && now > firstEmbedNanos) {
      rate = embedded / ((now - firstEmbedNanos) / 1e9);
    }
    Duration eta = null;
    long backlog = baseChunks + chunks.get() - embedded;
    int seen = filesSeen.get();
    int done = filesDone.get();
    if (rate > 0) {
      double elapsed = (now - startNanos) / 1e9;
      double filesLeft = done > 0 && seen > done ? elapsed * (seen - done) / done : 0;
      eta = Duration.ofMillis((long) (1000 * Math.max(filesLeft, backlog / rate)));
    }
    IndexingProgress p =
        new IndexingProgress(
            paused ? IndexingProgress.Phase.PAUSED : phase,
            Math.max(seen, done),
            done,
            filesFailed.get(),
            baseChunks + chunks.get(),
            embedded,
            rate,
            eta,
            currentFile,
            container);
    safely(() -> listener.progress(p));
  }

  private void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("indexing listener of collection {} threw", handle.name, e);
    }
  }

  @Override
  public String collection() {
    return handle.name;
  }

  @Override
  public void pause() {
    paused = true;
    token.pause();
    emitProgress(true);
  }

  @Override
  public void resume() {
    paused = false;
    token.resume();
    synchronized (pauseLock) {
      pauseLock.notifyAll();
    }
    emitProgress(true);
  }

  @Override
  public boolean isPaused() {
    return paused;
  }

  @Override
  public void cancel() {
    cancelled = true;
    token.cancel();
    synchronized (pauseLock) {
      pauseLock.notifyAll();
    }
  }

  @Override
  public boolean isDone() {
    return result.isDone();
  }

  @Override
  public IndexingSummary await() throws LibraryException, InterruptedException {
    return Failures.await(result, "indexing");
  }
}
