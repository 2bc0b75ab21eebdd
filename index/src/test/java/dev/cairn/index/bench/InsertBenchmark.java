package dev.cairn.index.bench;

import dev.cairn.index.CairnIndex;
import dev.cairn.index.ChunkVector;
import dev.cairn.index.IndexOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Insert cost against index size: for each N, builds an index of N synthetic 384-d vectors (the
 * {@link ScaleBenchmark} generator, seeded), reopens it as a writer would, inserts 50 vectors one
 * by one (wall and thread-CPU time per insert, embedding excluded, every write durable), then runs
 * {@link CairnIndex#compact()} (with a delta segment: the merge into a new generation). Uses only
 * API that the index had before the delta segment, so the same file measures both versions.
 *
 * <p>{@code ./bench index-insert [N,N,...]} (default 10000,100000).
 */
public final class InsertBenchmark {
  static final int DIMS = 384;
  static final int INSERTS = 50;

  private InsertBenchmark() {}

  public static void main(String[] args) throws Exception {
    int[] sizes =
        Arrays.stream((args.length > 0 ? args[0] : "10000,100000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    for (int n : sizes) {
      run(n);
    }
  }

  static void run(int n) throws Exception {
    ScaleBenchmark.Generator gen =
        new ScaleBenchmark.Generator(DIMS, Math.max(64, n / 2000), 0.6f, 424242L);
    Path dir = Files.createTempDirectory("cairn-insert");
    long t0 = System.nanoTime();
    Iterator<ChunkVector> stream =
        new Iterator<>() {
          long next;

          @Override
          public boolean hasNext() {
            return next < n;
          }

          @Override
          public ChunkVector next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            long id = next++;
            return new ChunkVector(id, gen.vector(id));
          }
        };
    CairnIndex.build(dir, IndexOptions.defaults(), gen, stream).close();
    double build = (System.nanoTime() - t0) / 1e9;
    var threads = ManagementFactory.getThreadMXBean();
    long[] wall = new long[INSERTS];
    long[] cpu = new long[INSERTS];
    long merge;
    int found = 0;
    try (CairnIndex idx = CairnIndex.open(dir, gen)) {
      idx.insert(10_000_000L, gen.vector(10_000_000L)); // takes the write lock, loads the writer
      for (int i = 0; i < INSERTS; i++) {
        long id = 10_000_001L + i;
        float[] v = gen.vector(id);
        long c = threads.getCurrentThreadCpuTime();
        long t = System.nanoTime();
        idx.insert(id, v);
        wall[i] = System.nanoTime() - t;
        cpu[i] = threads.getCurrentThreadCpuTime() - c;
      }
      idx.delete(3); // so that compaction has work in both versions
      long tm = System.nanoTime();
      idx.compact();
      merge = System.nanoTime() - tm;
      for (int i = 0; i < INSERTS; i++) {
        long id = 10_000_001L + i;
        if (idx.search(gen.vector(id), 1, null).hits().getFirst().chunkId() == id) {
          found++;
        }
      }
    }
    System.out.printf(
        "N=%,d: build %.1f s; insert one vector: wall p50 %.2f ms, p95 %.2f ms, max %.2f ms;"
            + " thread CPU p50 %.2f ms, p95 %.2f ms; compact %.0f ms; %d/%d found as their own"
            + " top-1%n",
        n,
        build,
        ScaleBenchmark.pct(wall, 50) / 1e6,
        ScaleBenchmark.pct(wall, 95) / 1e6,
        Arrays.stream(wall).max().orElse(0) / 1e6,
        ScaleBenchmark.pct(cpu, 50) / 1e6,
        ScaleBenchmark.pct(cpu, 95) / 1e6,
        merge / 1e6,
        found,
        INSERTS);
  }
}
