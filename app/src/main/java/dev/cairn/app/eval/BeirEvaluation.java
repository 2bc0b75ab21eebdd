package dev.cairn.app.eval;

import dev.cairn.app.library.CollectionHandle;
import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.Failures;
import dev.cairn.app.library.IndexingListener;
import dev.cairn.app.library.IndexingRun;
import dev.cairn.app.library.IndexingSummary;
import dev.cairn.app.library.LibraryException;
import dev.cairn.app.library.SearchMode;
import dev.cairn.app.library.SearchPipeline;
import dev.cairn.chat.embed.Embedder;
import dev.cairn.chat.embed.EmbeddingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
   * @param hybridScoring how hybrid searches score the vector side; null for the product's ({@link
   *     SearchPipeline#DEFAULT_SCORING})
   */
  public record Options(
      Path dataset,
      String split,
      SearchMode mode,
      int limitDocs,
      int limitQueries,
      Path workDir,
      SearchPipeline.HybridScoring hybridScoring,
      String embedder) {
    /** Options with the default embedder. */
    public Options(
        Path dataset,
        String split,
        SearchMode mode,
        int limitDocs,
        int limitQueries,
        Path workDir,
        SearchPipeline.HybridScoring hybridScoring) {
      this(dataset, split, mode, limitDocs, limitQueries, workDir, hybridScoring, null);
    }

    /** Options with the product's hybrid scoring. */
    public Options(
        Path dataset,
        String split,
        SearchMode mode,
        int limitDocs,
        int limitQueries,
        Path workDir) {
      this(dataset, split, mode, limitDocs, limitQueries, workDir, null);
    }

    SearchPipeline.HybridScoring scoring() {
      return hybridScoring == null ? SearchPipeline.DEFAULT_SCORING : hybridScoring;
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
      if (!fusionVariants.isEmpty()) {
        m.put("fusion_sweep", fusionVariants);
      }
      return m;
    }
  }

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
      Map<String, Map<String, Integer>> qrels = BeirDataset.readQrels(qrelsFile);
      List<BeirDataset.Query> queries =
          BeirDataset.judgedQueries(queriesFile, qrels, o.limitQueries());
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
      Map<String, String> fileToDoc =
          BeirDataset.writeCorpus(corpusFile, corpusDir, keep, o.limitDocs());
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
            PipelineMeasurement.evaluate(
                service, o, modes, qrels, queries, fileToDoc, vectors, summary);
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
}
