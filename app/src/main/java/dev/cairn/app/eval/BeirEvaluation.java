package dev.cairn.app.eval;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.library.CollectionHandle;
import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.Failures;
import dev.cairn.app.library.IndexingListener;
import dev.cairn.app.library.IndexingRun;
import dev.cairn.app.library.IndexingSummary;
import dev.cairn.app.library.LibraryException;
import dev.cairn.app.library.RankFusion;
import dev.cairn.app.library.SearchMode;
import dev.cairn.app.library.SearchPipeline;
import dev.cairn.chat.embed.Embedder;
import dev.cairn.chat.embed.EmbeddingException;
import dev.cairn.index.CairnIndex;
import dev.cairn.index.ChunkVector;
import dev.cairn.index.EmbeddingSource;
import dev.cairn.index.FlatIndex;
import dev.cairn.index.IndexStats;
import dev.cairn.index.SearchHit;
import dev.cairn.index.SearchResult;
import dev.cairn.ingest.ChunkFilter;
import dev.cairn.ingest.ChunkRecord;
import dev.cairn.ingest.LexicalHit;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates Cairn's retrieval on a BEIR dataset end to end: writes each corpus document (title + "
 * " + text) as a text file, indexes the folder into a temporary collection through the normal
 * pipeline with the default embedder, runs every judged query in the chosen mode, and compares with
 * exact flat search over the same embeddings from the same run.
 */
public final class BeirEvaluation {
  private static final Logger LOG = LoggerFactory.getLogger(BeirEvaluation.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int TOP = 10;
  static final String COLLECTION = "beir";

  private BeirEvaluation() {}

  /**
   * What to evaluate.
   *
   * @param dataset the BEIR folder (corpus.jsonl, queries.jsonl, qrels/SPLIT.tsv)
   * @param split the qrels split, e.g. {@code test}
   * @param mode the search mode whose nDCG is reported
   * @param limitDocs at most this many documents (0 = all); documents judged for the chosen queries
   *     are always kept, the rest fill up in corpus order
   * @param limitQueries at most this many judged queries (0 = all), in queries.jsonl order
   * @param workDir where to put the corpus files and the temporary home (deleted afterwards)
   * @param exactHybrid score hybrid searches by the earlier exact path (exact top max(2k, 30)
   *     vector list, then fusion) instead of the product's bounded fusion, for comparison
   */
  public record Options(
      Path dataset,
      String split,
      SearchMode mode,
      int limitDocs,
      int limitQueries,
      Path workDir,
      boolean exactHybrid,
      String embedder) {
    /** Options with the default embedder. */
    public Options(
        Path dataset,
        String split,
        SearchMode mode,
        int limitDocs,
        int limitQueries,
        Path workDir,
        boolean exactHybrid) {
      this(dataset, split, mode, limitDocs, limitQueries, workDir, exactHybrid, null);
    }

    /** Options with the product's hybrid scoring. */
    public Options(
        Path dataset,
        String split,
        SearchMode mode,
        int limitDocs,
        int limitQueries,
        Path workDir) {
      this(dataset, split, mode, limitDocs, limitQueries, workDir, false);
    }

    SearchPipeline.HybridScoring scoring() {
      return exactHybrid
          ? SearchPipeline.HybridScoring.EXACT
          : SearchPipeline.HybridScoring.BOUNDED;
    }

    public Options {
      Objects.requireNonNull(dataset, "dataset");
      Objects.requireNonNull(split, "split");
      Objects.requireNonNull(mode, "mode");
      Objects.requireNonNull(workDir, "workDir");
      if (limitDocs < 0 || limitQueries < 0) {
        throw new IllegalArgumentException(
            "limits must be >= 0, got docs " + limitDocs + ", queries " + limitQueries);
      }
    }
  }

  /** The figures, named as the JSON keys of {@code cairn eval beir}. */
  public record Report(
      double ndcgAt10,
      double exactNdcgAt10,
      double recallAt10VsExact,
      long indexBytes,
      long flatBytes,
      double storageRatio,
      double p50Ms,
      double p95Ms,
      double recomputesPerQuery,
      double cacheHitsPerQuery,
      int docs,
      int queries,
      double indexSeconds,
      String mode,
      Map<String, Double> fusionVariants,
      double embedOnlySeconds) {

    /** The report as an ordered map with exactly the contract's keys. */
    public Map<String, Object> toJsonMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("ndcg@10", ndcgAt10);
      m.put("exact_ndcg@10", exactNdcgAt10);
      m.put("recall@10_vs_exact", recallAt10VsExact);
      m.put("index_bytes", indexBytes);
      m.put("flat_bytes", flatBytes);
      m.put("storage_ratio", storageRatio);
      m.put("p50_ms", p50Ms);
      m.put("p95_ms", p95Ms);
      m.put("recomputes_per_query", recomputesPerQuery);
      m.put("cache_hits_per_query", cacheHitsPerQuery);
      m.put("docs", docs);
      m.put("queries", queries);
      m.put("index_seconds", indexSeconds);
      m.put("mode", mode);
      return m;
    }
  }

