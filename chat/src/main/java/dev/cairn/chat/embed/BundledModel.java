package dev.cairn.chat.embed;

/**
 * Embedding models whose weights come from a Maven artifact and are converted at build time.
 *
 * <p>Files of each model (see {@link ModelFiles}): {@code model.onnx} (fp32, for ONNX Runtime),
 * {@code tokenizer.json}, {@code model.f16.gguf} (converted by Cairn's own converter, for
 * llama.cpp) and {@code model.properties} (identity, sizes and SHA-256 of each file).
 */
public enum BundledModel {
  /** all-MiniLM-L6-v2: 384 dims, mean pooling, 6 layers; shipped inside the cairn-chat jar. */
  ALL_MINILM_L6_V2("all-minilm-l6-v2", "all-MiniLM-L6-v2", Pooling.MEAN, 256, true),
  /**
   * bge-small-en-v1.5: 384 dims, CLS pooling, 12 layers; converted in the build but not inside the
   * jar (found through {@code cairn.models.dir}).
   */
  BGE_SMALL_EN_V15("bge-small-en-v1.5", "bge-small-en-v1.5", Pooling.CLS, 512, false);

  private final String dirName;
  private final String displayName;
  private final Pooling pooling;
  private final int maxTokens;
  private final boolean inJar;

  BundledModel(String dirName, String displayName, Pooling pooling, int maxTokens, boolean inJar) {
    this.dirName = dirName;
    this.displayName = displayName;
    this.pooling = pooling;
    this.maxTokens = maxTokens;
    this.inJar = inJar;
  }

  /** Folder name under the models folder and prefix of the model id. */
  public String dirName() {
    return dirName;
  }

  public String displayName() {
    return displayName;
  }

  public Pooling pooling() {
    return pooling;
  }

  /** Word pieces per text including [CLS]/[SEP] (the length the model was trained for). */
  public int maxTokens() {
    return maxTokens;
  }

  /** Whether the files are resources of the cairn-chat jar. */
  public boolean inJar() {
    return inJar;
  }

  /** Classpath folder of the model's files when {@link #inJar()}. */
  public String resourceDir() {
    return "dev/cairn/chat/models/" + dirName + "/";
  }
}
