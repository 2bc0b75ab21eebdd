package dev.cairn.chat.embed;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * ONNX Runtime, in-process, on the model's fp32 ONNX file. Batches are padded to their longest text
 * with an attention mask; pooling (mean over the mask, or CLS) is done here. Thread-safe (ONNX
 * Runtime sessions allow concurrent runs).
 */
final class OrtEmbedder extends LocalEmbedder {

  private final OrtEnvironment env;
  private final OrtSession session;
  private final boolean hasTokenTypes;
  private final Pooling pooling;

  private OrtEmbedder(
      TextTokenizer tok,
      EmbeddingModelInfo info,
      int batchSize,
      OrtEnvironment env,
      OrtSession session) {
    super(tok, info, batchSize);
    this.env = env;
    this.session = session;
    this.hasTokenTypes = session.getInputNames().contains("token_type_ids");
    this.pooling = info.pooling();
  }

  static OrtEmbedder open(ModelFiles files, EmbedderSpec spec) throws EmbeddingException {
    Path onnx = files.onnx();
    if (!Files.isRegularFile(onnx)) {
      throw new ModelFileException(onnx, "ONNX model file not found: " + onnx);
    }
    TextTokenizer tok = TextTokenizer.load(files);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession session;
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      // Only the thread count is set: ONNX Runtime's other defaults (full graph optimisation,
      // intra-op spinning) measured fastest on an idle 2-core machine (docs/benchmarks.md).
      o.setIntraOpNumThreads(spec.threads());
      session = env.createSession(onnx.toString(), o);
    } catch (OrtException e) {
      throw new ModelFileException(
          onnx, "ONNX Runtime cannot load " + onnx + ": " + e.getMessage(), e);
    }
    Set<String> inputs = session.getInputNames();
    if (!inputs.contains("input_ids") || !inputs.contains("attention_mask")) {
      closeQuietly(session);
      throw new ModelFileException(
          onnx, "ONNX model " + onnx + " lacks input_ids/attention_mask inputs: " + inputs);
    }
    EmbeddingModelInfo info =
        new EmbeddingModelInfo(
            files.modelId(),
            files.displayName(),
            files.dimensions(),
            files.maxTokens(),
            files.pooling(),
            "onnxruntime (CPU, " + spec.threads() + " threads)");
    return new OrtEmbedder(tok, info, spec.batchSize(), env, session);
  }

  private static void closeQuietly(OrtSession s) {
    try {
      s.close();
    } catch (OrtException e) {
      // nothing more to do
    }
  }

  @Override
  protected float[][] embedBatch(int[] idx, WordPieceTokenizer.Encoding[] enc)
      throws EmbeddingException {
    if (isClosed()) {
      throw new IllegalStateException("embedder is closed: " + info.modelId());
    }
    int b = idx.length;
    int len = 0;
    for (int i : idx) {
      len = Math.max(len, enc[i].ids().length);
    }
    long[] ids = new long[b * len];
    long[] mask = new long[b * len];
    for (int k = 0; k < b; k++) {
      int[] t = enc[idx[k]].ids();
      for (int j = 0; j < len; j++) {
        if (j < t.length) {
          ids[k * len + j] = t[j];
          mask[k * len + j] = 1;
        } else {
          ids[k * len + j] = tokenizer.padId();
        }
      }
    }
    long[] shape = {b, len};
    Map<String, OnnxTensor> in = new HashMap<>();
    try {
      in.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
      in.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
      if (hasTokenTypes) {
        in.put(
            "token_type_ids",
            OnnxTensor.createTensor(env, LongBuffer.wrap(new long[b * len]), shape));
      }
      try (OrtSession.Result r = session.run(in)) {
        OnnxTensor out = (OnnxTensor) r.get(0);
        long[] os = out.getInfo().getShape();
        int dim = (int) os[os.length - 1];
        FloatBuffer fb = out.getFloatBuffer();
        float[][] vecs = new float[b][dim];
        for (int k = 0; k < b; k++) {
          int tokens = enc[idx[k]].ids().length;
          int base = k * len * dim;
          if (pooling == Pooling.CLS) {
            fb.get(base, vecs[k], 0, dim);
          } else {
            float[] acc = vecs[k];
            for (int j = 0; j < tokens; j++) {
              int off = base + j * dim;
              for (int d = 0; d < dim; d++) {
                acc[d] += fb.get(off + d);
              }
            }
            for (int d = 0; d < dim; d++) {
              acc[d] /= tokens;
            }
          }
        }
        return vecs;
      }
    } catch (OrtException e) {
      throw new EmbeddingException(
          "ONNX Runtime failed on a batch of " + b + " texts: " + e.getMessage(), e);
    } finally {
      in.values().forEach(OnnxTensor::close);
    }
  }

  @Override
  protected void release() {
    closeQuietly(session);
  }
}
