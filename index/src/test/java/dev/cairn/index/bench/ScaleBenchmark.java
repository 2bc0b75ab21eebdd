package dev.cairn.index.bench;

import dev.cairn.index.CairnIndex;
import dev.cairn.index.ChunkVector;
import dev.cairn.index.EmbeddingSource;
import dev.cairn.index.IndexOptions;
import dev.cairn.index.IndexStats;
import dev.cairn.index.SearchHit;
import dev.cairn.index.SearchOptions;
import dev.cairn.index.SearchResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Scale run: N synthetic 384-d vectors (clustered Gaussian, normalised, each derived from its id)
 * and a deterministic synthetic embedder that recomputes them, so the two-level search does real
 * recomputation. Prints build time, peak heap, storage ratio, recall@10 vs exact on 1,000 queries,
 * query latency, and insert latency.
 *
 * <p>Args: {@code [N=1000000] [queries=1000] [margin] [key=value ...]} with keys {@code margin, ef,
 * maxRecompute, pqSubspaces, pqBits} (a bare number is the margin quantile); unset options are
 * {@link IndexOptions#defaults()}. {@code sweep} also evaluates other search settings (beam,
 * margin, recomputation cap) on the same build; {@code sweepEf=a,b sweepMargin=x,y sweepMax=m,n}
 * choose them.
 */
