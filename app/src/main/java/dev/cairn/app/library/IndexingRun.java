package dev.cairn.app.library;

import dev.cairn.chat.embed.Embedder;
import dev.cairn.index.CairnIndex;
import dev.cairn.index.ChunkVector;
import dev.cairn.index.CorruptIndexException;
import dev.cairn.index.IndexSettings;
import dev.cairn.ingest.ChunkRecord;
import dev.cairn.ingest.IngestListener;
import dev.cairn.ingest.IngestOptions;
import dev.cairn.ingest.IngestSummary;
import dev.cairn.ingest.Ingestor;
import dev.cairn.ingest.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
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
  private final IndexSettings indexOptions;
  private final dev.cairn.ingest.OcrOptions ocr;
  private final Consumer<ChunkVector> vectorTap;
  private final RunControl control = new RunControl();
  private final RunProgress progress;
  private final CompletableFuture<IndexingSummary> result = new CompletableFuture<>();

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
    this.progress =
        new RunProgress(handle.name, listener == null ? IndexingListener.NONE : listener, control);
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
            progress.failed(failure);
            result.completeExceptionally(failure);
          } else {
            progress.finished(summary);
            result.complete(summary);
          }
        });
  }

  private IndexingSummary run(ExecutorService embedExecutor) throws LibraryException {
    progress.start();
    Path models = home.resolve("models");
    EmbedderChoice pending = handle.meta().pendingChoice(models);
    if (mode == Mode.REEMBED || (mode != Mode.INDEX && pending != null)) {
      // A rebuild or repair first finishes the re-embed a crash or a quit interrupted.
      EmbedderChoice target = mode == Mode.REEMBED ? reembedTarget : pending;
      new Reembedding(control, progress, handle, embedders, models).run(target, indexOptions);
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
    FirstBuild first =
        existing == null ? FirstBuild.start(handle, source, control, progress) : null;
    EmbedWorker worker =
        new EmbedWorker(handle, source, existing, first, control, progress, vectorTap);
    Future<?> workerDone = embedExecutor.submit(worker);
    if (existing != null) {
      worker.catchUp(existing);
    }
    IngestSummary ingest;
    IngestOptions options =
        IngestOptions.builder()
            .tokenCounter(embedder::countTokens)
            .chunkTokens(chunkTokens(embedder))
            .excludeDirectory(home)
            .ocr(ocr)
            .build();
    progress.setPhase(IndexingProgress.Phase.EXTRACTING);
    try (Ingestor ingestor = new Ingestor(handle.store, options)) {
      ingest = ingestor.ingest(roots, new Listener(progress, worker), control.token());
    } catch (StoreException e) {
      worker.abort();
      throw Failures.io("indexing collection '" + handle.name + "' failed", e);
    } catch (RuntimeException e) {
      worker.abort();
      throw e;
    } finally {
      worker.end();
    }
    progress.enterPhase(IndexingProgress.Phase.EMBEDDING);
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
    if (worker.failure() != null) {
      throw Failures.embedding(
          "embedding chunks of collection '" + handle.name + "' failed", worker.failure());
    }
    if (first != null) {
      first.finish(indexOptions, true);
    } else if (!control.cancelRequested()) {
      handle.reconcile();
      handle.mergeIndexDeltaIfNeeded();
    }
    if (!control.cancelRequested() || handle.hasIndex()) {
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
      progress.notice(
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
      progress.notice(
          "rebuilt the full-text index of collection '" + handle.name + "' from its chunks");
    }
    if (recreate) {
      handle.closeIndex();
      if (mode == Mode.REPAIR) {
        progress.notice(
            "re-creating the index of collection '" + handle.name + "' from its documents");
      }
      FirstBuild.start(handle, source, control, progress).finish(indexOptions, false);
    } else {
      progress.enterPhase(IndexingProgress.Phase.EMBEDDING);
      handle.reconcile();
    }
    if (!control.isCancelled()) {
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
        progress.notice(
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
    double seconds = progress.elapsedSeconds();
    progress.enterPhase(
        control.cancelRequested() ? IndexingProgress.Phase.CANCELLED : IndexingProgress.Phase.DONE);
    return new IndexingSummary(
        ingest == null ? 0 : ingest.indexed(),
        ingest == null ? 0 : ingest.unchanged(),
        ingest == null ? 0 : ingest.skipped(),
        ingest == null ? 0 : ingest.failed(),
        mode == Mode.INDEX ? progress.chunks() : progress.baseChunks(),
        seconds,
        control.isCancelled());
  }

  void reembedTo(EmbedderChoice target) {
    this.reembedTarget = target;
  }

  /**
   * Chunk size in word pieces (without [CLS]/[SEP]): the model's whole window, so every chunk is
   * embedded in full and nothing is truncated.
   */
  static int chunkTokens(Embedder embedder) {
    return Math.max(16, embedder.info().maxTokens() - 2);
  }

  /** Receives ingestion events on the ingest thread and queues committed chunks. */
  private static final class Listener implements IngestListener {
    private final RunProgress progress;
    private final EmbedWorker worker;

    Listener(RunProgress progress, EmbedWorker worker) {
      this.progress = progress;
      this.worker = worker;
    }

    @Override
    public void progress(dev.cairn.ingest.IngestProgress p) {
      progress.ingested(p);
    }

    @Override
    public void fileDone(dev.cairn.ingest.FileRecord file) {
      progress.fileDone(file);
    }

    @Override
    public void chunksAdded(List<ChunkRecord> added) {
      if (added.isEmpty()) {
        return;
      }
      progress.countChunks(added.size());
      worker.added(List.copyOf(added));
    }

    @Override
    public void chunksRemoved(long[] ids) {
      if (ids.length > 0) {
        worker.removed(ids.clone());
      }
    }
  }

  @Override
  public String collection() {
    return handle.name;
  }

  @Override
  public void pause() {
    control.pause();
    progress.emit(true);
  }

  @Override
  public void resume() {
    control.resume();
    progress.emit(true);
  }

  @Override
  public boolean isPaused() {
    return control.isPaused();
  }

  @Override
  public void cancel() {
    control.cancel();
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
