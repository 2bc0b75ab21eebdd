package dev.cairn.chat.embed;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.PoolingType;
import dev.cairn.chat.convert.ConversionException;
import dev.cairn.chat.convert.GgufInfo;
import dev.cairn.chat.generate.DeviceOptions;
import dev.cairn.chat.generate.DeviceReport;
import dev.cairn.chat.llama.LlamaRuntime;
import java.nio.file.Path;
import java.util.Optional;

/**
 * llama.cpp (de.kherud:llama) on the GGUF Cairn converted from the model's ONNX file. Texts are
 * truncated on the client at a word boundary (so llama.cpp tokenizes exactly the kept words) and
 * embedded one at a time under a lock (the binding offers no batch call).
 */
final class LlamaCppEmbedder extends LocalEmbedder {

  private final LlamaModel model;
  private final DeviceReport device;
  private final Object lock = new Object();

  private LlamaCppEmbedder(
      TextTokenizer tok, EmbeddingModelInfo info, LlamaModel model, DeviceReport device) {
    super(tok, info, 1);
    this.model = model;
    this.device = device;
  }

  static LlamaCppEmbedder open(ModelFiles files, EmbedderSpec spec) throws EmbeddingException {
    Path gguf = files.requireGguf();
    GgufInfo header;
    try {
      header = GgufInfo.read(gguf);
    } catch (ConversionException e) {
      throw new ModelFileException(gguf, e.getMessage(), e);
    }
    if (!header.architecture().contains("bert")) {
      throw new ModelFileException(
          gguf,
          "GGUF "
              + gguf
              + " is not a BERT embedding model (general.architecture='"
              + header.architecture()
              + "')");
    }
    TextTokenizer tok = TextTokenizer.load(files);
    int max = files.maxTokens();
    ModelParameters p =
        new ModelParameters()
            .setModel(gguf.toString())
            .enableEmbedding()
            .setPoolingType(files.pooling() == Pooling.CLS ? PoolingType.CLS : PoolingType.MEAN)
            .setThreads(spec.threads())
            .setThreadsBatch(spec.threads())
            .setCtxSize(max)
            .setBatchSize(max)
            .setUbatchSize(max)
            .setGpuLayers(spec.gpuLayers())
            .setParallel(1);
    DeviceOptions dev = new DeviceOptions(spec.threads(), spec.gpuLayers(), Optional.empty(), 4096);
    LlamaRuntime.Loaded loaded;
    try {
      loaded = LlamaRuntime.open(p, dev);
    } catch (RuntimeException e) {
      throw new ModelFileException(
          gguf, "llama.cpp cannot load " + gguf + ": " + e.getMessage(), e);
    }
    EmbeddingModelInfo info =
        new EmbeddingModelInfo(
            files.modelId(),
            files.displayName(),
            files.dimensions(),
            max,
            files.pooling(),
            "llama.cpp (" + loaded.report().description() + ")");
    return new LlamaCppEmbedder(tok, info, loaded.model(), loaded.report());
  }

  /** What llama.cpp reported using when the model was loaded. */
  DeviceReport device() {
    return device;
  }

  @Override
  protected float[][] embedBatch(int[] idx, WordPieceTokenizer.Encoding[] enc)
      throws EmbeddingException {
    float[][] out = new float[idx.length][];
    synchronized (lock) {
      if (isClosed()) {
        throw new IllegalStateException("embedder is closed: " + info.modelId());
      }
      for (int k = 0; k < idx.length; k++) {
        String text = enc[idx[k]].keptText();
        try {
          out[k] = model.embed(text);
        } catch (RuntimeException e) {
          throw new EmbeddingException(
              "llama.cpp failed to embed a text of "
                  + enc[idx[k]].ids().length
                  + " tokens: "
                  + e.getMessage(),
              e);
        }
        if (out[k].length != info.dimensions()) {
          throw new DimensionMismatchException(info.modelId(), out[k].length, info.dimensions());
        }
      }
    }
    return out;
  }

  @Override
  protected void release() {
    synchronized (lock) {
      model.close();
    }
  }
}
