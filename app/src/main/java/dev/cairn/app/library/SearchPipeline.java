package dev.cairn.app.library;

import dev.cairn.chat.embed.Embedder;
import dev.cairn.chat.embed.EmbeddingException;
import dev.cairn.index.ApproximateHit;
import dev.cairn.index.CairnIndex;
import dev.cairn.index.IndexSettings;
import dev.cairn.index.SearchHit;
import dev.cairn.index.SearchResult;
import dev.cairn.ingest.ChunkFilter;
import dev.cairn.ingest.LexicalHit;
import dev.cairn.ingest.MissingChunksException;
import dev.cairn.ingest.StoreException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

/**
 * The one search path: one retriever per mode, hybrid fusion and result assembly. {@code cairn
 * search}, the window, the retrieval of answers and {@code cairn eval beir} all run it.
 *
 * <p>Hybrid search ({@link HybridScoring#EXACT}, the product's default) fuses an exact top max(2k,
 * 30) vector list with the lexical hits. {@link HybridScoring#BOUNDED} (experimental, selected in
 * {@code cairn eval beir --hybrid-scoring bounded}) takes the PQ-ranked graph candidates with their
 * calibrated score intervals and recomputes only the candidates whose fused upper bound can still
 * enter the top k ({@link BoundedFusion}); its calibration is not yet shown to hold for real
 * queries (decision 0004).
 *
 * <p>Thread-safe: searches may run concurrently. Owns nothing; the service owns the embedder and
 * the collections.
 */
public final class SearchPipeline {
  /** Candidates each search contributes to hybrid fusion, at least. */
  public static final int HYBRID_MIN_DEPTH = 30;

  /**
   * Weight of the vector scores in hybrid fusion (convex combination of min-max normalised cosine
   * and BM25 scores). Chosen by the fusion sweep of {@code ./bench pipeline scifact}: 0.875 nDCG@10
   * against 0.849 for reciprocal rank fusion (docs/benchmarks.md).
   */
  static final double HYBRID_VECTOR_WEIGHT = 0.6;

  /** How the vector side of a hybrid search is scored. */
  public enum HybridScoring {
    /** Recompute only the candidates whose fused upper bound can enter the top k. */
    BOUNDED,
    /** Recompute the exact top max(2k, 30) vector list, then fuse. */
    EXACT;

    static HybridScoring parse(String text) {
      for (HybridScoring s : values()) {
        if (s.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
          return s;
        }
      }
      throw new IllegalArgumentException(
          "unknown hybrid scoring '" + text + "' (expected bounded or exact)");
    }

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What the pipeline needs from the service. */
  interface Resources {
    /** The embedder of the collection's own choice, opened on first use. */
    Embedder embedder(CollectionHandle h) throws LibraryException;

    /** The index options in effect. */
    IndexSettings indexOptions();
  }

  /** Receives the first, unrefined retrieval of a query. */
  interface FirstRetrieval {
    void accept(Retrieval first) throws LibraryException;
  }

  /** One scored chunk. */
  public record Scored(long chunkId, double score) {}

  /**
   * A ranked list of chunks and what it cost.
   *
   * @param ranked best first, at most k
   * @param recomputed embeddings recomputed for this query
   * @param cacheHits exact embeddings served from the hot cache
   * @param lexicalSnippets FTS snippets of the lexical hits, by chunk id
   */
  public record Retrieval(
      List<Scored> ranked, int recomputed, int cacheHits, Map<Long, String> lexicalSnippets) {}

  private final Resources resources;
  private final HybridScoring scoring;

  SearchPipeline(Resources resources, HybridScoring scoring) {
    this.resources = resources;
    this.scoring = scoring;
  }

  HybridScoring scoring() {
    return scoring;
  }

  SearchPipeline withScoring(HybridScoring other) {
    return new SearchPipeline(resources, other);
  }

