package dev.cairn.app.library;

import dev.cairn.index.CairnIndex;
import dev.cairn.index.ChunkVector;
import dev.cairn.ingest.ChunkRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedding side of an {@link IndexingRun}: a bounded queue of committed work (chunks added,
 * chunks removed, the end), fed in store-commit order from the {@code cairn-index} thread, and its
 * consumer on the {@code cairn-embed} thread, which embeds added chunks in batches of {@value
 * IndexingRun#EMBED_BATCH} and either inserts them into the existing index ({@value
 * IndexingRun#INSERT_BATCH} per index write) and deletes removed ones, or hands them to the {@link
 * FirstBuild}'s spool. A full queue makes ingestion wait. Also queues the catch-up of an
 * interrupted run (chunks the store has and the index lacks, and the reverse).
 *
 * <p>Touches the queue, the {@link StoreEmbeddingSource}, the existing index or the first build,
 * the collection's meta (the model of spooled vectors) and the store (catch-up reads). A failure is
 * kept for the run ({@link #failure}) and cancels the ingestion through the run's token.
 */
final class EmbedWorker implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(IndexingRun.class);

  /** Work for the embedding thread, in store-commit order. */
  private sealed interface Work permits Added, Removed, End {}

  private record Added(List<ChunkRecord> chunks) implements Work {}

  private record Removed(long[] ids) implements Work {}

  private record End() implements Work {}

  private final BlockingQueue<Work> queue = new ArrayBlockingQueue<>(64);
  private final CollectionHandle handle;
  private final StoreEmbeddingSource source;
  private final CairnIndex index;
  private final FirstBuild first;
  private final RunControl control;
  private final RunProgress progress;
  private final Consumer<ChunkVector> vectorTap;
  private final List<ChunkVector> toInsert = new ArrayList<>();
  private volatile boolean aborted;
  private volatile Exception failure;

  /** Exactly one of {@code index} (incremental) and {@code first} (a new index) is non-null. */
  EmbedWorker(
      CollectionHandle handle,
      StoreEmbeddingSource source,
      CairnIndex index,
      FirstBuild first,
      RunControl control,
      RunProgress progress,
      Consumer<ChunkVector> vectorTap) {
    this.handle = handle;
    this.source = source;
    this.index = index;
    this.first = first;
    this.control = control;
    this.progress = progress;
    this.vectorTap = vectorTap;
  }

  /** Stops embedding and index writes (the ingestion failed); the worker still waits for End. */
  void abort() {
    aborted = true;
  }

  /** What made the worker stop early, or null. */
  Exception failure() {
    return failure;
  }

  /** Queues chunks the store committed (waits while the queue is full). */
  void added(List<ChunkRecord> chunks) {
    put(new Added(chunks));
  }

  /** Queues ids of chunks the store removed. */
  void removed(long[] ids) {
    put(new Removed(ids));
  }

  /** Queues the end of the work; always arrives, even when cancelled, so the worker stops. */
  void end() {
    putQuietly(new End());
  }

  /**
   * An interrupted run may have committed chunks to the store that never reached the index (and
   * removed chunks the index still holds): they go to the embedding worker first, counted in this
   * run's progress, so the user sees that work being finished rather than a silent wait at the end.
   */
  void catchUp(CairnIndex index) {
    long[] storeIds = handle.store.allChunkIds();
    long[] indexIds = index.chunkIds().clone();
    Arrays.sort(indexIds);
    long[] missing =
        Arrays.stream(storeIds).filter(id -> Arrays.binarySearch(indexIds, id) < 0).toArray();
    long[] stale =
        Arrays.stream(indexIds).filter(id -> Arrays.binarySearch(storeIds, id) < 0).toArray();
    if (missing.length == 0 && stale.length == 0) {
      return;
    }
    progress.notice(
        String.format(
            "resuming: %,d chunks an interrupted run stored are embedded now%s",
            missing.length,
            stale.length == 0
                ? ""
                : String.format(", %,d chunks it removed leave the index", stale.length)));
    if (stale.length > 0) {
      put(new Removed(stale));
    }
    for (int i = 0;
        i < missing.length && !control.cancelRequested() && failure == null;
        i += IndexingRun.EMBED_BATCH) {
      long[] slice =
          Arrays.copyOfRange(missing, i, Math.min(missing.length, i + IndexingRun.EMBED_BATCH));
      List<ChunkRecord> records = handle.store.chunks(slice);
      progress.countChunks(records.size());
      put(new Added(records));
    }
  }

  @Override
  public void run() {
    List<ChunkRecord> pending = new ArrayList<>();
    try {
      while (true) {
        Work w = pending.isEmpty() ? queue.take() : queue.poll();
        if (w == null || pending.size() >= IndexingRun.EMBED_BATCH) {
          // Queue idle or batch full: embed what we have.
          flush(pending);
          if (w == null) {
            continue;
          }
        }
        switch (w) {
          case Added a -> {
            pending.addAll(a.chunks());
            while (pending.size() >= IndexingRun.EMBED_BATCH) {
              List<ChunkRecord> batch =
                  new ArrayList<>(pending.subList(0, IndexingRun.EMBED_BATCH));
              pending.subList(0, IndexingRun.EMBED_BATCH).clear();
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
      failure = e;
      control.token().cancel();
      LOG.warn("embedding worker of collection {} failed: {}", handle.name, e.toString());
    } catch (Error e) {
      // Not only exceptions: an error (a missing class, no memory) must also stop the ingestion,
      // which otherwise waits for ever on the full queue.
      failure = new IllegalStateException(e.toString(), e);
      control.token().cancel();
      LOG.error("embedding worker of collection {} failed", handle.name, e);
      throw e;
    }
  }

  private void flush(List<ChunkRecord> batch)
      throws IOException, LibraryException, InterruptedException {
    if (batch.isEmpty()) {
      return;
    }
    control.awaitResume();
    if (control.cancelRequested() || aborted) {
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
      if (toInsert.size() >= IndexingRun.INSERT_BATCH) {
        writeInserts();
      }
    } else {
      first.add(out);
      // stats after a crash name the model of the vectors committed so far
      handle.recordModel(source.modelId(), source.dimensions());
    }
    batch.clear();
    progress.countEmbedded(vectors.length);
  }

  /** Inserts the embedded chunks into the existing index (one index write per call). */
  private void writeInserts() throws IOException {
    if (!toInsert.isEmpty() && !control.cancelRequested() && !aborted) {
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

  private void put(Work w) {
    try {
      while (!queue.offer(w, 200, TimeUnit.MILLISECONDS)) {
        if (control.cancelRequested() || failure != null) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void putQuietly(Work w) {
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
}
