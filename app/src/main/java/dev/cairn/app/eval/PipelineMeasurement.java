package dev.cairn.app.eval;

import dev.cairn.app.library.CollectionHandle;
import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.Failures;
import dev.cairn.app.library.IndexingSummary;
import dev.cairn.app.library.LibraryException;
import dev.cairn.app.library.RankFusion;
import dev.cairn.app.library.SearchMode;
import dev.cairn.app.library.SearchPipeline;
import dev.cairn.chat.embed.Embedder;
import dev.cairn.chat.embed.EmbeddingException;
import dev.cairn.index.ApproximateHit;
import dev.cairn.index.CairnIndex;
import dev.cairn.index.ExactScores;
import dev.cairn.index.FlatIndex;
import dev.cairn.index.IndexStats;
import dev.cairn.index.SearchHit;
import dev.cairn.index.SearchResult;
import dev.cairn.ingest.ChunkFilter;
import dev.cairn.ingest.ChunkRecord;
import dev.cairn.ingest.LexicalHit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The run over the product's pipeline: every judged query through {@link SearchPipeline#retrieve}
 * (the same path as {@code cairn search} and the window) in each mode, timed, then the quality
 * references outside the timed part (exact flat search, the index's own vector ranking, the fusion
 * sweep). Reads the indexed collection; owns and closes only the exact reference it builds.
 */
final class PipelineMeasurement {
  private PipelineMeasurement() {}

  /** Measures {@code modes} on the indexed evaluation collection, one report per mode. */
  static List<BeirEvaluation.Report> evaluate(
      DefaultLibraryService service,
      BeirEvaluation.Options o,
      List<SearchMode> modes,
      Map<String, Map<String, Integer>> qrels,
      List<BeirDataset.Query> queries,
      Map<String, String> fileToDoc,
      Map<Long, float[]> vectors,
      IndexingSummary summary)
      throws LibraryException, IOException {
    CollectionHandle h = service.handle(BeirEvaluation.COLLECTION);
    Embedder embedder = service.embedder(h);
    CairnIndex index = h.openIndex(embedder, service.indexOptions());
    if (index == null) {
      throw new LibraryException(
          LibraryException.Kind.INVALID_REQUEST,
          "the corpus in " + o.dataset() + " gave no chunks");
    }
    long[] ids = h.store.allChunkIds();
    Map<Long, String> chunkDoc = new HashMap<>();
    for (int i = 0; i < ids.length; i += 512) {
      long[] batch = Arrays.copyOfRange(ids, i, Math.min(ids.length, i + 512));
      for (ChunkRecord c : h.store.chunks(batch)) {
        String name = c.provenance().file().getFileName().toString();
        chunkDoc.put(c.id(), fileToDoc.get(name));
      }
    }
    // Exact reference: flat search over the very vectors the pipeline computed.
    try (FlatIndex flat =
        ExactReference.build(
            o.workDir().resolve("exact-flat.vectors"), h, embedder, ids, vectors)) {
      return measure(
          modes,
          qrels,
          queries,
          summary,
          h,
          service.pipeline(o.scoring()),
          embedder,
          index,
          ids,
          chunkDoc,
          flat,
          fileToDoc.size());
    }
  }

