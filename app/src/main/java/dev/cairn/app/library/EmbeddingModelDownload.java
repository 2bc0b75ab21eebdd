package dev.cairn.app.library;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An embedding model the user may ask Cairn to download into {@code
 * <home>/models/embeddings/<name>/}: its files, each with a pinned SHA-256, and the shape Cairn
 * writes into the folder's {@code model.properties} once every file is verified. The folder is then
 * the choice {@code onnx:<name>} (or {@code gguf:<name>/<file>.gguf}). Validated when built.
 *
 * @param name plain folder name, e.g. {@code multilingual-e5-small}; also the model id's prefix
 * @param displayName readable name
 * @param files the files, in download order; one must be {@code tokenizer.json} and one an {@code
 *     .onnx} or {@code .gguf} file (the model id takes 8 hex digits of the first one's SHA-256)
 * @param dimensions vector length
 * @param maxTokens pieces per text the model was trained for
 * @param pooling {@code MEAN} or {@code CLS}
 * @param queryPrefix written as {@code queryPrefix} (e5: {@code "query: "}); empty for none
 * @param passagePrefix written as {@code passagePrefix} (e5: {@code "passage: "}); empty for none
 */
public record EmbeddingModelDownload(
    String name,
    String displayName,
    List<ModelDownload> files,
    int dimensions,
    int maxTokens,
    String pooling,
    String queryPrefix,
    String passagePrefix) {

  /** A model trained without instruction prefixes. */
  public EmbeddingModelDownload(
      String name,
      String displayName,
      List<ModelDownload> files,
      int dimensions,
      int maxTokens,
      String pooling) {
    this(name, displayName, files, dimensions, maxTokens, pooling, "", "");
  }

  public EmbeddingModelDownload {
    queryPrefix = queryPrefix == null ? "" : queryPrefix;
    passagePrefix = passagePrefix == null ? "" : passagePrefix;
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(displayName, "displayName");
    files = List.copyOf(files);
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException("not a plain folder name: '" + name + "'");
    }
    if (files.stream().noneMatch(f -> f.fileName().equals("tokenizer.json"))
        || files.stream().noneMatch(f -> weights(f.fileName()))) {
      throw new IllegalArgumentException(
          "an embedding model needs tokenizer.json and an .onnx or .gguf file, got "
              + files.stream().map(ModelDownload::fileName).toList());
    }
    if (dimensions <= 0 || maxTokens <= 2) {
      throw new IllegalArgumentException(
          "dimensions must be > 0 and maxTokens > 2, got " + dimensions + ", " + maxTokens);
    }
    pooling = Objects.requireNonNull(pooling, "pooling").toUpperCase(Locale.ROOT);
    if (!pooling.equals("MEAN") && !pooling.equals("CLS")) {
      throw new IllegalArgumentException("pooling must be MEAN or CLS, got " + pooling);
    }
  }

  static boolean weights(String fileName) {
    String f = fileName.toLowerCase(Locale.ROOT);
    return f.endsWith(".onnx") || f.endsWith(".gguf");
  }

  /** The id the folder's {@code model.properties} records. */
  String modelId() {
    ModelDownload w = files.stream().filter(f -> weights(f.fileName())).findFirst().orElseThrow();
    return name.toLowerCase(Locale.ROOT) + "-" + w.sha256().substring(0, 8);
  }

  /** Bytes of all files (0 when a size is unknown). */
  long totalBytes() {
    return files.stream().mapToLong(ModelDownload::sizeBytes).sum();
  }
}
