package dev.cairn.index;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.LongPredicate;

/**
 * The LEANN index: a degree-pruned proximity graph stored as compressed CSR, PQ codes for
 * approximate scores, and a small SQLite cache of hot exact embeddings. Everything else is
 * recomputed at query time through the {@link EmbeddingSource}: a search traverses the graph by PQ
 * score, then re-scores its most promising candidates exactly, cached ones first, the rest in
 * batches, and stops as soon as no remaining candidate can enter the exact top k. Changes since the
 * graph was written live in a small delta segment searched exactly beside it and merged into a new
 * graph generation by {@link #compact}.
 *
 * <p>This class is the facade; the work is done by {@link IndexBuilder} (build), {@link
 * IndexSearcher} and {@link Reranker} (search), {@link IndexMutator} and {@link DeltaMerge}
 * (changes), {@link IndexValidator} (checks) and {@link IndexFile} / {@link DeltaLog} (files).
 *
 * <p>Files in the index directory: {@code index.cairn} (see docs/index-format.md), {@code
 * delta.log} (the delta segment, once there is one), {@code cache.sqlite} (hot cache) and {@code
 * write.lock}.
 *
 * <p>Threads: searches may run concurrently; mutations ({@link #insert}, {@link #delete}, {@link
 * #compact}) are exclusive and block searches of this instance while they run. Only one instance
 * (in any process) may mutate a directory: the first mutation takes the write lock (an index
 * returned by {@link #build} holds it already), and another writer gets {@link
 * IndexLockedException}. Every change is durable when its method returns; readers in other
 * processes keep a consistent (older) view until they reopen. Searches never write a file: vectors
 * they recompute stay in the cache in memory, and a writer persists them with its next change or
 * when it closes.
 *
 * <p>Small-index mode: below {@link IndexOptions#smallIndexThreshold()} vectors (too few to train
 * PQ) the index pins every exact vector in the cache and searches them exhaustively; it switches to
 * graph + PQ when it grows past the threshold.
 *
 * <p>The caller owns the instance and must {@link #close()} it; the embedding source is not closed
 * by the index.
 */
public final class CairnIndex implements Closeable {
  private final IndexState state;
  private final IndexGuard guard;

  private CairnIndex(IndexState state) {
    this.state = state;
    this.guard = new IndexGuard(state);
  }

  /**
   * Builds with the default search settings; see {@link #build(Path, IndexOptions, SearchOptions,
   * EmbeddingSource, Iterator)}.
   */
  public static CairnIndex build(
      Path dir, IndexOptions options, EmbeddingSource source, Iterator<ChunkVector> vectors)
      throws IOException {
    return build(dir, options, SearchOptions.defaults(), source, vectors);
  }

  /**
   * Builds a new index in {@code dir} from a stream of vectors (replacing any index there) and
   * returns it open, holding the write lock.
   *
   * @param search search settings of the returned index, recorded in the file as its defaults (the
   *     cache budget also decides how many hub vectors the build pins)
   * @param vectors normalised vectors of {@code source.dimensions()} floats, unique chunk ids; may
   *     be empty
   * @throws IllegalArgumentException on a wrong dimension or a duplicate chunk id
   * @throws IndexLockedException if another writer holds the directory
   */
  public static CairnIndex build(
      Path dir,
      IndexOptions options,
      SearchOptions search,
      EmbeddingSource source,
      Iterator<ChunkVector> vectors)
      throws IOException {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(search, "search");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(vectors, "vectors");
    Path abs = dir.toAbsolutePath().normalize();
    IndexBuilder.buildGeneration(abs, options, search, source, vectors);
    CairnIndex index = open(abs, source, search);
    try {
      index.state.lock = WriterLock.acquire(abs);
    } catch (IOException | RuntimeException e) {
      index.close();
      throw e;
    }
    return index;
  }

  /**
   * Whether {@code dir} holds a complete index (or the two halves of an interrupted swap that
   * {@link #open} completes): a folder with only a lock file or a cache in it, left by a crash
   * during a first build, is no index.
   */
  public static boolean exists(Path dir) {
    return IndexGenerations.exists(dir);
  }

  /**
   * Removes what an interrupted build left beside {@code dir} (a staging folder nobody holds) and
   * finishes or undoes an interrupted swap, so that {@code dir} holds one complete index or none.
   * Never touches the folder of a build that is still running. {@link #open} and {@link #build}
   * call this themselves.
   */
  public static void cleanUp(Path dir) throws IOException {
    IndexGenerations.cleanUp(dir);
  }