  private static List<BeirEvaluation.Report> measure(
      List<SearchMode> modes,
      Map<String, Map<String, Integer>> qrels,
      List<BeirDataset.Query> queries,
      IndexingSummary summary,
      CollectionHandle h,
      SearchPipeline pipeline,
      Embedder embedder,
      CairnIndex index,
      long[] ids,
      Map<Long, String> chunkDoc,
      FlatIndex flat,
      int docs)
      throws LibraryException, IOException {
    int top = BeirEvaluation.TOP;
    // Enough chunks to fill the top 10 documents when documents span several chunks.
    int depth = (int) Math.ceil(top * Math.max(1.0, (double) ids.length / Math.max(1, docs))) + 5;
    int fusionDepth = Math.max(depth * 2, SearchPipeline.HYBRID_MIN_DEPTH);
    int n = queries.size();
    Map<SearchMode, double[]> latency = new LinkedHashMap<>();
    Map<SearchMode, Double> ndcg = new LinkedHashMap<>();
    Map<SearchMode, long[]> costs = new LinkedHashMap<>();
    modes.forEach(m -> latency.put(m, new double[n]));
    modes.forEach(m -> ndcg.put(m, 0.0));
    modes.forEach(m -> costs.put(m, new long[2]));
    FusionSweep sweep = new FusionSweep();
    double sumExact = 0;
    double sumRecall = 0;
    for (int qi = 0; qi < n; qi++) {
      BeirDataset.Query q = queries.get(qi);
      Map<String, Integer> rel = qrels.get(q.id());
      // Each mode through the product's search pipeline, timed whole (query embedding included).
      for (SearchMode m : modes) {
        int k = m == SearchMode.VECTOR ? fusionDepth : depth;
        long t0 = System.nanoTime();
        SearchPipeline.Retrieval r = pipeline.retrieve(h, q.text(), m, k, ChunkFilter.NONE, null);
        latency.get(m)[qi] = (System.nanoTime() - t0) / 1e6;
        costs.get(m)[0] += r.recomputed();
        costs.get(m)[1] += r.cacheHits();
        List<Long> ranked = r.ranked().stream().map(SearchPipeline.Scored::chunkId).toList();
        ndcg.merge(m, RetrievalMetrics.ndcgAt(docs(ranked, chunkDoc), rel, top), Double::sum);
      }
      // Quality references, outside the timed part: exact flat search over the same vectors,
      // the index's own vector ranking, and the fusion sweep over exact lists.
      float[] qv = embedQuery(embedder, q.text());
      SearchResult vector = index.search(qv, fusionDepth, null);
      long[] vectorIds = vector.hits().stream().mapToLong(SearchHit::chunkId).toArray();
      List<String> indexDocs = docs(Arrays.stream(vectorIds).boxed().toList(), chunkDoc);
      SearchResult exact = flat.search(qv, fusionDepth, null);
      List<String> exactDocs =
          docs(exact.hits().stream().map(SearchHit::chunkId).toList(), chunkDoc);
      sumExact += RetrievalMetrics.ndcgAt(exactDocs, rel, top);
      sumRecall += RetrievalMetrics.overlapAt(indexDocs, exactDocs, top);
      if (modes.contains(SearchMode.HYBRID)) {
        List<LexicalHit> lex = h.store.lexicalSearch(q.text(), fusionDepth, ChunkFilter.NONE);
        sweep.add(
            vectorIds,
            vector.hits().stream().mapToDouble(SearchHit::score).toArray(),
            lex.stream().mapToLong(LexicalHit::chunkId).toArray(),
            lex.stream().mapToDouble(LexicalHit::score).toArray(),
            fusionDepth,
            v -> RetrievalMetrics.ndcgAt(docs(v, chunkDoc), rel, top));
        sweep.addByDocument(
            vectorIds,
            vector.hits().stream().mapToDouble(SearchHit::score).toArray(),
            lex.stream().mapToLong(LexicalHit::chunkId).toArray(),
            lex.stream().mapToDouble(LexicalHit::score).toArray(),
            fusionDepth,
            chunkDoc::get,
            v -> RetrievalMetrics.ndcgAt(docs(v, chunkDoc), rel, top));
        rerankSweep(index, flat, qv, lex, depth, fusionDepth, sweep, chunkDoc, rel, top);
      }
    }
    IndexStats stats = index.stats();
    long indexBytes = stats.totalBytes();
    long flatBytes = stats.flatEquivalentBytes();
    List<BeirEvaluation.Report> reports = new ArrayList<>();
    for (SearchMode m : modes) {
      boolean usesIndex = m != SearchMode.LEXICAL;
      reports.add(
          new BeirEvaluation.Report(
              ndcg.get(m) / n,
              sumExact / n,
              sumRecall / n,
              indexBytes,
              flatBytes,
              flatBytes == 0 ? 0 : (double) indexBytes / flatBytes,
              RetrievalMetrics.percentile(latency.get(m), 50),
              RetrievalMetrics.percentile(latency.get(m), 95),
              usesIndex ? (double) costs.get(m)[0] / n : 0,
              usesIndex ? (double) costs.get(m)[1] / n : 0,
              docs,
              n,
              summary.seconds(),
              m.label(),
              m == SearchMode.HYBRID ? sweep.averaged(n) : Map.of(),
              Double.NaN));
    }
    return reports;
  }

