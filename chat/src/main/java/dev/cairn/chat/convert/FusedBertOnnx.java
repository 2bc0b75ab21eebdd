package dev.cairn.chat.convert;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a BERT encoder's weights as an ONNX graph of ONNX Runtime's fused transformer operators
 * (domain {@code com.microsoft}): {@code EmbedLayerNormalization}, {@code Attention} (one packed
 * Q|K|V projection), {@code SkipLayerNormalization} (residual + bias + layer norm) and {@code
 * BiasGelu}, with plain {@code MatMul}s for the other projections.
 *
 * <p>Why: ONNX Runtime's in-session optimiser fuses only part of the exported graph of these models
 * (it leaves the attention block as 3 MatMuls, 3 bias Adds, 4 Transposes, 4 Reshapes, a scaled
 * MatMul, a mask Add and a Softmax per layer, and the residual Adds outside the layer norms). The
 * fused graph computes the same function from the same weights with fewer passes over memory;
 * docs/benchmarks.md has the measured difference. It is the graph Cairn's ONNX Runtime embedder
 * runs; the GGUF for llama.cpp is written from the same {@link BertWeights}.
 *
 * <p>Inputs and output keep the exported model's names and types: {@code input_ids}, {@code
 * attention_mask}, {@code token_type_ids} (int64, {@code [batch, sequence]}), output {@code
 * last_hidden_state} (float, {@code [batch, sequence, hidden]}). Padding must be on the right (the
 * attention mask is read as a length per row), which is how Cairn's embedder pads. Stateless.
 */
public final class FusedBertOnnx {

  private static final String MS = "com.microsoft";

  // ONNX TensorProto.DataType / AttributeProto.AttributeType values used here.
  private static final int FLOAT = 1;
  private static final int INT32 = 6;
  private static final int INT64 = 7;
  private static final int ATTR_FLOAT = 1;
  private static final int ATTR_INT = 2;

  private FusedBertOnnx() {}

  /**
   * Writes the fused graph of the given weights to {@code out}, atomically (see {@link
   * AtomicFile}).
   *
   * @throws ConversionException naming the file when it cannot be written
   */
  public static void write(BertWeights w, Path out) throws ConversionException {
    ProtoMessage model = model(w);
    try {
      AtomicFile.write(out, model::writeTo);
    } catch (IOException e) {
      throw new ConversionException(
          "cannot write fused ONNX file " + out + ": " + e.getMessage(), e);
    }
  }

  static ProtoMessage model(BertWeights w) {
    BertOnnxToGguf.BertShape s = w.shape();
    int h = s.hidden();
    ProtoMessage g = new ProtoMessage().string(2, "cairn_fused_bert");
    for (String in : new String[] {"input_ids", "attention_mask", "token_type_ids"}) {
      g.message(11, valueInfo(in, INT64, "batch", "sequence"));
    }
    g.message(12, valueInfo("last_hidden_state", FLOAT, "batch", "sequence", Integer.toString(h)));

    add(g, node("Cast", "", "cast_ids", new String[] {"input_ids"}, "ids32").to(INT32));
    add(g, node("Cast", "", "cast_types", new String[] {"token_type_ids"}, "types32").to(INT32));
    add(g, node("Cast", "", "cast_mask", new String[] {"attention_mask"}, "mask32").to(INT32));
    init(g, "word_embeddings", w.wordEmbeddings());
    init(g, "position_embeddings", w.positionEmbeddings());
    init(g, "token_type_embeddings", w.tokenTypeEmbeddings());
    init(g, "embeddings_norm_weight", w.embeddingNormWeight());
    init(g, "embeddings_norm_bias", w.embeddingNormBias());
    add(
        g,
        node(
                "EmbedLayerNormalization",
                MS,
                "embeddings",
                new String[] {
                  "ids32",
                  "types32",
                  "word_embeddings",
                  "position_embeddings",
                  "token_type_embeddings",
                  "embeddings_norm_weight",
                  "embeddings_norm_bias",
                  "mask32"
                },
                "hidden_0",
                "mask_index")
            .attr("epsilon", s.layerNormEps()));

    for (int i = 0; i < s.layers(); i++) {
      BertWeights.Layer l = w.layers().get(i);
      String p = "layer" + i + "_";
      String in = "hidden_" + i;
      // Packed [hidden, 3 * hidden] projection: columns Q | K | V.
      float[] qkv = new float[h * 3 * h];
      float[] qkvBias = new float[3 * h];
      BertWeights.Linear[] parts = {
        BertWeights.Linear.QUERY, BertWeights.Linear.KEY, BertWeights.Linear.VALUE
      };
      for (int part = 0; part < 3; part++) {
        float[] m = l.weights().get(parts[part]).floats();
        for (int r = 0; r < h; r++) {
          System.arraycopy(m, r * h, qkv, r * 3 * h + part * h, h);
        }
        System.arraycopy(l.biases().get(parts[part]).floats(), 0, qkvBias, part * h, h);
      }
      init(g, p + "qkv_weight", new long[] {h, 3L * h}, qkv);
      init(g, p + "qkv_bias", new long[] {3L * h}, qkvBias);
      add(
          g,
          node(
                  "Attention",
                  MS,
                  p + "attention",
                  new String[] {in, p + "qkv_weight", p + "qkv_bias", "mask_index"},
                  p + "context")
              .attr("num_heads", s.heads()));
      matmul(g, p + "attention_output", p + "context", l, BertWeights.Linear.ATTENTION_OUTPUT);
      init(g, p + "attention_norm_weight", l.attentionNormWeight());
      init(g, p + "attention_norm_bias", l.attentionNormBias());
      init(g, p + "attention_output_bias", l.biases().get(BertWeights.Linear.ATTENTION_OUTPUT));
      add(
          g,
          node(
                  "SkipLayerNormalization",
                  MS,
                  p + "attention_norm",
                  new String[] {
                    p + "attention_output",
                    in,
                    p + "attention_norm_weight",
                    p + "attention_norm_bias",
                    p + "attention_output_bias"
                  },
                  p + "attention_normed")
              .attr("epsilon", s.layerNormEps()));
      matmul(g, p + "intermediate", p + "attention_normed", l, BertWeights.Linear.INTERMEDIATE);
      init(g, p + "intermediate_bias", l.biases().get(BertWeights.Linear.INTERMEDIATE));
      add(
          g,
          node(
              "BiasGelu",
              MS,
              p + "gelu",
              new String[] {p + "intermediate", p + "intermediate_bias"},
              p + "activated"));
      matmul(g, p + "output", p + "activated", l, BertWeights.Linear.OUTPUT);
      init(g, p + "output_norm_weight", l.outputNormWeight());
      init(g, p + "output_norm_bias", l.outputNormBias());
      init(g, p + "output_bias", l.biases().get(BertWeights.Linear.OUTPUT));
      String next = i == s.layers() - 1 ? "last_hidden_state" : "hidden_" + (i + 1);
      add(
          g,
          node(
                  "SkipLayerNormalization",
                  MS,
                  p + "output_norm",
                  new String[] {
                    p + "output",
                    p + "attention_normed",
                    p + "output_norm_weight",
                    p + "output_norm_bias",
                    p + "output_bias"
                  },
                  next)
              .attr("epsilon", s.layerNormEps()));
    }
    return new ProtoMessage()
        .varint(1, 8) // ir_version
        .string(2, "cairn")
        .message(8, new ProtoMessage().string(1, "").varint(2, 14))
        .message(8, new ProtoMessage().string(1, MS).varint(2, 1))
        .message(7, g);
  }

