package dev.cairn.app.library;

import dev.cairn.chat.embed.Embedder;
import dev.cairn.index.CairnIndex;
import dev.cairn.index.IndexClosedException;
import dev.cairn.index.IndexSettings;
import dev.cairn.ingest.ChunkFilter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The one search path: one retriever per mode ({@link LexicalRetriever}, {@link VectorRetriever},
 * {@link HybridRetriever}, which fuses), then result assembly ({@link ResultAssembly}). {@code
 * cairn search}, the window, the retrieval of answers and {@code cairn eval beir} all run it. This
 * class parses the request (operators, filter, bounded query texts), falls back to the keyword
 * search when the collection has no index yet, and picks the retriever of the mode.
 *
 * <p>Hybrid search ({@link HybridScoring#RERANK}, the product's default since decision 0004 item
 * 2c) fuses the lexical hits with the index's PQ estimates, recomputes the best {@value
 * #HYBRID_RERANK} fused candidates in one batch and fuses again; {@link HybridScoring#EXACT} fuses
 * an exact top max(2k, 30) vector list with the lexical hits (about 11× the recomputations, the
 * same quality within the spread between index builds). {@link HybridScoring#BOUNDED}
 * (experimental, selected in {@code cairn eval beir --hybrid-scoring bounded}) takes the PQ-ranked
 * graph candidates with their calibrated score intervals and recomputes only the candidates whose
 * fused upper bound can still enter the top k ({@link BoundedFusion}); its calibration is not yet
 * shown to hold for real queries (decision 0004).
 *
 * <p>Thread-safe: searches may run concurrently. Owns nothing; the service owns the embedder and
 * the collections.
 */
public final class SearchPipeline {
  /**
   * Candidates recomputed by {@link HybridScoring#RERANK}: the best of the estimate-fused list, in
   * one batch, whatever k and the depth are.
   */
  static final int HYBRID_RERANK = 15;

  /** Candidates each search contributes to hybrid fusion, at least. */
  public static final int HYBRID_MIN_DEPTH = 30;

  /**
   * Weight of the vector scores in hybrid fusion (convex combination of min-max normalised cosine
   * and BM25 scores). Chosen by the fusion sweep of {@code ./bench pipeline scifact}: 0.875 nDCG@10
   * against 0.849 for reciprocal rank fusion (docs/benchmarks.md).
   */
  static final double HYBRID_VECTOR_WEIGHT = 0.6;

  /** The hybrid scoring of the window, {@code cairn search}, answers and the server. */
  public static final HybridScoring DEFAULT_SCORING = HybridScoring.RERANK;

  /** How the vector side of a hybrid search is scored. */
  public enum HybridScoring {
    /** Recompute only the candidates whose fused upper bound can enter the top k. */
    BOUNDED,
    /** Recompute the exact top max(2k, 30) vector list, then fuse. */
    EXACT,
    /**
     * Fuse on PQ estimates, recompute the best {@link #HYBRID_RERANK} fused candidates in one
     * batch, fuse again ({@link BoundedFusion#rerankTop}).
     */
    RERANK;

    /** The scoring named (case-insensitive); null text gives {@link #DEFAULT_SCORING}. */
    public static HybridScoring parse(String text) {
      if (text == null) {
        return DEFAULT_SCORING;
      }
      for (HybridScoring s : values()) {
        if (s.name().equalsIgnoreCase(text.strip())) {
          return s;
        }
      }
      throw new IllegalArgumentException(
          "unknown hybrid scoring '" + text + "' (expected bounded, exact or rerank)");
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
  private final VectorRetriever vector;
  private final HybridRetriever hybrid;

  SearchPipeline(Resources resources, HybridScoring scoring) {
    this.resources = resources;
    this.scoring = scoring;
    this.vector = new VectorRetriever(resources);
    this.hybrid = new HybridRetriever(resources, scoring);
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
    VectorRetriever.embedQuery(e, "warm up");
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
    try {
      return retrieveOnce(h, vectorQuery, lexicalQuery, mode, k, filter, first);
    } catch (IndexClosedException replaced) {
      // A rebuild or re-embed closed the index this search had opened (its new generation is
      // committed, or being built): search once more on the collection's current index.
      try {
        return retrieveOnce(h, vectorQuery, lexicalQuery, mode, k, filter, first);
      } catch (IndexClosedException again) {
        throw new LibraryException(
            LibraryException.Kind.BUSY,
            "the index of collection '" + h.name + "' is being replaced; search again in a moment",
            again);
      }
    }
  }

  private Retrieval retrieveOnce(
      CollectionHandle h,
      String vectorQuery,
      String lexicalQuery,
      SearchMode mode,
      int k,
      ChunkFilter filter,
      FirstRetrieval first)
      throws LibraryException {
    return switch (mode) {
      case LEXICAL -> LexicalRetriever.retrieve(h, lexicalQuery, k, filter);
      case VECTOR -> vector.retrieve(h, vectorQuery, k, filter, first);
      case HYBRID -> hybrid.retrieve(h, vectorQuery, lexicalQuery, k, filter, first);
    };
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
