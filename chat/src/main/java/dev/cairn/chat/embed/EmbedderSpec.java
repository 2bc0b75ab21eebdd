package dev.cairn.chat.embed;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link Embedders#open} should open: a runtime, a model and options. Immutable; validated on
 * construction. Start from {@link #ort}, {@link #llamaCpp} or {@link #ollama} and adjust with the
 * {@code with*} methods.
 *
 * @param runtime which runtime computes the vectors
 * @param model the bundled model (ORT and LLAMA_CPP); for OLLAMA, the bundled model whose tokenizer
 *     is used by {@link Embedder#countTokens} and for client-side truncation
 * @param ollamaHost Ollama base URI (OLLAMA only), e.g. {@code http://127.0.0.1:11434}
 * @param ollamaModel Ollama model name (OLLAMA only), e.g. {@code all-minilm}
 * @param threads CPU threads for in-process runtimes ({@code >= 1})
 * @param batchSize texts per runtime call ({@code >= 1})
 * @param timeout per HTTP request (OLLAMA)
 * @param retries extra attempts after a failed HTTP request (OLLAMA), with a short back-off
 * @param gpuLayers layers llama.cpp offloads to a GPU (0 = CPU only; needs a GPU build of the
 *     native library, see {@code dev.cairn.chat.generate.DeviceOptions})
 */
public record EmbedderSpec(
    EmbeddingRuntime runtime,
    BundledModel model,
    URI ollamaHost,
    String ollamaModel,
    int threads,
    int batchSize,
    Duration timeout,
    int retries,
    int gpuLayers) {

  /** Default thread count: the machine's cores, at most 8. */
  public static int defaultThreads() {
    return Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
  }

  public EmbedderSpec {
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(timeout, "timeout");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    if (retries < 0) {
      throw new IllegalArgumentException("retries must be >= 0, got " + retries);
    }
    if (gpuLayers < 0) {
      throw new IllegalArgumentException("gpuLayers must be >= 0, got " + gpuLayers);
    }
    if (runtime == EmbeddingRuntime.OLLAMA) {
      Objects.requireNonNull(ollamaHost, "ollamaHost");
      if (ollamaModel == null || ollamaModel.isBlank()) {
        throw new IllegalArgumentException("ollamaModel is required for the OLLAMA runtime");
      }
      String scheme = ollamaHost.getScheme();
      if (!"http".equals(scheme) && !"https".equals(scheme)) {
        throw new IllegalArgumentException("ollamaHost must be http(s)://..., got " + ollamaHost);
      }
    }
  }

  /**
   * A bundled model on ONNX Runtime. One text per runtime call: on CPU, padding-free single runs
   * measured fastest (30.0 docs/s against 29.4 at 2, 26.0 at 4 and 23.8 at 16 on 238-token
   * abstracts, docs/benchmarks.md); callers still hand over whole batches, which are then run one
   * after the other without per-call overhead worth batching away.
   */
  public static EmbedderSpec ort(BundledModel model) {
    return new EmbedderSpec(
        EmbeddingRuntime.ORT, model, null, null, defaultThreads(), 1, Duration.ofSeconds(60), 0, 0);
  }

  /** A bundled model on llama.cpp (the GGUF converted at build time). */
  public static EmbedderSpec llamaCpp(BundledModel model) {
    return new EmbedderSpec(
        EmbeddingRuntime.LLAMA_CPP,
        model,
        null,
        null,
        defaultThreads(),
        8,
        Duration.ofSeconds(60),
        0,
        0);
  }

  /** An Ollama embedding model; counts tokens with the bundled MiniLM tokenizer. */
  public static EmbedderSpec ollama(URI host, String model) {
    return new EmbedderSpec(
        EmbeddingRuntime.OLLAMA,
        BundledModel.ALL_MINILM_L6_V2,
        host,
        model,
        defaultThreads(),
        32,
        Duration.ofSeconds(30),
        2,
        0);
  }

  public EmbedderSpec withThreads(int n) {
    return new EmbedderSpec(
        runtime, model, ollamaHost, ollamaModel, n, batchSize, timeout, retries, gpuLayers);
  }

  public EmbedderSpec withBatchSize(int n) {
    return new EmbedderSpec(
        runtime, model, ollamaHost, ollamaModel, threads, n, timeout, retries, gpuLayers);
  }

  public EmbedderSpec withTimeout(Duration t) {
    return new EmbedderSpec(
        runtime, model, ollamaHost, ollamaModel, threads, batchSize, t, retries, gpuLayers);
  }

  public EmbedderSpec withRetries(int n) {
    return new EmbedderSpec(
        runtime, model, ollamaHost, ollamaModel, threads, batchSize, timeout, n, gpuLayers);
  }

  public EmbedderSpec withGpuLayers(int n) {
    return new EmbedderSpec(
        runtime, model, ollamaHost, ollamaModel, threads, batchSize, timeout, retries, n);
  }

  /** For OLLAMA: the bundled model whose tokenizer counts and truncates tokens. */
  public EmbedderSpec withModel(BundledModel m) {
    return new EmbedderSpec(
        runtime, m, ollamaHost, ollamaModel, threads, batchSize, timeout, retries, gpuLayers);
  }
}
