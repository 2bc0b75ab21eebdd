package dev.cairn.chat.embed;

/**
 * Opens embedders. The default is the bundled all-MiniLM-L6-v2 on {@link #DEFAULT_RUNTIME}, the CPU
 * runtime Cairn's own benchmark ({@code ./bench models}) measured fastest: ONNX Runtime (about 6x
 * the throughput of llama.cpp on this model, see docs/benchmarks.md).
 */
public final class Embedders {

  /** The fastest CPU runtime as measured by {@code dev.cairn.chat.bench.EmbeddingBenchmark}. */
  public static final EmbeddingRuntime DEFAULT_RUNTIME = EmbeddingRuntime.ORT;

  private Embedders() {}

  /**
   * The bundled all-MiniLM-L6-v2 on the default CPU runtime: no set-up, no network.
   *
   * @throws EmbeddingException (a {@link ModelFileException}) when the bundled files are missing or
   *     corrupt
   */
  public static Embedder openDefault() throws EmbeddingException {
    EmbedderSpec spec =
        DEFAULT_RUNTIME == EmbeddingRuntime.ORT
            ? EmbedderSpec.ort(BundledModel.ALL_MINILM_L6_V2)
            : EmbedderSpec.llamaCpp(BundledModel.ALL_MINILM_L6_V2);
    return open(spec);
  }

  /** Opens the embedder a spec describes; the caller closes it. */
  public static Embedder open(EmbedderSpec spec) throws EmbeddingException {
    ModelFiles files = ModelFiles.locate(spec.model());
    return switch (spec.runtime()) {
      case ORT -> OrtEmbedder.open(files, spec);
      case LLAMA_CPP -> LlamaCppEmbedder.open(files, spec);
      case OLLAMA -> OllamaEmbedder.open(files, spec);
    };
  }

  /**
   * Opens a model's files from an explicit folder (an installer layout, a downloaded model folder
   * or a test copy), bypassing the lookup of {@link ModelFiles#locate}. When the folder's {@code
   * model.properties} names {@link TextPrefixes} (e5 models: {@code query: } / {@code passage: }),
   * the ONNX Runtime and llama.cpp embedders are wrapped in a {@link PrefixedEmbedder}; Ollama
   * applies its own model's template.
   */
  public static Embedder open(EmbedderSpec spec, ModelFiles files) throws EmbeddingException {
    return switch (spec.runtime()) {
      case ORT -> PrefixedEmbedder.wrap(OrtEmbedder.open(files, spec), prefixes(files));
      case LLAMA_CPP -> PrefixedEmbedder.wrap(LlamaCppEmbedder.open(files, spec), prefixes(files));
      case OLLAMA -> OllamaEmbedder.open(files, spec);
    };
  }

  private static TextPrefixes prefixes(ModelFiles files) throws ModelFileException {
    return files.model() != null ? TextPrefixes.NONE : TextPrefixes.ofFolder(files.dir());
  }

  /** Cosine similarity of two vectors of equal length. */
  public static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("lengths differ: " + a.length + " vs " + b.length);
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }
}