  /** Opens an existing index with the search settings it was built with. */
  public static CairnIndex open(Path dir, EmbeddingSource source) throws IOException {
    return open(dir, source, null);
  }

  /**
   * Opens an existing index for searching. The index holds no write lock until its first mutation.
   *
   * @param search search settings for this instance; null: those recorded in the file
   * @throws NoSuchFileException if the directory holds no index
   * @throws CorruptIndexException if a file is damaged (names file and section)
   * @throws IndexVersionException if a file has another format version (rebuild needed)
   * @throws ModelMismatchException if the index was built with another model or dimensions
   */
  public static CairnIndex open(Path dir, EmbeddingSource source, SearchOptions search)
      throws IOException {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(source, "source");
    return new CairnIndex(IndexState.load(dir, source, search));
  }

  /**
   * Finds the k chunks most similar to the query (cosine), among chunks the filter allows.
   *
   * @param query normalised query embedding of the index's dimensions
   * @param k number of results wanted, at least 1; fewer come back only when fewer allowed chunks
   *     exist
   * @param allowed chunk-id filter applied inside the traversal; null allows everything
   * @throws IllegalArgumentException if the query has the wrong number of dimensions or k < 1
   * @throws IOException if the embedding source fails
   */
  public SearchResult search(float[] query, int k, LongPredicate allowed) throws IOException {
    Objects.requireNonNull(query, "query");
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    return guard.readOpen(
        s -> {
          checkQuery(s, query);
          return s.searcher.search(s.main, s.delta, s.search(), query, k, allowed);
        });
  }