  private static void matmul(
      ProtoMessage g, String out, String in, BertWeights.Layer l, BertWeights.Linear which) {
    init(g, out + "_weight", l.weights().get(which));
    add(g, node("MatMul", "", out + "_matmul", new String[] {in, out + "_weight"}, out));
  }

  private static void init(ProtoMessage g, String name, OnnxModel.Tensor t) {
    init(g, name, t.dims(), t.floats());
  }

  private static void init(ProtoMessage g, String name, long[] dims, float[] values) {
    ProtoMessage t = new ProtoMessage();
    for (long d : dims) {
      t.varint(1, d);
    }
    t.varint(2, FLOAT).string(8, name).rawFloats(9, values);
    g.message(5, t);
  }

  private static ProtoMessage valueInfo(String name, int elemType, String... dims) {
    ProtoMessage shape = new ProtoMessage();
    for (String d : dims) {
      shape.message(
          1,
          d.chars().allMatch(Character::isDigit)
              ? new ProtoMessage().varint(1, Long.parseLong(d))
              : new ProtoMessage().string(2, d));
    }
    ProtoMessage tensorType = new ProtoMessage().varint(1, elemType).message(2, shape);
    return new ProtoMessage().string(1, name).message(2, new ProtoMessage().message(1, tensorType));
  }

  private static NodeBuilder node(
      String op, String domain, String name, String[] inputs, String... outputs) {
    return new NodeBuilder(op, domain, name, inputs, outputs);
  }

  private static void add(ProtoMessage g, NodeBuilder n) {
    g.message(1, n.msg);
  }

  /** A NodeProto with its attributes. */
  private static final class NodeBuilder {
    final ProtoMessage msg = new ProtoMessage();

    NodeBuilder(String op, String domain, String name, String[] inputs, String[] outputs) {
      for (String in : inputs) {
        msg.string(1, in);
      }
      for (String out : outputs) {
        msg.string(2, out);
      }
      msg.string(3, name).string(4, op);
      if (!domain.isEmpty()) {
        msg.string(7, domain);
      }
    }

    NodeBuilder attr(String name, float value) {
      msg.message(5, new ProtoMessage().string(1, name).fixed32(2, value).varint(20, ATTR_FLOAT));
      return this;
    }

    NodeBuilder attr(String name, long value) {
      msg.message(5, new ProtoMessage().string(1, name).varint(3, value).varint(20, ATTR_INT));
      return this;
    }

    NodeBuilder to(int dataType) {
      return attr("to", (long) dataType);
    }
  }
}