public final class ScaleBenchmark {
  static final int DIMS = 384;
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int nq = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    Generator gen = new Generator(DIMS, Math.max(64, n / 2000), 0.6f, 424242L);
    IndexOptions.Builder ob = IndexOptions.builder();
    SearchOptions.Builder sb = SearchOptions.builder();
    boolean sweep = false;
    int[] sweepEf = {300, 500};
    double[] sweepMargin = {0.75, 0.95, 1.0};
    int[] sweepMax = {200, 400};
    for (int i = 2; i < args.length; i++) {
      if (args[i].equals("sweep")) {
        sweep = true;
        continue;
      }
      if (args[i].startsWith("sweep")) {
        sweep = true;
        String[] kv = args[i].split("=", 2);
        switch (kv[0]) {
          case "sweepEf" ->
              sweepEf = Arrays.stream(kv[1].split(",")).mapToInt(Integer::parseInt).toArray();
          case "sweepMargin" ->
              sweepMargin =
                  Arrays.stream(kv[1].split(",")).mapToDouble(Double::parseDouble).toArray();
          case "sweepMax" ->
              sweepMax = Arrays.stream(kv[1].split(",")).mapToInt(Integer::parseInt).toArray();
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
        continue;
      }
      String[] kv = args[i].split("=", 2);
      if (kv.length == 1) {
        sb.rerankMarginQuantile(Double.parseDouble(kv[0]));
        continue;
      }
      switch (kv[0]) {
        case "margin" -> sb.rerankMarginQuantile(Double.parseDouble(kv[1]));
        case "ef" -> sb.searchBeamWidth(Integer.parseInt(kv[1]));
        case "maxRecompute" -> sb.maxRecomputations(Integer.parseInt(kv[1]));
        case "pqSubspaces" -> ob.pqSubspaces(Integer.parseInt(kv[1]));
        case "pqBits" -> ob.pqBits(Integer.parseInt(kv[1]));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    IndexOptions options = ob.build();
    SearchOptions search = sb.build();
    System.out.printf(
        "scale run: N=%,d x %d dims, %d queries, max heap %d MB, %d cpus, options %s %s%n",
        n,
        DIMS,
        nq,
        Runtime.getRuntime().maxMemory() >> 20,
        Runtime.getRuntime().availableProcessors(),
        options,
        search);
    Path dir = Files.createTempDirectory("cairn-scale");
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    HeapSampler sampler = new HeapSampler();
    sampler.start();
    long t0 = System.nanoTime();
    Iterator<ChunkVector> stream =
        LongStream.range(0, n).mapToObj(id -> new ChunkVector(id, gen.vector(id))).iterator();
    try (CairnIndex idx = CairnIndex.build(dir, options, search, gen, stream)) {
      double build = (System.nanoTime() - t0) / 1e9;
      sampler.stop = true;
      sampler.join();
      long poolPeak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          poolPeak += pool.getPeakUsage().getUsed();
        }
      }
      IndexStats s = idx.stats();
      System.out.printf(
          "build: %.1f s; peak heap used %d MB (sampled), %d MB (sum of pool peaks)%n",
          build, sampler.peak >> 20, poolPeak >> 20);
      System.out.printf(
          "storage: graph %,d B + PQ %,d B + cache %,d B = %.2f%% of flat %,d B; other %,d B;"
              + " avg degree %.2f (before pruning %.2f)%n",
          s.graphBytes(),
          s.pqBytes(),
          s.cacheBytes(),
          100 * s.storageRatio(),
          s.flatEquivalentBytes(),
          s.otherBytes(),
          s.averageDegree(),
          idx.degreeBeforePruning());

      float[][] queries = new float[nq][];
      for (int q = 0; q < nq; q++) {
        queries[q] = gen.vector(n + 1_000_000L + q); // unseen points from the same distribution
      }
      long tg = System.nanoTime();
      long[][] truth = groundTruth(gen, n, queries, 10);
      System.out.printf("exact ground truth: %.1f s%n", (System.nanoTime() - tg) / 1e9);
      long embeddedBefore = gen.embedded.get();
      Eval e = evaluate(idx, queries, truth);
      System.out.printf(
          "search: recall@10 vs exact %.4f; recomputed %.1f/query, cache hits %.1f/query;"
              + " latency p50 %.2f ms, p95 %.2f ms (synthetic embedder: %d vectors)%n",
          e.recall(),
          e.recomputed(),
          e.cacheHits(),
          e.p50Ms(),
          e.p95Ms(),
          gen.embedded.get() - embeddedBefore);
      if (sweep) {
        // Search settings change at open without a rebuild: the same build, other operating points.
        System.out.println(
            "| ef | margin q | max recompute | recall@10 | recomputed/q | cache hits/q |");
        System.out.println("|---|---|---|---|---|---|");
        for (int ef : sweepEf) {
          for (double margin : sweepMargin) {
            for (int max : sweepMax) {
              SearchOptions so =
                  search.toBuilder()
                      .searchBeamWidth(ef)
                      .rerankMarginQuantile(margin)
                      .maxRecomputations(max)
                      .build();
              try (CairnIndex reader = CairnIndex.open(dir, gen, so)) {
                Eval r = evaluate(reader, queries, truth);
                System.out.printf(
                    "| %d | %.2f | %d | %.4f | %.1f | %.1f |%n",
                    ef, margin, max, r.recall(), r.recomputed(), r.cacheHits());
              }
            }
          }
        }
      }
      int inserts = 50;
      long[] ins = new long[inserts];
      long[] insCpu = new long[inserts];
      var threads = ManagementFactory.getThreadMXBean();
      for (int i = 0; i < inserts; i++) {
        long id = 10_000_000L + n + i;
        float[] v = gen.vector(id);
        long c = threads.getCurrentThreadCpuTime();
        long t = System.nanoTime();
        idx.insert(id, v);
        ins[i] = System.nanoTime() - t;
        insCpu[i] = threads.getCurrentThreadCpuTime() - c;
      }
      int found = 0;
      for (int i = 0; i < inserts; i++) {
        long id = 10_000_000L + n + i;
        if (idx.search(gen.vector(id), 1, null).hits().getFirst().chunkId() == id) {
          found++;
        }
      }
      System.out.printf(
          "insert into the %,d-vector index: wall p50 %.1f ms, p95 %.1f ms, max %.1f ms; thread"
              + " CPU p50 %.1f ms, p95 %.1f ms (embedding excluded, file write + fsync"
              + " included); %d/%d inserted found as their own top-1%n",
          n,
          pct(ins, 50) / 1e6,
          pct(ins, 95) / 1e6,
          Arrays.stream(ins).max().orElse(0) / 1e6,
          pct(insCpu, 50) / 1e6,
          pct(insCpu, 95) / 1e6,
          found,
          inserts);
    }
  }

  record Eval(double recall, double recomputed, double cacheHits, double p50Ms, double p95Ms) {}

  static Eval evaluate(CairnIndex idx, float[][] queries, long[][] truth) throws IOException {
    int nq = queries.length;
    long[] lat = new long[nq];
    double recall = 0;
    long recomputed = 0;
    long hits = 0;
    for (int q = 0; q < nq; q++) {
      SearchResult r = idx.search(queries[q], 10, null);
      lat[q] = r.elapsedNanos();
      Set<Long> want = new HashSet<>();
      for (long id : truth[q]) {
        want.add(id);
      }
      recall += r.hits().stream().map(SearchHit::chunkId).filter(want::contains).count() / 10.0;
      recomputed += r.recomputed();
      hits += r.cacheHits();
    }
    return new Eval(
        recall / nq,
        (double) recomputed / nq,
        (double) hits / nq,
        pct(lat, 50) / 1e6,
        pct(lat, 95) / 1e6);
  }

