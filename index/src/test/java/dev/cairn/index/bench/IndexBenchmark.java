package dev.cairn.index.bench;

import dev.cairn.index.CairnIndex;
import dev.cairn.index.ChunkVector;
import dev.cairn.index.EmbeddingSource;
import dev.cairn.index.FlatIndex;
import dev.cairn.index.IndexOptions;
import dev.cairn.index.IndexStats;
import dev.cairn.index.SearchHit;
import dev.cairn.index.SearchOptions;
import dev.cairn.index.SearchResult;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * SciFact side by side: exact flat search vs the Cairn index, with real all-MiniLM-L6-v2 embeddings
 * (ONNX Runtime). Prints nDCG@10, recall@10 vs exact, storage, latency, recomputations and cache
 * hits per query, build time, and the pruning result.
 *
 * <p>Args: {@code [latencyQueries=300] [nosweep]}: 0 latency queries skips the run with the real
 * embedder; {@code nosweep} skips the configuration sweep (which stands the stored corpus
 * embeddings in for recomputation). Corpus embeddings are cached under index/target/bench-cache.
 */
public final class IndexBenchmark {
  static final String MODEL_ID = "all-MiniLM-L6-v2/onnx-fp32/mean/norm";

  public static void main(String[] args) throws Exception {
    int latencyQueries = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    SciFact data = SciFact.load();
    System.out.printf(
        "SciFact: %d docs, %d test queries%n", data.docIds.size(), data.queries.size());
    AllMiniLmL6V2EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();
    Path cacheDir =
        Files.isDirectory(Path.of("index"))
            ? Path.of("index/target/bench-cache")
            : Path.of("target/bench-cache");
    Path corpusFile = cacheDir.resolve("scifact-minilm-corpus.f32");
    float[][] corpus;
    if (Files.exists(corpusFile)) {
      corpus = SciFact.loadVectors(corpusFile);
      System.out.printf("corpus embeddings loaded from %s%n", corpusFile);
    } else {
      long t = System.nanoTime();
      corpus = embed(model, data.docTexts);
      SciFact.save(corpusFile, corpus);
      System.out.printf(
          "embedded %d abstracts in %.1f s (%.1f ms/doc)%n",
          corpus.length, secs(t), ms(t) / corpus.length);
    }
    List<String> qids = new ArrayList<>(data.queries.keySet());
    long tq = System.nanoTime();
    float[][] queries = embed(model, qids.stream().map(data.queries::get).toList());
    double queryEmbedMs = ms(tq) / queries.length;
    System.out.printf("query embedding: %.1f ms/query%n", queryEmbedMs);
    int dims = corpus[0].length;

    Path work = Files.createTempDirectory("cairn-index-bench");
    // ---- exact flat
    long tf = System.nanoTime();
    FlatIndex flat = FlatIndex.build(work.resolve("flat.bin"), dims, vectors(corpus));
    double flatBuild = secs(tf);
    List<List<SearchHit>> exact = new ArrayList<>();
    long[] flatLat = new long[queries.length];
    double flatNdcg = 0;
    for (int i = 0; i < queries.length; i++) {
      SearchResult r = flat.search(queries[i], 10, null);
      flatLat[i] = r.elapsedNanos();
      exact.add(r.hits());
      flatNdcg += data.ndcg10(qids.get(i), names(data, r.hits()));
    }
    flatNdcg /= queries.length;
    System.out.printf(
        "%nexact flat: nDCG@10 %.4f, storage %d B (100%%), build %.2f s, search p50 %.2f ms p95"
            + " %.2f ms%n",
        flatNdcg, flat.sizeInBytes(), flatBuild, pct(flatLat, 50) / 1e6, pct(flatLat, 95) / 1e6);

    // ---- quality sweep with stored embeddings standing in for recomputation (same vectors)
    EmbeddingSource stored = new StoredSource(corpus, dims);
    IndexOptions defaults = IndexOptions.defaults();
    System.out.printf("%ndefaults: %s%n", defaults);
    System.out.println(
        "config                         | nDCG@10 | ratio to flat | recall@10 | recomputed/q |"
            + " cache hits/q | avg degree | storage | build s");
    SearchOptions search = SearchOptions.defaults();
    Object[][] configs = {
      {"pruned (default)", defaults, search},
      {"unpruned M=32", defaults.toBuilder().prune(false).build(), search},
      {"pruned, ef 80", defaults, search.toBuilder().searchBeamWidth(80).build()},
      {
        "unpruned M=32, ef 80",
        defaults.toBuilder().prune(false).build(),
        search.toBuilder().searchBeamWidth(80).build()
      },
      {"pruned, margin q0.85", defaults, search.toBuilder().rerankMarginQuantile(0.85).build()},
      {"pruned, margin q0.95", defaults, search.toBuilder().rerankMarginQuantile(0.95).build()},
      {"pruned, PQ 64x4bit (32 B)", defaults.toBuilder().pqSubspaces(64).build(), search},
      {"pruned, PQ 48x8bit (48 B)", defaults.toBuilder().pqSubspaces(48).pqBits(8).build(), search},
    };
    boolean sweep = !(args.length > 1 && args[1].equals("nosweep"));
    for (Object[] c : sweep ? configs : new Object[0][]) {
      Path dir = work.resolve("sweep-" + Math.abs(c[0].hashCode()));
      long tb = System.nanoTime();
      try (CairnIndex idx =
          CairnIndex.build(
              dir, (IndexOptions) c[1], (SearchOptions) c[2], stored, vectors(corpus))) {
        double build = secs(tb);
        Quality q = quality(data, qids, queries, exact, idx, queries.length);
        IndexStats s = idx.stats();
        System.out.printf(
            "%-30s | %.4f  | %.3f         | %.4f    | %6.1f       | %6.1f       | %5.2f ->"
                + " %5.2f | %.2f%%  | %.1f | graph %.1f + PQ %.1f + cache %.1f B/vector%n",
            c[0],
            q.ndcg,
            q.ndcg / flatNdcg,
            q.recall,
            q.recomputed,
            q.cacheHits,
            idx.degreeBeforePruning(),
            s.averageDegree(),
            100 * s.storageRatio(),
            build,
            (double) s.graphBytes() / s.size(),
            (double) s.pqBytes() / s.size(),
            (double) s.cacheBytes() / s.size());
      }
    }

    // ---- latency with the real embedder recomputing
    if (latencyQueries == 0) {
      return;
    }
    Path dir = work.resolve("real");
    ModelSource real = new ModelSource(model, data.docTexts, dims);
    long tb = System.nanoTime();
    try (CairnIndex idx = CairnIndex.build(dir, defaults, real, vectors(corpus))) {
      double build = secs(tb);
      int warm = Math.min(20, Math.max(3, latencyQueries / 4));
      for (int i = 0; i < warm; i++) {
        idx.search(queries[queries.length - 1 - i], 10, null);
      }
      int nq = Math.min(latencyQueries, queries.length);
      Quality q = quality(data, qids, queries, exact, idx, nq);
      IndexStats s = idx.stats();
      System.out.printf(
          "%nCairn index, real embedder recomputing (%d queries after %d warm-up):%n", nq, warm);
      System.out.printf(
          "  nDCG@10 %.4f (%.3f x exact %.4f on the same queries), recall@10 vs exact %.4f%n",
          q.ndcg, q.ndcg / q.flatNdcgSame, q.flatNdcgSame, q.recall);
      System.out.printf(
          "  search latency p50 %.0f ms, p95 %.0f ms, mean %.0f ms (+ %.1f ms query"
              + " embedding)%n",
          pct(q.latency, 50) / 1e6,
          pct(q.latency, 95) / 1e6,
          Arrays.stream(q.latency).average().orElse(0) / 1e6,
          queryEmbedMs);
      System.out.printf(
          "  recomputed %.1f/query, cache hits %.1f/query, recompute cost %.1f ms/chunk%n",
          q.recomputed, q.cacheHits, real.msPerChunk());
      System.out.printf(
          "  storage: graph %d B + PQ %d B + cache %d B = %.2f%% of flat %d B (other %d B);"
              + " avg degree %.2f (before pruning %.2f); hubs %.1f%%; build %.1f s (embedding"
              + " excluded)%n",
          s.graphBytes(),
          s.pqBytes(),
          s.cacheBytes(),
          100 * s.storageRatio(),
          s.flatEquivalentBytes(),
          s.otherBytes(),
          s.averageDegree(),
          idx.degreeBeforePruning(),
          100 * s.hubFraction(),
          build);
    }
    model = null;
  }

