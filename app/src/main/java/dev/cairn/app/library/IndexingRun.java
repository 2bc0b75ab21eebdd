package dev.cairn.app.library;

import dev.cairn.chat.embed.Embedder;
import dev.cairn.index.CairnIndex;
import dev.cairn.index.ChunkVector;
import dev.cairn.index.IndexOptions;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
final class IndexingRun implements IndexingTask {
  private static final Logger LOG = LoggerFactory.getLogger(IndexingRun.class);
  static final int EMBED_BATCH = 32;

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

  private final DefaultLibraryService service;
  private final CollectionHandle handle;
  private final List<Path> roots;
  private final boolean addFolders;
  private final IndexingListener listener;
  private final IndexOptions indexOptions;
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
  private volatile IndexingProgress.Phase phase = IndexingProgress.Phase.SCANNING;
  private volatile long startNanos;
  private volatile long firstEmbedNanos;
  private long lastProgressNanos;

  IndexingRun(
      DefaultLibraryService service,
      CollectionHandle handle,
      List<Path> roots,
      boolean addFolders,
      IndexingListener listener,
      IndexOptions indexOptions,
      Consumer<ChunkVector> vectorTap) {
    this.service = service;
    this.handle = handle;
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
    Embedder embedder = service.embedder();
    StoreEmbeddingSource source = handle.source(embedder);
    CairnIndex existing = handle.index(embedder, indexOptions);
    if (addFolders) {
      handle.updateMeta(handle.meta().withFolders(roots));
    }
    EmbedWorker worker = new EmbedWorker(source, existing);
    Future<?> workerDone = embedExecutor.submit(worker);
    IngestSummary ingest;
    IngestOptions options =
        IngestOptions.builder()
            .tokenCounter(embedder::countTokens)
            .chunkTokens(chunkTokens(embedder))
            .excludeDirectory(service.home())
            .ocr(
                dev.cairn.ingest.OcrOptions.DEFAULT.withLanguages(
                    service.settings().ocrLanguages()))
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
    if (existing == null) {
      phase = IndexingProgress.Phase.BUILDING_INDEX;
      emitProgress(true);
      List<ChunkVector> vectors = new ArrayList<>(worker.collected.size());
      worker.collected.forEach((id, v) -> vectors.add(new ChunkVector(id, v)));
      handle.build(vectors, indexOptions, !cancelled);
    } else if (!cancelled) {
      handle.reconcile();
    }
    handle.markUpdated(embedder.info().modelId(), embedder.info().dimensions());
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    phase = cancelled ? IndexingProgress.Phase.CANCELLED : IndexingProgress.Phase.DONE;
    emitProgress(true);
    return new IndexingSummary(
        ingest.indexed(),
        ingest.unchanged(),
        ingest.skipped(),
        ingest.failed(),
        chunks.get(),
        seconds,
        cancelled || token.isCancelled());
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
    final Map<Long, float[]> collected = new LinkedHashMap<>();
    private final List<ChunkVector> toInsert = new ArrayList<>();
    private volatile boolean aborted;

    EmbedWorker(StoreEmbeddingSource source, CairnIndex index) {
      this.source = source;
      this.index = index;
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
      } catch (IOException | RuntimeException e) {
        workerFailure = e;
        token.cancel();
        LOG.warn("embedding worker of collection {} failed: {}", handle.name, e.toString());
      }
    }

    private void flush(List<ChunkRecord> batch) throws IOException, InterruptedException {
      if (batch.isEmpty()) {
        return;
      }
      awaitIfPaused();
      if (cancelled || aborted) {
        batch.clear();
        return;
      }
      if (firstEmbedNanos == 0) {
        firstEmbedNanos = System.nanoTime();
      }
      List<String> texts = batch.stream().map(ChunkRecord::text).toList();
      float[][] vectors = source.embedTexts(texts);
      List<ChunkVector> out = new ArrayList<>(vectors.length);
      for (int i = 0; i < vectors.length; i++) {
        ChunkVector cv = new ChunkVector(batch.get(i).id(), vectors[i]);
        out.add(cv);
        if (index == null) {
          collected.put(cv.chunkId(), cv.vector());
        }
        if (vectorTap != null) {
          vectorTap.accept(cv);
        }
      }
      if (index != null) {
        toInsert.addAll(out);
        if (toInsert.size() >= INSERT_BATCH) {
          writeInserts();
        }
      }
      chunksEmbedded.addAndGet(vectors.length);
      batch.clear();
      emitProgress(false);
    }

    /** Inserts the embedded chunks into the existing index (one index write per call). */
    private void writeInserts() throws IOException {
      if (!toInsert.isEmpty() && !cancelled && !aborted) {
        index.insertAll(toInsert);
      }
      toInsert.clear();
    }

    private void remove(long[] ids) throws IOException {
      for (long id : ids) {
        if (index != null) {
          index.delete(id);
        } else {
          collected.remove(id);
        }
      }
    }
  }

  /** Receives ingestion events on the ingest thread and queues committed chunks. */
  private final class Listener implements IngestListener {
    @Override
    public void progress(dev.cairn.ingest.IngestProgress p) {
      filesSeen.set(p.filesSeen());
      currentFile = p.currentFile();
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
    long backlog = chunks.get() - embedded;
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
            chunks.get(),
            embedded,
            rate,
            eta,
            currentFile);
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