  /**
   * The first level of {@link #search} without its re-rank: the PQ-ranked candidates of the graph
   * traversal with calibrated score intervals, recomputing nothing. Candidates whose exact vector
   * is known (in the hot cache or the delta segment; always, in small mode) come back exact.
   * Callers that fuse several scores use the intervals to recompute only the candidates that can
   * still change their answer (see {@link #exactScores}).
   *
   * @param depth candidates wanted, at least 1; the pool holds max(depth, beam width) of them
   * @param allowed chunk-id filter applied inside the traversal; null allows everything
   * @return candidates best first by estimate (by exact score in small mode)
   * @throws IOException if the embedding source fails (small mode recomputes uncached vectors)
   */
  public List<ApproximateHit> approximate(float[] query, int depth, LongPredicate allowed)
      throws IOException {
    Objects.requireNonNull(query, "query");
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be >= 1, got " + depth);
    }
    return guard.readOpen(
        s -> {
          checkQuery(s, query);
          return s.searcher.approximate(s.main, s.delta, s.search(), query, depth, allowed);
        });
  }

  /**
   * Calibrated score intervals of the given chunks, as {@link #approximate(float[], int,
   * LongPredicate)} gives them for traversal candidates (for chunks another retriever found). Chunk
   * ids the index does not hold live are left out; the order of the others is kept.
   */
  public List<ApproximateHit> approximate(float[] query, long[] chunkIds) throws IOException {
    Objects.requireNonNull(query, "query");
    return guard.readOpen(
        s -> {
          checkQuery(s, query);
          return s.searcher.approximate(s.main, s.delta, s.search(), query, chunkIds);
        });
  }

  /**
   * Exact cosine scores of the given chunks: delta vectors and the hot cache first, the rest
   * recomputed in one call to the embedding source and kept in the cache. Chunk ids the index does
   * not hold live are left out.
   *
   * @throws IOException if the embedding source fails
   */
  public ExactScores exactScores(float[] query, long[] chunkIds) throws IOException {
    Objects.requireNonNull(query, "query");
    return guard.readOpen(
        s -> {
          checkQuery(s, query);
          return s.reranker.exactScores(s.main.nodes(), s.delta, query, chunkIds);
        });
  }

  private static void checkQuery(IndexState s, float[] query) {
    VectorMath.checkDims("query", query, s.meta().dims());
  }

  /**
   * Adds one chunk to the index without a rebuild; durable when this returns.
   *
   * @throws IllegalArgumentException on a wrong dimension, or if the chunk id is already live
   * @throws IndexLockedException if another writer holds the directory
   */
  public void insert(long chunkId, float[] vector) throws IOException {
    insertAll(List.of(new ChunkVector(chunkId, vector)));
  }

  /**
   * Adds several chunks in one durable step (all or none of them survive a crash). Costs time in
   * proportion to the batch: the vectors are appended to the delta segment. Same errors as {@link
   * #insert}.
   */
  public void insertAll(List<ChunkVector> batch) throws IOException {
    Objects.requireNonNull(batch, "batch");
    guard.writeOpen(
        s -> {
          IndexMutator.insertAll(s, batch);
          return null;
        });
  }

  /**
   * Deletes a chunk (a tombstone, durable when this returns); it is never returned again. Deleting
   * an unknown or already deleted chunk id does nothing.
   *
   * @throws IndexLockedException if another writer holds the directory
   */
  public void delete(long chunkId) throws IOException {
    guard.writeOpen(
        s -> {
          IndexMutator.delete(s, chunkId);
          return null;
        });
  }

  /**
   * Folds every change into the main graph: the delta segment is merged into a new generation
   * (swapped in atomically) and deleted nodes are removed for good, their in-neighbours re-linked.
   * No embedding is recomputed. Does nothing when there is nothing to fold.
   */
  public void compact() throws IOException {
    guard.writeOpen(
        s -> {
          IndexMutator.compact(s);
          return null;
        });
  }

  /**
   * {@link #compact()} when the delta segment has grown past its merge threshold (1 % of the main
   * graph, at least {@value DeltaSegment#MERGE_MIN} and at most {@value DeltaSegment#MERGE_MAX}
   * entries); for the end of an indexing run.
   *
   * @return whether a merge ran
   */
  public boolean compactIfNeeded() throws IOException {
    return guard.writeOpen(IndexMutator::compactIfNeeded);
  }

  /** Sizes, shape and cache hit rate of the index. */
  public IndexStats stats() throws IOException {
    return guard.readOpen(IndexState::stats);
  }

  /** Average out-degree of the graph jvector built, before pruning (0 in small mode). */
  public double degreeBeforePruning() {
    return state.meta().degreeBeforePruning();
  }

  /**
   * Checks the files on disk (the main file's header and every section's CRC32C, the delta log's
   * header and frames) and the structure in memory: neighbour ids in range, no self loops or
   * duplicates, every live node reachable from the entry point, small-index vectors present in the
   * cache. Reads only.
   */
  public ValidationReport validate() throws IOException {
    List<String> problems =
        guard.readOpen(
            s -> {
              List<String> found = new ArrayList<>(IndexValidator.checkFiles(s));
              found.addAll(IndexValidator.checkStructure(s));
              return found;
            });
    return ValidationReport.of(problems);
  }

  /** Live chunks. */
  public int size() {
    return guard.read(IndexState::liveCount);
  }

  /** Ids of the live chunks: the main graph's in node order, then the delta's in insert order. */
  public long[] chunkIds() {
    return guard.read(IndexState::chunkIds);
  }

  /** Chunks inserted or deleted since the main graph was written (the delta segment's entries). */
  public int pendingChanges() {
    return guard.read(s -> s.delta.entries());
  }

  /**
   * Bytes at the end of the delta segment's file ({@code delta.log}) after its last whole change,
   * which this instance ignores: a write cut short by a crash, or damage. 0 when there are none;
   * the next writer cuts them off.
   */
  public long deltaTornBytes() {
    return guard.read(s -> s.delta.tornBytes());
  }

  /**
   * For a repair of the index in {@code dir}, which no instance may have open: cuts its delta
   * segment's file ({@code delta.log}) before the first damaged change, keeping the whole ones
   * before it, so that the index opens again; the caller then inserts what the index lacks. Takes
   * the directory's write lock while it works.
   *
   * @return the bytes cut off; 0 when there is no delta file or it is whole
   * @throws CorruptIndexException when the delta file's header is damaged (rebuild needed)
   * @throws IndexLockedException when another process writes the index
   */
  public static long salvageDelta(Path dir) throws IOException {
    try (WriterLock lock = WriterLock.acquire(dir)) {
      return DeltaSegment.salvage(dir);
    }
  }

  /** Dimensions of the vectors. */
  public int dimensions() {
    return state.meta().dims();
  }

  /**
   * Writes the main segment to another file, the delta's deletes as tombstones (its inserts are
   * left out: {@link #compact} folds them in). For format round trips and golden files.
   */
  void writeTo(Path target) throws IOException {
    guard.read(
        s -> {
          s.writeMainTo(target);
          return null;
        });
  }

  /**
   * Persists the cache's in-memory changes (a writer only), closes the files and releases the write
   * lock. Idempotent.
   */
  @Override
  public void close() throws IOException {
    guard.close();
  }
}