  record Quality(
      double ndcg,
      double flatNdcgSame,
      double recall,
      double recomputed,
      double cacheHits,
      long[] latency) {}

  static Quality quality(
      SciFact data,
      List<String> qids,
      float[][] queries,
      List<List<SearchHit>> exact,
      CairnIndex idx,
      int nq)
      throws IOException {
    double ndcg = 0, flatNdcg = 0, recall = 0, rec = 0, hits = 0;
    long[] lat = new long[nq];
    for (int i = 0; i < nq; i++) {
      SearchResult r = idx.search(queries[i], 10, null);
      lat[i] = r.elapsedNanos();
      ndcg += data.ndcg10(qids.get(i), names(data, r.hits()));
      flatNdcg += data.ndcg10(qids.get(i), names(data, exact.get(i)));
      Set<Long> want = SciFact.ids(exact.get(i));
      recall +=
          r.hits().stream().filter(h -> want.contains(h.chunkId())).count() / (double) want.size();
      rec += r.recomputed();
      hits += r.cacheHits();
    }
    return new Quality(ndcg / nq, flatNdcg / nq, recall / nq, rec / nq, hits / nq, lat);
  }

  static List<String> names(SciFact data, List<SearchHit> hits) {
    return hits.stream().map(h -> data.docIds.get((int) h.chunkId())).toList();
  }

