package dev.cairn.chat.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.chat.embed.BundledModel;
import dev.cairn.chat.embed.Embedder;
import dev.cairn.chat.embed.EmbedderSpec;
import dev.cairn.chat.embed.Embedders;
import dev.cairn.chat.embed.EmbeddingRuntime;
import dev.cairn.chat.testing.OllamaProtocolServer;
import dev.cairn.chat.testing.SciFact;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Embedding throughput and latency of every runtime on every bundled model: the first N SciFact
 * abstracts (document = title + " " + text), one at a time ("single") and in batches ("batched"),
 * plus query latency on SciFact test claims. Prints a Markdown table.
 *
 * <p>Usage: {@code ./bench models [--docs 500] [--threads 2] [--batch 16] [--queries 50] [--models
 * all-minilm-l6-v2,bge-small-en-v1.5] [--runtimes ORT,LLAMA_CPP,OLLAMA_WIRE]}. OLLAMA_WIRE measures
 * ollama4j + HTTP + JSON overhead against the loopback Ollama-protocol server (backed by ONNX
 * Runtime), since no real Ollama runs here.
 */
public final class EmbeddingBenchmark {

  private EmbeddingBenchmark() {}

  public static void main(String[] args) throws Exception {
    // de.kherud:llama leaves a non-daemon native thread after close(): end the JVM explicitly.
    int status = 0;
    try {
      benchmark(args);
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    }
    System.out.flush();
    System.exit(status);
  }

  private static void benchmark(String[] args) throws Exception {
    int docsN = 500;
    int threads = EmbedderSpec.defaultThreads();
    int batch = 16;
    int queriesN = 50;
    List<String> models = List.of("all-minilm-l6-v2", "bge-small-en-v1.5");
    List<String> runtimes = List.of("ORT", "LLAMA_CPP", "OLLAMA_WIRE");
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--docs" -> docsN = Integer.parseInt(v);
        case "--threads" -> threads = Integer.parseInt(v);
        case "--batch" -> batch = Integer.parseInt(v);
        case "--queries" -> queriesN = Integer.parseInt(v);
        case "--models" -> models = List.of(v.split(","));
        case "--runtimes" -> runtimes = List.of(v.split(","));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (System.getProperty("cairn.models.dir") == null
        && Files.isDirectory(Path.of("chat", "target", "models"))) {
      // bge-small is converted by the build into chat/target/models, not into the jar.
      System.setProperty("cairn.models.dir", Path.of("chat", "target", "models").toString());
    }
    List<String> docs = SciFact.firstDocuments(docsN);
    List<String> queries = queries(queriesN);
    System.out.printf(
        "# Embedding benchmark: %d SciFact abstracts, %d queries, %d threads, batch %d, %d cores%n%n",
        docs.size(), queries.size(), threads, batch, Runtime.getRuntime().availableProcessors());
    System.out.println(
        "| model | runtime | mode | docs/s | tokens/s | ms/doc | CPU ms/doc | avg tokens/doc |"
            + " truncated | query p50 ms | query p90 ms |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    for (String name : models) {
      BundledModel model =
          Arrays.stream(BundledModel.values())
              .filter(m -> m.dirName().equals(name))
              .findFirst()
              .orElseThrow(() -> new IllegalArgumentException("unknown model " + name));
      for (String rt : runtimes) {
        if (rt.equals("OLLAMA_WIRE")) {
          if (model != BundledModel.ALL_MINILM_L6_V2) {
            continue;
          }
          try (Embedder local = Embedders.open(EmbedderSpec.ort(model).withThreads(threads));
              OllamaProtocolServer server = OllamaProtocolServer.start().setEmbedder(local);
              Embedder e =
                  Embedders.open(
                      EmbedderSpec.ollama(server.uri(), "all-minilm").withBatchSize(batch))) {
            run(
                e,
                name,
                "ollama4j → loopback server → ORT",
                docs,
                queries,
                batch,
                false,
                "batched (" + batch + ") over HTTP");
          }
          continue;
        }
        EmbeddingRuntime runtime = EmbeddingRuntime.valueOf(rt);
        EmbedderSpec spec =
            (runtime == EmbeddingRuntime.ORT
                    ? EmbedderSpec.ort(model)
                    : EmbedderSpec.llamaCpp(model))
                .withThreads(threads)
                .withBatchSize(batch);
        try (Embedder e = Embedders.open(spec)) {
          boolean ort = runtime == EmbeddingRuntime.ORT;
          run(
              e,
              name,
              e.info().runtime(),
              docs,
              queries,
              batch,
              ort,
              ort ? "batched (" + batch + ")" : "one at a time (no batch API)");
        }
      }
    }
  }

  private static void run(
      Embedder e,
      String model,
      String runtime,
      List<String> docs,
      List<String> queries,
      int batch,
      boolean alsoSingle,
      String batchedLabel)
      throws Exception {
    int maxTokens = e.info().maxTokens();
    long tokens = 0;
    int truncated = 0;
    for (String d : docs) {
      int n = e.countTokens(d);
      tokens += Math.min(n, maxTokens);
      truncated += n > maxTokens ? 1 : 0;
    }
    e.embed(docs.subList(0, Math.min(8, docs.size()))); // warm-up
    double[] lat = queryLatencies(e, queries);
    String q50 = fmt(percentile(lat, 0.5));
    String q90 = fmt(percentile(lat, 0.9));
    if (alsoSingle || batch == 1) {
      long t0 = System.nanoTime();
      long c0 = cpuNanos();
      for (String d : docs) {
        e.embed(List.of(d));
      }
      row(
          model,
          runtime,
          "single",
          docs.size(),
          tokens,
          truncated,
          System.nanoTime() - t0,
          cpuNanos() - c0,
          q50,
          q90);
    }
    long t0 = System.nanoTime();
    long c0 = cpuNanos();
    for (int i = 0; i < docs.size(); i += 64) {
      e.embed(docs.subList(i, Math.min(docs.size(), i + 64)));
    }
    row(
        model,
        runtime,
        batchedLabel,
        docs.size(),
        tokens,
        truncated,
        System.nanoTime() - t0,
        cpuNanos() - c0,
        q50,
        q90);
  }

  /** CPU time of the whole process (Java and native threads). */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void row(
      String model,
      String runtime,
      String mode,
      int docs,
      long tokens,
      int truncated,
      long nanos,
      long cpu,
      String q50,
      String q90) {
    double s = nanos / 1e9;
    System.out.printf(
        Locale.ROOT,
        "| %s | %s | %s | %.1f | %.0f | %.1f | %.1f | %.0f | %d | %s | %s |%n",
        model,
        runtime,
        mode,
        docs / s,
        tokens / s,
        1000 * s / docs,
        cpu / 1e6 / docs,
        (double) tokens / docs,
        truncated,
        q50,
        q90);
  }

  private static double[] queryLatencies(Embedder e, List<String> queries) throws Exception {
    double[] out = new double[queries.size()];
    for (int i = 0; i < queries.size(); i++) {
      long t0 = System.nanoTime();
      e.embedQuery(queries.get(i));
      out[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(out);
    return out;
  }

  private static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static List<String> queries(int n) throws Exception {
    Path file = SciFact.corpus().resolveSibling("queries.jsonl");
    ObjectMapper om = new ObjectMapper();
    List<String> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while (out.size() < n && (line = r.readLine()) != null) {
        if (!line.isBlank()) {
          out.add(om.readTree(line).path("text").asText());
        }
      }
    }
    return out;
  }
}
