package dev.cairn.app.library;

import dev.cairn.chat.embed.Embedder;
import dev.cairn.chat.embed.EmbeddingException;
import dev.cairn.index.ApproximateHit;
import dev.cairn.index.CairnIndex;
import dev.cairn.index.SearchResult;
import dev.cairn.ingest.ChunkFilter;
import dev.cairn.ingest.MissingChunksException;
import dev.cairn.ingest.StoreException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * The vector retriever of {@link SearchPipeline}: embeds the query with the collection's own
 * embedder and searches its index (PQ-ordered candidates for a first result, then the exact top k).
 * Its static helpers (the filter as an id predicate, the guarded index calls) serve the hybrid
 * retriever too.
 *
 * <p>Touches the collection's index (search only, through {@link CollectionHandle#openIndex}, which
 * never builds) and its store (read). Thread-safe; owns nothing.
 */
final class VectorRetriever {
  private final SearchPipeline.Resources resources;

  VectorRetriever(SearchPipeline.Resources resources) {
    this.resources = resources;
  }

  /** The vector mode: nothing without an index, else the exact top {@code k}. */
  SearchPipeline.Retrieval retrieve(
      CollectionHandle h,
      String vectorQuery,
      int k,
      ChunkFilter filter,
      SearchPipeline.FirstRetrieval first)
      throws LibraryException {
    Embedder e = resources.embedder(h);
    CairnIndex index = h.openIndex(e, resources.indexOptions());
    if (index == null) {
      return new SearchPipeline.Retrieval(List.of(), 0, 0, Map.of());
    }
    float[] q = embedQuery(e, vectorQuery);
    LongPredicate allowed = allowed(h, filter);
    if (first != null) {
      List<ApproximateHit> approx = approximate(h, index, q, k, allowed);
      first.accept(
          new SearchPipeline.Retrieval(
              approx.stream()
                  .limit(k)
                  .map(a -> new SearchPipeline.Scored(a.chunkId(), a.estimate()))
                  .toList(),
              0,
              0,
              Map.of()));
    }
    SearchResult r = search(h, index, q, k, allowed);
    return new SearchPipeline.Retrieval(
        r.hits().stream().map(x -> new SearchPipeline.Scored(x.chunkId(), x.score())).toList(),
        r.recomputed(),
        r.cacheHits(),
        Map.of());
  }

  /** The index's exact top {@code k}; chunks the store no longer holds are left out. */
  static SearchResult search(
      CollectionHandle h, CairnIndex index, float[] q, int k, LongPredicate allowed)
      throws LibraryException {
    try {
      try {
        return index.search(q, k, allowed);
      } catch (MissingChunksException stale) {
        // The index still holds chunks that an indexing run (going on, or interrupted) already
        // removed from the store; the run reconciles them. Until then, search the chunks both hold.
        return index.search(q, k, inStore(h, allowed));
      }
    } catch (IOException ex) {
      throw Failures.index("vector search in collection '" + h.name + "' failed", ex);
    }
  }

  /**
   * {@code allowed} narrowed to the chunks the store holds now (for an index that still holds
   * chunks an indexing run removed from the store and has not reconciled yet).
   */
  static LongPredicate inStore(CollectionHandle h, LongPredicate allowed) {
    long[] inStore = h.store.allChunkIds();
    return id ->
        java.util.Arrays.binarySearch(inStore, id) >= 0 && (allowed == null || allowed.test(id));
  }

  /** The PQ-ranked graph candidates with their score estimates (nothing recomputed). */
  static List<ApproximateHit> approximate(
      CollectionHandle h, CairnIndex index, float[] q, int depth, LongPredicate allowed)
      throws LibraryException {
    try {
      return index.approximate(q, depth, allowed);
    } catch (IOException ex) {
      throw Failures.index("vector search in collection '" + h.name + "' failed", ex);
    }
  }

  /** The filter as a chunk-id predicate; {@code null} when it restricts nothing. */
  static LongPredicate allowed(CollectionHandle h, ChunkFilter filter) throws LibraryException {
    try {
      return filter.isUnrestricted() ? null : h.store.allowedChunks(filter);
    } catch (StoreException ex) {
      throw Failures.io("cannot apply the filter", ex);
    }
  }

  static float[] embedQuery(Embedder e, String query) throws LibraryException {
    try {
      return e.embedQuery(query);
    } catch (EmbeddingException ex) {
      throw Failures.embedding("cannot embed the query", ex);
    }
  }
}