  static java.util.Iterator<ChunkVector> vectors(float[][] corpus) {
    return IntStream.range(0, corpus.length)
        .mapToObj(i -> new ChunkVector(i, corpus[i]))
        .iterator();
  }

  static float[][] embed(AllMiniLmL6V2EmbeddingModel model, List<String> texts) {
    float[][] out = new float[texts.size()][];
    int batch = 16;
    for (int from = 0; from < texts.size(); from += batch) {
      List<TextSegment> segs =
          texts.subList(from, Math.min(texts.size(), from + batch)).stream()
              .map(TextSegment::from)
              .toList();
      var res = model.embedAll(segs).content();
      for (int j = 0; j < res.size(); j++) {
        out[from + j] = normalise(res.get(j).vector());
      }
      if (texts.size() > 1000 && (from / batch) % 40 == 0) {
        System.out.printf("  embedded %d/%d%n", from, texts.size());
      }
    }
    return out;
  }

  static float[] normalise(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    float inv = (float) (1 / Math.sqrt(s));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }

  static double pct(long[] values, int p) {
    long[] s = values.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
  }

  static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  static double ms(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }

  /** Hands back the stored corpus embeddings: recomputation without the model's cost. */
  record StoredSource(float[][] corpus, int dims) implements EmbeddingSource {
    @Override
    public int dimensions() {
      return dims;
    }

    @Override
    public String modelId() {
      return MODEL_ID;
    }

    @Override
    public float[][] embed(long[] ids) {
      float[][] out = new float[ids.length][];
      for (int i = 0; i < ids.length; i++) {
        out[i] = corpus[(int) ids[i]];
      }
      return out;
    }
  }

  /** Recomputes with the real model from the chunk texts, batched. */
  static final class ModelSource implements EmbeddingSource {
    private final AllMiniLmL6V2EmbeddingModel model;
    private final List<String> texts;
    private final int dims;
    private long nanos;
    private long chunks;

    ModelSource(AllMiniLmL6V2EmbeddingModel model, List<String> texts, int dims) {
      this.model = model;
      this.texts = texts;
      this.dims = dims;
    }

    @Override
    public int dimensions() {
      return dims;
    }

    @Override
    public String modelId() {
      return MODEL_ID;
    }

    @Override
    public synchronized float[][] embed(long[] ids) {
      long t = System.nanoTime();
      List<TextSegment> segs = new ArrayList<>();
      for (long id : ids) {
        segs.add(TextSegment.from(texts.get((int) id)));
      }
      var res = model.embedAll(segs).content();
      float[][] out = new float[ids.length][];
      for (int i = 0; i < ids.length; i++) {
        out[i] = normalise(res.get(i).vector());
      }
      nanos += System.nanoTime() - t;
      chunks += ids.length;
      return out;
    }

    synchronized double msPerChunk() {
      return chunks == 0 ? 0 : nanos / 1e6 / chunks;
    }
  }
}