  record Query(String id, String text) {}

  /** Runs the evaluation in {@code o.mode()}; blocks for as long as embedding the corpus takes. */
  public static Report run(Options o, IndexingListener progress) throws LibraryException {
    return runModes(o, List.of(o.mode()), progress).getFirst();
  }

  /**
   * Indexes once and evaluates each of {@code modes} (one vector-index search per query serves all
   * modes; latencies are measured per mode from its own parts).
   */
  public static List<Report> runModes(Options o, List<SearchMode> modes, IndexingListener progress)
      throws LibraryException {
    return runModes(o, modes, progress, false);
  }

  /**
   * As {@link #runModes(Options, List, IndexingListener)}; with {@code measureEmbedOnly}, also
   * times the embedder alone on the very chunk texts the pipeline indexed (batches of {@value
   * IndexingRun#EMBED_BATCH}, same process, same model), reported as {@code embedOnlySeconds}.
   */
  public static List<Report> runModes(
      Options o, List<SearchMode> modes, IndexingListener progress, boolean measureEmbedOnly)
      throws LibraryException {
    Path ds = o.dataset();
    Path corpusFile = ds.resolve("corpus.jsonl");
    Path queriesFile = ds.resolve("queries.jsonl");
    Path qrelsFile = ds.resolve("qrels").resolve(o.split() + ".tsv");
    for (Path p : List.of(corpusFile, queriesFile, qrelsFile)) {
      if (!Files.isRegularFile(p)) {
        throw new LibraryException(
            LibraryException.Kind.INVALID_REQUEST,
            "not a BEIR dataset folder: " + p + " is missing");
      }
    }
    try {
      Map<String, Map<String, Integer>> qrels = readQrels(qrelsFile);
      List<Query> queries = new ArrayList<>();
      for (Query q : readQueries(queriesFile)) {
        if (qrels.containsKey(q.id())) {
          queries.add(q);
          if (o.limitQueries() > 0 && queries.size() >= o.limitQueries()) {
            break;
          }
        }
      }
      if (queries.isEmpty()) {
        throw new LibraryException(
            LibraryException.Kind.INVALID_REQUEST, "no judged queries in " + qrelsFile);
      }
      Set<String> keep = new LinkedHashSet<>();
      if (o.limitDocs() > 0) {
        queries.forEach(q -> keep.addAll(qrels.get(q.id()).keySet()));
      }
      Path corpusDir = o.workDir().resolve("corpus");
      Files.createDirectories(corpusDir);
      Map<String, String> fileToDoc = writeCorpus(corpusFile, corpusDir, keep, o.limitDocs());
      Path home = o.workDir().resolve("home");
      try (DefaultLibraryService service = DefaultLibraryService.open(home)) {
        if (o.embedder() != null) {
          service.createCollection(COLLECTION, o.embedder());
        }
        Map<Long, float[]> vectors = new ConcurrentHashMap<>();
        IndexingRun run =
            service.startIndexing(
                COLLECTION,
                List.of(corpusDir),
                progress,
                v -> vectors.put(v.chunkId(), v.vector()));
        IndexingSummary summary = run.await();
        if (summary.failed() > 0) {
          LOG.warn("{} corpus files failed to index", summary.failed());
        }
        double embedOnly = measureEmbedOnly ? embedOnlySeconds(service) : Double.NaN;
        List<Report> reports =
            evaluate(service, o, modes, qrels, queries, fileToDoc, vectors, summary);
        List<Report> out = new ArrayList<>();
        for (Report r : reports) {
          out.add(
              new Report(
                  r.ndcgAt10(),
                  r.exactNdcgAt10(),
                  r.recallAt10VsExact(),
                  r.indexBytes(),
                  r.flatBytes(),
                  r.storageRatio(),
                  r.p50Ms(),
                  r.p95Ms(),
                  r.recomputesPerQuery(),
                  r.cacheHitsPerQuery(),
                  r.docs(),
                  r.queries(),
                  r.indexSeconds(),
                  r.mode(),
                  r.fusionVariants(),
                  embedOnly));
        }
        return out;
      }
    } catch (IOException e) {
      throw Failures.io("BEIR evaluation of " + ds + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LibraryException(LibraryException.Kind.CANCELLED, "evaluation interrupted", e);
    } finally {
      try {
        CollectionHandle.deleteRecursively(o.workDir());
      } catch (IOException e) {
        LOG.warn("cannot delete {}: {}", o.workDir(), e.toString());
      }
    }
  }

  private static List<Report> evaluate(
      DefaultLibraryService service,
      Options o,
      List<SearchMode> modes,
      Map<String, Map<String, Integer>> qrels,
      List<Query> queries,
      Map<String, String> fileToDoc,
      Map<Long, float[]> vectors,
      IndexingSummary summary)
      throws LibraryException, IOException {
    CollectionHandle h = service.handle(COLLECTION);
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
      long[] batch = java.util.Arrays.copyOfRange(ids, i, Math.min(ids.length, i + 512));
      for (ChunkRecord c : h.store.chunks(batch)) {
        String name = c.provenance().file().getFileName().toString();
        chunkDoc.put(c.id(), fileToDoc.get(name));
      }
    }
    // Exact reference: flat search over the very vectors the pipeline computed.
    List<ChunkVector> flatVectors = new ArrayList<>();
    for (long id : ids) {
      float[] v = vectors.get(id);
      if (v == null) {
        // The collection's source, seen through the index's interface (its class is the library's).
        EmbeddingSource source = h.source(embedder);
        v = source.embed(new long[] {id})[0];
      }
      flatVectors.add(new ChunkVector(id, v));
    }
    try (FlatIndex flat =
        FlatIndex.build(
            o.workDir().resolve("exact-flat.vectors"),
            embedder.info().dimensions(),
            flatVectors.iterator())) {
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

  private static List<Report> measure(
      List<SearchMode> modes,
      Map<String, Map<String, Integer>> qrels,
      List<Query> queries,
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
    // Enough chunks to fill the top 10 documents when documents span several chunks.
    int depth = (int) Math.ceil(TOP * Math.max(1.0, (double) ids.length / Math.max(1, docs))) + 5;
    int fusionDepth = Math.max(depth * 2, SearchPipeline.HYBRID_MIN_DEPTH);
    int n = queries.size();
    Map<SearchMode, double[]> latency = new LinkedHashMap<>();
    Map<SearchMode, Double> ndcg = new LinkedHashMap<>();
    Map<SearchMode, long[]> costs = new LinkedHashMap<>();
    modes.forEach(m -> latency.put(m, new double[n]));
    modes.forEach(m -> ndcg.put(m, 0.0));
    modes.forEach(m -> costs.put(m, new long[2]));
    Map<String, Double> variants = new LinkedHashMap<>();
    double sumExact = 0;
    double sumRecall = 0;
    for (int qi = 0; qi < n; qi++) {
      Query q = queries.get(qi);
      Map<String, Integer> rel = qrels.get(q.id());
      // Each mode through the product's search pipeline, timed whole (query embedding included).
      Map<SearchMode, List<Long>> rankedByMode = new LinkedHashMap<>();
      for (SearchMode m : modes) {
        int k = m == SearchMode.VECTOR ? fusionDepth : depth;
        long t0 = System.nanoTime();
        SearchPipeline.Retrieval r = pipeline.retrieve(h, q.text(), m, k, ChunkFilter.NONE, null);
        latency.get(m)[qi] = (System.nanoTime() - t0) / 1e6;
        costs.get(m)[0] += r.recomputed();
        costs.get(m)[1] += r.cacheHits();
        List<Long> ranked = r.ranked().stream().map(SearchPipeline.Scored::chunkId).toList();
        rankedByMode.put(m, ranked);
        ndcg.merge(m, RetrievalMetrics.ndcgAt(docs(ranked, chunkDoc), rel, TOP), Double::sum);
      }
      // Quality references, outside the timed part: exact flat search over the same vectors,
      // the index's own vector ranking, and the fusion sweep over exact lists.
      float[] qv = embedQuery(embedder, q.text());
      SearchResult vector = index.search(qv, fusionDepth, null);
      long[] vectorIds = vector.hits().stream().mapToLong(SearchHit::chunkId).toArray();
      List<String> indexDocs = docs(boxed(vectorIds), chunkDoc);
      SearchResult exact = flat.search(qv, fusionDepth, null);
      List<String> exactDocs =
          docs(exact.hits().stream().map(SearchHit::chunkId).toList(), chunkDoc);
      sumExact += RetrievalMetrics.ndcgAt(exactDocs, rel, TOP);
      sumRecall += overlapAt(indexDocs, exactDocs, TOP);
      if (modes.contains(SearchMode.HYBRID)) {
        List<LexicalHit> lex = h.store.lexicalSearch(q.text(), fusionDepth, ChunkFilter.NONE);
        long[] lexicalIds = lex.stream().mapToLong(LexicalHit::chunkId).toArray();
        double[] vScores = vector.hits().stream().mapToDouble(SearchHit::score).toArray();
        double[] lScores = lex.stream().mapToDouble(LexicalHit::score).toArray();
        for (var e : FUSION_VARIANTS.entrySet()) {
          List<Long> v =
              e.getValue().fuse(vectorIds, vScores, lexicalIds, lScores, fusionDepth).stream()
                  .map(RankFusion.Fused::chunkId)
                  .toList();
          variants.merge(
              e.getKey(), RetrievalMetrics.ndcgAt(docs(v, chunkDoc), rel, TOP), Double::sum);
        }
      }
    }
    IndexStats stats = index.stats();
    long indexBytes = stats.totalBytes();
    long flatBytes = stats.flatEquivalentBytes();
    List<Report> reports = new ArrayList<>();
    for (SearchMode m : modes) {
      boolean usesIndex = m != SearchMode.LEXICAL;
      reports.add(
          new Report(
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
              m == SearchMode.HYBRID ? averaged(variants, n) : Map.of(),
              Double.NaN));
    }
    return reports;
  }

  /** Seconds the embedder alone needs for every chunk text of the collection. */
  private static double embedOnlySeconds(DefaultLibraryService service) throws LibraryException {
    CollectionHandle h = service.handle(COLLECTION);
    Embedder embedder = service.embedder(h);
    long[] ids = h.store.allChunkIds();
    List<String> texts = h.store.chunkTexts(ids);
    long t0 = System.nanoTime();
    for (int i = 0; i < texts.size(); i += IndexingRun.EMBED_BATCH) {
      try {
        embedder.embed(texts.subList(i, Math.min(texts.size(), i + IndexingRun.EMBED_BATCH)));
      } catch (EmbeddingException e) {
        throw Failures.embedding("embedding for the timing failed", e);
      }
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /** A fusion of scored vector and lexical rankings, for the fusion sweep. */
  interface Fusion {
    List<RankFusion.Fused> fuse(long[] v, double[] vs, long[] l, double[] ls, int k);
  }

  /** Fusions compared on every hybrid evaluation (their nDCG@10 goes to fusionVariants). */
  static final Map<String, Fusion> FUSION_VARIANTS = new LinkedHashMap<>();

  static {
    FUSION_VARIANTS.put("rrf c=60", (v, vs, l, ls, k) -> RankFusion.fuse(v, l, 1, 1, 60, k));
    FUSION_VARIANTS.put("rrf c=20", (v, vs, l, ls, k) -> RankFusion.fuse(v, l, 1, 1, 20, k));
    FUSION_VARIANTS.put(
        "rrf c=60 lexical x1.5", (v, vs, l, ls, k) -> RankFusion.fuse(v, l, 1, 1.5, 60, k));
    FUSION_VARIANTS.put(
        "rrf c=60 vector x1.5", (v, vs, l, ls, k) -> RankFusion.fuse(v, l, 1.5, 1, 60, k));
    for (double a : new double[] {0.3, 0.4, 0.5, 0.6, 0.7}) {
      FUSION_VARIANTS.put(
          "convex alpha=" + a, (v, vs, l, ls, k) -> RankFusion.convex(v, vs, l, ls, a, k));
    }
  }

  private static Map<String, Double> averaged(Map<String, Double> sums, int n) {
    Map<String, Double> out = new LinkedHashMap<>();
    sums.forEach((k, v) -> out.put(k, v / n));
    return out;
  }

  private static List<Long> boxed(long[] ids) {
    return java.util.Arrays.stream(ids).boxed().toList();
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

  private static double overlapAt(List<String> candidate, List<String> reference, int k) {
    List<String> ref = reference.subList(0, Math.min(k, reference.size()));
    if (ref.isEmpty()) {
      return 1;
    }
    Set<String> cand = new java.util.HashSet<>(candidate.subList(0, Math.min(k, candidate.size())));
    return (double) ref.stream().filter(cand::contains).count() / ref.size();
  }

  static Map<String, Map<String, Integer>> readQrels(Path file) throws IOException {
    Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      boolean first = true;
      while ((line = r.readLine()) != null) {
        String[] f = line.split("\t");
        if (first && f.length >= 1 && f[0].equals("query-id")) {
          first = false;
          continue;
        }
        first = false;
        if (f.length < 3) {
          continue;
        }
        int rel = Integer.parseInt(f[2].strip());
        out.computeIfAbsent(f[0].strip(), k -> new LinkedHashMap<>()).put(f[1].strip(), rel);
      }
    }
    out.values().removeIf(m -> m.values().stream().noneMatch(v -> v > 0));
    return out;
  }

  static List<Query> readQueries(Path file) throws IOException {
    List<Query> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (it.hasNext()) {
        JsonNode n = it.next();
        out.add(new Query(n.path("_id").asText(), n.path("text").asText()));
      }
    }
    return out;
  }

  /** Writes each kept document as {@code <safe id>.txt}; returns file name → document id. */
  private static Map<String, String> writeCorpus(Path corpus, Path dir, Set<String> keep, int limit)
      throws IOException {
    Map<String, String> fileToDoc = new LinkedHashMap<>();
    List<JsonNode> fillers = new ArrayList<>();
    try (JsonParser p = JSON.getFactory().createParser(corpus.toFile());
        MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(p)) {
      while (it.hasNext()) {
        JsonNode n = it.next();
        String id = n.path("_id").asText();
        if (limit == 0 || keep.contains(id)) {
          write(n, dir, fileToDoc);
        } else if (keep.size() + fillers.size() < limit) {
          fillers.add(n);
        }
      }
    }
    for (JsonNode n : fillers) {
      if (fileToDoc.size() >= limit) {
        break;
      }
      write(n, dir, fileToDoc);
    }
    return fileToDoc;
  }

  private static void write(JsonNode n, Path dir, Map<String, String> fileToDoc)
      throws IOException {
    String id = n.path("_id").asText();
    String title = n.path("title").asText("");
    String text = n.path("text").asText("");
    String doc = (title + " " + text).strip();
    if (doc.isEmpty()) {
      return;
    }
    String name = id.replaceAll("[^A-Za-z0-9._-]", "_") + ".txt";
    if (fileToDoc.containsKey(name)) {
      name = fileToDoc.size() + "-" + name;
    }
    Files.writeString(dir.resolve(name), doc, StandardCharsets.UTF_8);
    fileToDoc.put(name, id);
  }
}
