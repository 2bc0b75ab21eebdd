package dev.cairn.app.library;

import static dev.cairn.app.library.SearchPipeline.HYBRID_MIN_DEPTH;
import static dev.cairn.app.library.SearchPipeline.HYBRID_VECTOR_WEIGHT;

import dev.cairn.app.library.SearchPipeline.FirstRetrieval;
import dev.cairn.app.library.SearchPipeline.HybridScoring;
import dev.cairn.app.library.SearchPipeline.Retrieval;
import dev.cairn.app.library.SearchPipeline.Scored;
import dev.cairn.chat.embed.Embedder;
import dev.cairn.index.ApproximateHit;
import dev.cairn.index.CairnIndex;
import dev.cairn.index.SearchHit;
import dev.cairn.index.SearchResult;
import dev.cairn.ingest.ChunkFilter;
import dev.cairn.ingest.LexicalHit;
import dev.cairn.ingest.MissingChunksException;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * The hybrid retriever of {@link SearchPipeline}: the keyword hits and the vector candidates of a
 * query, each at least max(2k, {@value SearchPipeline#HYBRID_MIN_DEPTH}) deep, fused by the convex
 * combination ({@link RankFusion#convex}, weight {@value SearchPipeline#HYBRID_VECTOR_WEIGHT}).
 * {@link HybridScoring#RERANK} (the default) fuses on PQ estimates and recomputes the best fused
 * candidates once; {@link HybridScoring#EXACT} fuses the exact vector list; {@link
 * HybridScoring#BOUNDED} refines the PQ estimates through {@link BoundedFusion}. Without an index
 * the keyword hits alone are fused.
 *
 * <p>Touches what the lexical and vector retrievers touch (the store, read; the index, search).
 * Thread-safe; owns nothing.
 */
final class HybridRetriever {
  private final SearchPipeline.Resources resources;
  private final HybridScoring scoring;

  HybridRetriever(SearchPipeline.Resources resources, HybridScoring scoring) {
    this.resources = resources;
    this.scoring = scoring;
  }

  Retrieval retrieve(
      CollectionHandle h,
      String vectorQuery,
      String lexicalQuery,
      int k,
      ChunkFilter filter,
      FirstRetrieval first)
      throws LibraryException {
    int depth = Math.max(2 * k, HYBRID_MIN_DEPTH);
    List<LexicalHit> lex = LexicalRetriever.hits(h, lexicalQuery, depth, filter);
    Map<Long, String> snippets = LexicalRetriever.snippets(lex);
    long[] lexIds = lex.stream().mapToLong(LexicalHit::chunkId).toArray();
    double[] lexScores = lex.stream().mapToDouble(LexicalHit::score).toArray();
    Embedder e = resources.embedder(h);
    CairnIndex index = h.openIndex(e, resources.indexOptions());
    if (index == null) {
      List<RankFusion.Fused> f = hybridFusion(new long[0], new double[0], lexIds, lexScores, k);
      return new Retrieval(scored(f), 0, 0, snippets);
    }
    float[] q = VectorRetriever.embedQuery(e, vectorQuery);
    LongPredicate allowed = VectorRetriever.allowed(h, filter);
    Query query = new Query(h, index, q, depth, k, lexIds, lexScores, snippets);
    if (scoring == HybridScoring.EXACT && first == null) {
      return exact(query, allowed);
    }
    try {
      return estimated(query, allowed, first);
    } catch (MissingChunksException stale) {
      // The index still holds chunks that an indexing run (going on, or interrupted) already
      // removed from the store, and the exact pass asked for one of them; the run reconciles them.
      // Until then, search the chunks both hold (the first results, if any, were shown already).
      LongPredicate both = VectorRetriever.inStore(h, allowed);
      return estimated(query, both, null);
    }
  }

  /**
   * One hybrid query's parts: the collection, its open index, the query vector, the keyword hits.
   */
  private record Query(
      CollectionHandle h,
      CairnIndex index,
      float[] q,
      int depth,
      int k,
      long[] lexIds,
      double[] lexScores,
      Map<Long, String> snippets) {}

  /** The fusion of the exact vector list (the index's exact top {@code depth}). */
  private static Retrieval exact(Query x, LongPredicate allowed) throws LibraryException {
    SearchResult r = VectorRetriever.search(x.h(), x.index(), x.q(), x.depth(), allowed);
    List<RankFusion.Fused> f =
        hybridFusion(
            r.hits().stream().mapToLong(SearchHit::chunkId).toArray(),
            r.hits().stream().mapToDouble(SearchHit::score).toArray(),
            x.lexIds(),
            x.lexScores(),
            x.k());
    return new Retrieval(scored(f), r.recomputed(), r.cacheHits(), x.snippets());
  }

  /**
   * The fusion on PQ estimates (shown through {@code first}, when given), then the scoring's exact
   * step.
   *
   * @throws MissingChunksException when a chunk the index holds is gone from the store
   */
  private Retrieval estimated(Query x, LongPredicate allowed, FirstRetrieval first)
      throws LibraryException {
    CollectionHandle h = x.h();
    CairnIndex index = x.index();
    float[] q = x.q();
    int depth = x.depth();
    int k = x.k();
    long[] lexIds = x.lexIds();
    double[] lexScores = x.lexScores();
    Map<Long, String> snippets = x.snippets();
    List<ApproximateHit> approx = VectorRetriever.approximate(h, index, q, depth, allowed);
    Set<Long> inPool = new HashSet<>();
    approx.forEach(a -> inPool.add(a.chunkId()));
    long[] lexOnly = java.util.Arrays.stream(lexIds).filter(id -> !inPool.contains(id)).toArray();
    List<ApproximateHit> lexApprox;
    try {
      lexApprox = index.approximate(q, lexOnly);
    } catch (IOException ex) {
      throw Failures.index("vector scoring in collection '" + h.name + "' failed", ex);
    }
    if (first != null) {
      first.accept(
          new Retrieval(
              scored(
                  BoundedFusion.preliminary(
                      approx, lexApprox, lexIds, lexScores, HYBRID_VECTOR_WEIGHT, depth, k)),
              0,
              0,
              snippets));
    }
    if (scoring == HybridScoring.EXACT) {
      return exact(x, allowed);
    }
    try {
      BoundedFusion.Outcome o =
          scoring == HybridScoring.RERANK
              ? BoundedFusion.rerankTop(
                  approx,
                  lexApprox,
                  lexIds,
                  lexScores,
                  HYBRID_VECTOR_WEIGHT,
                  depth,
                  k,
                  SearchPipeline.HYBRID_RERANK,
                  ids -> index.exactScores(q, ids),
                  null)
              : BoundedFusion.refine(
                  approx,
                  lexApprox,
                  lexIds,
                  lexScores,
                  HYBRID_VECTOR_WEIGHT,
                  depth,
                  k,
                  ids -> index.exactScores(q, ids));
      return new Retrieval(scored(o.fused()), o.recomputed(), o.cacheHits(), snippets);
    } catch (IOException ex) {
      throw Failures.index("vector search in collection '" + h.name + "' failed", ex);
    }
  }

  /** The hybrid fusion of exact lists. */
  static List<RankFusion.Fused> hybridFusion(
      long[] vectorIds, double[] vectorScores, long[] lexicalIds, double[] lexicalScores, int k) {
    return RankFusion.convex(
        vectorIds, vectorScores, lexicalIds, lexicalScores, HYBRID_VECTOR_WEIGHT, k);
  }

  private static List<Scored> scored(List<RankFusion.Fused> f) {
    return f.stream().map(x -> new Scored(x.chunkId(), x.score())).toList();
  }
}