  /**
   * Runs a search; {@code first} (may be null) receives an unrefined result set before the exact
   * one is computed (hybrid and vector modes: lexical hits and PQ-ordered candidates, nothing
   * recomputed), on the calling thread.
   */
  SearchResponse search(CollectionHandle h, SearchRequest request, Consumer<SearchResponse> first)
      throws LibraryException {
    long t0 = System.nanoTime();
    // from:, to:, folder:, after:, before:, has:attachment written in the query are filters
    QueryOperators.Parsed parsed = QueryOperators.inSearch(request.query(), request.filter());
    ChunkFilter filter = toChunkFilter(parsed.filter());
    // Reads never build: without a complete index the search is lexical and says so.
    SearchMode mode = request.mode();
    List<String> notices = new ArrayList<>();
    QueryLimits.Bounded query =
        QueryLimits.forSearch(
            parsed.text(), mode == SearchMode.LEXICAL ? null : resources.embedder(h));
    if (mode != SearchMode.LEXICAL) {
      CairnIndex index = h.openIndex(resources.embedder(h), resources.indexOptions());
      CollectionChecks.indexNotice(h, index).ifPresent(notices::add);
      if (index == null && h.store.chunkCount() > 0) {
        mode = SearchMode.LEXICAL;
        notices.add("these results come from the keyword search only");
      }
    }
    notices.addAll(query.notices());
    List<String> terms = Snippets.terms(query.lexicalText());
    FirstRetrieval firstRetrieval =
        first == null
            ? null
            : r ->
                first.accept(
                    new SearchResponse(
                        ResultAssembly.items(h, r.ranked(), terms, r.lexicalSnippets()),
                        0,
                        r.cacheHits(),
                        Duration.ofNanos(System.nanoTime() - t0),
                        notices));
    Retrieval r =
        retrieve(
            h, query.vectorText(), query.lexicalText(), mode, request.k(), filter, firstRetrieval);
    List<ResultItem> items = ResultAssembly.items(h, r.ranked(), terms, r.lexicalSnippets());
    return new SearchResponse(
        items, r.recomputed(), r.cacheHits(), Duration.ofNanos(System.nanoTime() - t0), notices);
  }

  /** Loads the model, opens the collection's index and embeds one query. */
  void warmUp(CollectionHandle h) throws LibraryException {
    Embedder e = resources.embedder(h);
    h.openIndex(e, resources.indexOptions());
    embedQuery(e, "warm up");
  }

  /** The ranked chunks of one query in one mode (no result assembly). */
  public Retrieval retrieve(
      CollectionHandle h,
      String query,
      SearchMode mode,
      int k,
      ChunkFilter filter,
      FirstRetrieval first)
      throws LibraryException {
    return retrieve(h, query, query, mode, k, filter, first);
  }

  /** The same, with the (bounded) texts the vector and the keyword search use. */
  Retrieval retrieve(
      CollectionHandle h,
      String vectorQuery,
      String lexicalQuery,
      SearchMode mode,
      int k,
      ChunkFilter filter,
      FirstRetrieval first)
      throws LibraryException {
    return switch (mode) {
      case LEXICAL -> {
        List<LexicalHit> hits = lexical(h, lexicalQuery, k, filter);
        yield new Retrieval(
            hits.stream().map(x -> new Scored(x.chunkId(), x.score())).toList(),
            0,
            0,
            snippets(hits));
      }
      case VECTOR -> {
        Embedder e = resources.embedder(h);
        CairnIndex index = h.openIndex(e, resources.indexOptions());
        if (index == null) {
          yield new Retrieval(List.of(), 0, 0, Map.of());
        }
        float[] q = embedQuery(e, vectorQuery);
        LongPredicate allowed = allowed(h, filter);
        if (first != null) {
          List<ApproximateHit> approx = approximate(h, index, q, k, allowed);
          first.accept(
              new Retrieval(
                  approx.stream().limit(k).map(a -> new Scored(a.chunkId(), a.estimate())).toList(),
                  0,
                  0,
                  Map.of()));
        }
        SearchResult r = vectorSearch(h, index, q, k, allowed);
        yield new Retrieval(
            r.hits().stream().map(x -> new Scored(x.chunkId(), x.score())).toList(),
            r.recomputed(),
            r.cacheHits(),
            Map.of());
      }
      case HYBRID -> hybrid(h, vectorQuery, lexicalQuery, k, filter, first);
    };
  }