  static long[][] groundTruth(Generator gen, int n, float[][] queries, int k) {
    int nq = queries.length;
    float[][] topScores = new float[nq][k];
    long[][] topIds = new long[nq][k];
    for (float[] row : topScores) {
      Arrays.fill(row, Float.NEGATIVE_INFINITY);
    }
    int block = 4096;
    for (int from = 0; from < n; from += block) {
      int to = Math.min(n, from + block);
      float[][] vecs = new float[to - from][];
      int base = from;
      IntStream.range(from, to).parallel().forEach(i -> vecs[i - base] = gen.vector(i));
      IntStream.range(0, nq)
          .parallel()
          .forEach(
              q -> {
                float[] s = topScores[q];
                long[] ids = topIds[q];
                for (int i = 0; i < vecs.length; i++) {
                  float d = dot(queries[q], vecs[i]);
                  if (d > s[k - 1]) {
                    int j = k - 1;
                    while (j > 0 && s[j - 1] < d) {
                      s[j] = s[j - 1];
                      ids[j] = ids[j - 1];
                      j--;
                    }
                    s[j] = d;
                    ids[j] = base + i;
                  }
                }
              });
    }
    return topIds;
  }

  static float dot(float[] a, float[] b) {
    FloatVector acc = FloatVector.zero(SPECIES);
    int i = 0;
    for (; i < SPECIES.loopBound(a.length); i += SPECIES.length()) {
      acc = FloatVector.fromArray(SPECIES, a, i).fma(FloatVector.fromArray(SPECIES, b, i), acc);
    }
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static double pct(long[] values, int p) {
    long[] s = values.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
  }

  /** Samples used heap every 20 ms. */
  static final class HeapSampler extends Thread {
    volatile boolean stop;
    volatile long peak;

    HeapSampler() {
      super("cairn-bench-heap-sampler");
      setDaemon(true);
    }

    @Override
    public void run() {
      Runtime rt = Runtime.getRuntime();
      while (!stop) {
        peak = Math.max(peak, rt.totalMemory() - rt.freeMemory());
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /**
   * Deterministic vectors by id with a low intrinsic dimension, like text embeddings: a point of a
   * clustered Gaussian in a 24-d latent space, mapped to 384-d by a fixed random projection, plus
   * small isotropic noise, normalised. Also the synthetic embedder. Thread-safe.
   */
  static final class Generator implements EmbeddingSource {
    static final int LATENT = 24;
    final int dims;
    final float[][] centres;
    final float[][] projection;
    final float spread;
    final long seed;
    final AtomicLong embedded = new AtomicLong();

    Generator(int dims, int clusters, float spread, long seed) {
      this.dims = dims;
      this.spread = spread;
      this.seed = seed;
      SplittableRandom r = new SplittableRandom(seed);
      centres = new float[clusters][LATENT];
      for (float[] c : centres) {
        for (int i = 0; i < LATENT; i++) {
          c[i] = (float) r.nextGaussian();
        }
      }
      projection = new float[LATENT][dims];
      for (float[] row : projection) {
        for (int i = 0; i < dims; i++) {
          row[i] = (float) (r.nextGaussian() / Math.sqrt(LATENT));
        }
      }
    }

    float[] vector(long id) {
      SplittableRandom r = new SplittableRandom(seed ^ (id * 0x9E3779B97F4A7C15L));
      float[] c = centres[r.nextInt(centres.length)];
      float[] z = new float[LATENT];
      for (int i = 0; i < LATENT; i++) {
        z[i] = c[i] + spread * (float) r.nextGaussian();
      }
      float[] v = new float[dims];
      for (int l = 0; l < LATENT; l++) {
        float[] row = projection[l];
        float zl = z[l];
        for (int i = 0; i < dims; i++) {
          v[i] += zl * row[i];
        }
      }
      float noise = 0.15f / (float) Math.sqrt(dims) * 5;
      for (int i = 0; i < dims; i++) {
        v[i] += noise * (float) r.nextGaussian();
      }
      return IndexBenchmark.normalise(v);
    }

    @Override
    public int dimensions() {
      return dims;
    }

    @Override
    public String modelId() {
      return "synthetic-384d-" + seed;
    }

    @Override
    public float[][] embed(long[] ids) {
      embedded.addAndGet(ids.length);
      float[][] out = new float[ids.length][];
      for (int i = 0; i < ids.length; i++) {
        out[i] = vector(ids[i]);
      }
      return out;
    }
  }
}