  /** Rerank counts compared by the rerank sweep ({@code HybridScoring.RERANK}'s trade-off). */
  static final int[] RERANK_SWEEP = {0, 5, 10, 15, 20, 25, 30, 35, 40, 50};

  /** Rerank counts of the document-level rerank sweep ("rerank m=N by document"). */
  static final int[] RERANK_BY_DOCUMENT_SWEEP = {10, 15, 20, 30, 50};

  /**
   * Hybrid fusion on PQ estimates with the best m candidates scored exactly, for every m of {@link
   * #RERANK_SWEEP}: the exact scores come from the flat index (nothing is recomputed), so the sweep
   * measures quality only; its nDCG goes to the fusion variants as "rerank m=N".
   */
  private static void rerankSweep(
      CairnIndex index,
      FlatIndex flat,
      float[] qv,
      List<LexicalHit> lex,
      int k,
      int depth,
      FusionSweep sweep,
      Map<Long, String> chunkDoc,
      Map<String, Integer> rel,
      int top)
      throws IOException {
    List<ApproximateHit> approx = index.approximate(qv, depth, null);
    java.util.Set<Long> inPool = new java.util.HashSet<>();
    approx.forEach(a -> inPool.add(a.chunkId()));
    long[] lexIds = lex.stream().mapToLong(LexicalHit::chunkId).toArray();
    double[] lexScores = lex.stream().mapToDouble(LexicalHit::score).toArray();
    long[] lexOnly = Arrays.stream(lexIds).filter(id -> !inPool.contains(id)).toArray();
    List<ApproximateHit> lexApprox = index.approximate(qv, lexOnly);
    java.util.function.Function<long[], ExactScores> exact =
        ids -> {
          java.util.Set<Long> want = new java.util.HashSet<>();
          for (long id : ids) {
            want.add(id);
          }
          SearchResult r = flat.search(qv, Math.max(1, ids.length), want::contains);
          long[] got = r.hits().stream().mapToLong(SearchHit::chunkId).toArray();
          float[] scores = new float[got.length];
          for (int i = 0; i < got.length; i++) {
            scores[i] = r.hits().get(i).score();
          }
          return new ExactScores(got, scores, got.length, 0);
        };
    for (int m : RERANK_SWEEP) {
      List<Long> ranked =
          RankFusion.estimateThenRerank(
                  approx, lexApprox, lexIds, lexScores, depth, k, m, exact, null)
              .stream()
              .map(RankFusion.Fused::chunkId)
              .toList();
      sweep.add("rerank m=" + m, RetrievalMetrics.ndcgAt(docs(ranked, chunkDoc), rel, top));
    }
    for (int m : RERANK_BY_DOCUMENT_SWEEP) {
      List<Long> ranked =
          RankFusion.estimateThenRerank(
                  approx, lexApprox, lexIds, lexScores, depth, k, m, exact, chunkDoc::get)
              .stream()
              .map(RankFusion.Fused::chunkId)
              .toList();
      sweep.add(
          "rerank m=" + m + " by document",
          RetrievalMetrics.ndcgAt(docs(ranked, chunkDoc), rel, top));
    }
  }

  private static float[] embedQuery(Embedder e, String text) throws LibraryException {
    try {
      return e.embedQuery(text);
    } catch (EmbeddingException ex) {
      throw Failures.embedding("cannot embed a query", ex);
    }
  }

  /** Distinct document ids in rank order. */
  static List<String> docs(List<Long> chunkIds, Map<Long, String> chunkDoc) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (long id : chunkIds) {
      String d = chunkDoc.get(id);
      if (d != null) {
        out.add(d);
      }
    }
    return new ArrayList<>(out);
  }
}