  private Retrieval hybrid(
      CollectionHandle h,
      String vectorQuery,
      String lexicalQuery,
      int k,
      ChunkFilter filter,
      FirstRetrieval first)
      throws LibraryException {
    int depth = Math.max(2 * k, HYBRID_MIN_DEPTH);
    List<LexicalHit> lex = lexical(h, lexicalQuery, depth, filter);
    Map<Long, String> snippets = snippets(lex);
    long[] lexIds = lex.stream().mapToLong(LexicalHit::chunkId).toArray();
    double[] lexScores = lex.stream().mapToDouble(LexicalHit::score).toArray();
    Embedder e = resources.embedder(h);
    CairnIndex index = h.openIndex(e, resources.indexOptions());
    if (index == null) {
      List<RankFusion.Fused> f = hybridFusion(new long[0], new double[0], lexIds, lexScores, k);
      return new Retrieval(scored(f), 0, 0, snippets);
    }
    float[] q = embedQuery(e, vectorQuery);
    LongPredicate allowed = allowed(h, filter);
    if (scoring == HybridScoring.EXACT && first == null) {
      SearchResult r = vectorSearch(h, index, q, depth, allowed);
      List<RankFusion.Fused> f =
          hybridFusion(
              r.hits().stream().mapToLong(SearchHit::chunkId).toArray(),
              r.hits().stream().mapToDouble(SearchHit::score).toArray(),
              lexIds,
              lexScores,
              k);
      return new Retrieval(scored(f), r.recomputed(), r.cacheHits(), snippets);
    }
    List<ApproximateHit> approx = approximate(h, index, q, depth, allowed);
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
      return hybrid(h, vectorQuery, lexicalQuery, k, filter, null);
    }
    try {
      BoundedFusion.Outcome o =
          BoundedFusion.refine(
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

  /** The hybrid fusion of exact lists, used by the exact path and the evaluation's sweep. */
  static List<RankFusion.Fused> hybridFusion(
      long[] vectorIds, double[] vectorScores, long[] lexicalIds, double[] lexicalScores, int k) {
    return RankFusion.convex(
        vectorIds, vectorScores, lexicalIds, lexicalScores, HYBRID_VECTOR_WEIGHT, k);
  }

  private static List<Scored> scored(List<RankFusion.Fused> f) {
    return f.stream().map(x -> new Scored(x.chunkId(), x.score())).toList();
  }

  private static Map<Long, String> snippets(List<LexicalHit> hits) {
    Map<Long, String> out = new HashMap<>();
    hits.forEach(x -> out.put(x.chunkId(), x.snippet()));
    return out;
  }

  private static SearchResult vectorSearch(
      CollectionHandle h, CairnIndex index, float[] q, int k, LongPredicate allowed)
      throws LibraryException {
    try {
      try {
        return index.search(q, k, allowed);
      } catch (MissingChunksException stale) {
        // The index still holds chunks that an indexing run (going on, or interrupted) already
        // removed from the store; the run reconciles them. Until then, search the chunks both hold.
        long[] inStore = h.store.allChunkIds();
        LongPredicate both =
            id ->
                java.util.Arrays.binarySearch(inStore, id) >= 0
                    && (allowed == null || allowed.test(id));
        return index.search(q, k, both);
      }
    } catch (IOException ex) {
      throw Failures.index("vector search in collection '" + h.name + "' failed", ex);
    }
  }

  private static List<ApproximateHit> approximate(
      CollectionHandle h, CairnIndex index, float[] q, int depth, LongPredicate allowed)
      throws LibraryException {
    try {
      return index.approximate(q, depth, allowed);
    } catch (IOException ex) {
      throw Failures.index("vector search in collection '" + h.name + "' failed", ex);
    }
  }

  private static LongPredicate allowed(CollectionHandle h, ChunkFilter filter)
      throws LibraryException {
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

  private static List<LexicalHit> lexical(
      CollectionHandle h, String query, int k, ChunkFilter filter) throws LibraryException {
    try {
      return h.store.lexicalSearch(query, k, filter);
    } catch (StoreException ex) {
      throw Failures.io("lexical search in collection '" + h.name + "' failed", ex);
    }
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
        f.folder(),
        types,
        f.from(),
        f.to() == null ? null : f.to().plusNanos(1),
        f.sender(),
        f.language(),
        f.recipient(),
        f.mailFolder(),
        f.hasAttachment());
  }
}
