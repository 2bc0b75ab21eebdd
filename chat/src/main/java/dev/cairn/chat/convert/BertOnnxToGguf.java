package dev.cairn.chat.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.chat.convert.GgufWriter.TensorType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts a BERT sentence-embedding model exported to ONNX (Hugging Face / Xenova layout, as
 * shipped in the langchain4j embedding artifacts) plus its {@code tokenizer.json} into a GGUF file
 * that llama.cpp loads as {@code general.architecture=bert}.
 *
 * <p>How: weights are read from the ONNX initializers; the anonymous {@code onnx::MatMul_*}
 * matrices are mapped to layers through the MatMul node names ({@code
 * /encoder/layer.N/attention/self/query/MatMul} ...) and transposed from ONNX's {@code [in, out]}
 * to llama.cpp's {@code [out, in]}; head count and layer-norm epsilon are read from the graph's
 * constants; the WordPiece vocabulary is rewritten in llama.cpp's convention (a "▁" before
 * word-start tokens, "##" removed, the special tokens marked as control tokens).
 *
 * <p>Stateless and thread-safe.
 */
public final class BertOnnxToGguf {

  /** Pooling written into the GGUF ({@code bert.pooling_type}: 1 = mean, 2 = CLS). */
  public enum GgufPooling {
    MEAN(1),
    CLS(2);

    final int id;

    GgufPooling(int id) {
      this.id = id;
    }
  }

  /** What the converter learned about the model; written into the GGUF metadata too. */
  public record BertShape(
      int vocabSize,
      int hidden,
      int layers,
      int heads,
      int feedForward,
      int maxPositions,
      float layerNormEps) {}

  private static final Pattern MATMUL =
      Pattern.compile(
          "/encoder/layer\\.(\\d+)/(attention/self/query|attention/self/key|attention/self/value"
              + "|attention/output/dense|intermediate/dense|output/dense)/MatMul");

  private static final Map<String, String> GGUF_LINEAR =
      Map.of(
          "attention/self/query", "attn_q",
          "attention/self/key", "attn_k",
          "attention/self/value", "attn_v",
          "attention/output/dense", "attn_output",
          "intermediate/dense", "ffn_up",
          "output/dense", "ffn_down");

  private static final Map<String, String> HF_LINEAR =
      Map.of(
          "attention/self/query", "attention.self.query",
          "attention/self/key", "attention.self.key",
          "attention/self/value", "attention.self.value",
          "attention/output/dense", "attention.output.dense",
          "intermediate/dense", "intermediate.dense",
          "output/dense", "output.dense");

  private BertOnnxToGguf() {}

  /**
   * Converts and writes the GGUF file atomically.
   *
   * @param matrixType storage of the 2-D weight matrices (norms, biases, position and token-type
   *     embeddings always stay F32)
   * @param extraMetadata string metadata added as is (e.g. {@code cairn.model_id})
   * @return the shape read from the model
   * @throws ConversionException naming the file when a model or tokenizer file is missing, corrupt,
   *     or not a BERT encoder this converter understands
   */
  public static BertShape convert(
      Path onnxFile,
      Path tokenizerJson,
      Path ggufOut,
      GgufPooling pooling,
      TensorType matrixType,
      String displayName,
      Map<String, String> extraMetadata)
      throws ConversionException {
    OnnxModel model = OnnxModel.read(onnxFile);
    List<String> vocab = readVocab(tokenizerJson);
    Map<String, OnnxModel.Tensor> init = model.initializers();
    Map<String, OnnxModel.Node> byOutput = new HashMap<>();
    for (OnnxModel.Node n : model.nodes()) {
      for (String o : n.outputs()) {
        byOutput.put(o, n);
      }
    }

    OnnxModel.Tensor wordEmb = require(init, "embeddings.word_embeddings.weight", onnxFile);
    OnnxModel.Tensor posEmb = require(init, "embeddings.position_embeddings.weight", onnxFile);
    OnnxModel.Tensor typeEmb = require(init, "embeddings.token_type_embeddings.weight", onnxFile);
    int vocabSize = (int) wordEmb.dims()[0];
    int hidden = (int) wordEmb.dims()[1];
    if (vocabSize != vocab.size()) {
      throw new ConversionException(
          "tokenizer "
              + tokenizerJson
              + " has "
              + vocab.size()
              + " tokens but the model "
              + onnxFile
              + " has "
              + vocabSize
              + " word embeddings");
    }

    // Map MatMul weights to layers via node names.
    Map<String, OnnxModel.Tensor> linear = new HashMap<>();
    int layers = 0;
    for (OnnxModel.Node n : model.nodes()) {
      if (!n.opType().equals("MatMul")) {
        continue;
      }
      Matcher m = MATMUL.matcher(n.name());
      if (m.matches() && n.inputs().size() == 2 && init.containsKey(n.inputs().get(1))) {
        int layer = Integer.parseInt(m.group(1));
        layers = Math.max(layers, layer + 1);
        linear.put(layer + "/" + m.group(2), init.get(n.inputs().get(1)));
      }
    }
    if (layers == 0) {
      throw new ConversionException(
          "no BERT encoder layers found (no /encoder/layer.N/.../MatMul nodes): " + onnxFile);
    }
    int feedForward =
        (int) require(init, "encoder.layer.0.intermediate.dense.bias", onnxFile).dims()[0];
    int heads = headCount(byOutput, onnxFile);
    float eps = layerNormEpsilon(model, byOutput, onnxFile);
    BertShape shape =
        new BertShape(vocabSize, hidden, layers, heads, feedForward, (int) posEmb.dims()[0], eps);

    GgufWriter w = new GgufWriter();
    w.putString("general.architecture", "bert");
    w.putString("general.name", displayName);
    w.putUint32("general.file_type", matrixType == TensorType.F16 ? 1 : 0);
    w.putUint32("general.alignment", GgufWriter.ALIGNMENT);
    w.putUint32("bert.context_length", shape.maxPositions());
    w.putUint32("bert.embedding_length", hidden);
    w.putUint32("bert.feed_forward_length", feedForward);
    w.putUint32("bert.block_count", layers);
    w.putUint32("bert.attention.head_count", heads);
    w.putFloat32("bert.attention.layer_norm_epsilon", eps);
    w.putBool("bert.attention.causal", false);
    w.putUint32("bert.pooling_type", pooling.id);
    writeVocab(w, vocab, (int) typeEmb.dims()[0]);
    extraMetadata.forEach(w::putString);

    w.addTensor("token_embd.weight", ne(wordEmb), matrixType, wordEmb.floats());
    w.addTensor("position_embd.weight", ne(posEmb), TensorType.F32, posEmb.floats());
    w.addTensor("token_types.weight", ne(typeEmb), TensorType.F32, typeEmb.floats());
    addVector(w, init, "embeddings.LayerNorm.weight", "token_embd_norm.weight", onnxFile);
    addVector(w, init, "embeddings.LayerNorm.bias", "token_embd_norm.bias", onnxFile);
    for (int i = 0; i < layers; i++) {
      String blk = "blk." + i + ".";
      String hf = "encoder.layer." + i + ".";
      for (Map.Entry<String, String> e : GGUF_LINEAR.entrySet()) {
        OnnxModel.Tensor t = linear.get(i + "/" + e.getKey());
        if (t == null) {
          throw new ConversionException(
              "layer " + i + " has no MatMul weight for " + e.getKey() + ": " + onnxFile);
        }
        int in = (int) t.dims()[0];
        int out = (int) t.dims()[1];
        w.addTensor(
            blk + e.getValue() + ".weight",
            new long[] {in, out},
            matrixType,
            transpose(t.floats(), in, out));
        addVector(
            w,
            init,
            hf + HF_LINEAR.get(e.getKey()) + ".bias",
            blk + e.getValue() + ".bias",
            onnxFile);
      }
      addVector(
          w,
          init,
          hf + "attention.output.LayerNorm.weight",
          blk + "attn_output_norm.weight",
          onnxFile);
      addVector(
          w, init, hf + "attention.output.LayerNorm.bias", blk + "attn_output_norm.bias", onnxFile);
      addVector(
          w, init, hf + "output.LayerNorm.weight", blk + "layer_output_norm.weight", onnxFile);
      addVector(w, init, hf + "output.LayerNorm.bias", blk + "layer_output_norm.bias", onnxFile);
    }
    try {
      w.write(ggufOut);
    } catch (IOException e) {
      throw new ConversionException("cannot write GGUF file " + ggufOut + ": " + e.getMessage(), e);
    }
    return shape;
  }

  /** Reads the WordPiece vocabulary of a Hugging Face tokenizer.json, ordered by id. */
  static List<String> readVocab(Path tokenizerJson) throws ConversionException {
    if (!Files.isRegularFile(tokenizerJson)) {
      throw new ConversionException("tokenizer file not found: " + tokenizerJson);
    }
    try {
      JsonNode root = new ObjectMapper().readTree(tokenizerJson.toFile());
      JsonNode model = root.path("model");
      if (!"WordPiece".equals(model.path("type").asText())) {
        throw new ConversionException(
            "tokenizer is not WordPiece (model.type='"
                + model.path("type").asText()
                + "'): "
                + tokenizerJson);
      }
      JsonNode vocab = model.path("vocab");
      String[] byId = new String[vocab.size()];
      var it = vocab.properties().iterator();
      while (it.hasNext()) {
        var e = it.next();
        int id = e.getValue().asInt(-1);
        if (id < 0 || id >= byId.length || byId[id] != null) {
          throw new ConversionException(
              "tokenizer vocab has a bad or duplicate id " + id + ": " + tokenizerJson);
        }
        byId[id] = e.getKey();
      }
      return List.of(byId);
    } catch (IOException e) {
      throw new ConversionException(
          "corrupt tokenizer file " + tokenizerJson + ": " + e.getMessage(), e);
    }
  }

  private static void writeVocab(GgufWriter w, List<String> vocab, int tokenTypes) {
    List<String> tokens = new ArrayList<>(vocab.size());
    int[] types = new int[vocab.size()];
    float[] scores = new float[vocab.size()];
    for (int i = 0; i < vocab.size(); i++) {
      String tok = vocab.get(i);
      boolean special = tok.startsWith("[") && tok.endsWith("]");
      if (special) {
        tokens.add(tok);
      } else if (tok.startsWith("##")) {
        tokens.add(tok.substring(2));
      } else {
        tokens.add("\u2581" + tok);
      }
      boolean control =
          switch (tok) {
            case "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]" -> true;
            default -> false;
          };
      types[i] = control ? 3 : 1;
      scores[i] = -i;
    }
    w.putString("tokenizer.ggml.model", "bert");
    w.putStringArray("tokenizer.ggml.tokens", tokens);
    w.putInt32Array("tokenizer.ggml.token_type", types);
    w.putFloat32Array("tokenizer.ggml.scores", scores);
    w.putUint32("tokenizer.ggml.token_type_count", tokenTypes);
    putId(w, vocab, "tokenizer.ggml.unknown_token_id", "[UNK]");
    putId(w, vocab, "tokenizer.ggml.padding_token_id", "[PAD]");
    putId(w, vocab, "tokenizer.ggml.bos_token_id", "[CLS]");
    putId(w, vocab, "tokenizer.ggml.cls_token_id", "[CLS]");
    putId(w, vocab, "tokenizer.ggml.eos_token_id", "[SEP]");
    putId(w, vocab, "tokenizer.ggml.seperator_token_id", "[SEP]");
    putId(w, vocab, "tokenizer.ggml.mask_token_id", "[MASK]");
  }

  private static void putId(GgufWriter w, List<String> vocab, String key, String token) {
    int id = vocab.indexOf(token);
    if (id >= 0) {
      w.putUint32(key, id);
    }
  }

  private static int headCount(Map<String, OnnxModel.Node> byOutput, Path file)
      throws ConversionException {
    // Reshape of the key projection: [batch, seq, heads, headDim]; the shape comes from a Concat
    // whose third input is a Constant holding the head count.
    for (OnnxModel.Node n : byOutput.values()) {
      if (n.opType().equals("Reshape")
          && n.name().startsWith("/encoder/layer.0/attention/self/Reshape")
          && n.inputs().size() == 2) {
        OnnxModel.Node concat = byOutput.get(n.inputs().get(1));
        if (concat != null && concat.opType().equals("Concat") && concat.inputs().size() == 4) {
          OnnxModel.Node c = byOutput.get(concat.inputs().get(2));
          if (c != null
              && c.attributes().get("value") instanceof OnnxModel.Tensor t
              && t.longs() != null
              && t.longs().length == 1) {
            return (int) t.longs()[0];
          }
        }
      }
    }
    throw new ConversionException(
        "cannot find the attention head count in the graph (no Reshape/Concat/Constant pattern in"
            + " /encoder/layer.0/attention/self): "
            + file);
  }

  private static float layerNormEpsilon(
      OnnxModel model, Map<String, OnnxModel.Node> byOutput, Path file) throws ConversionException {
    for (OnnxModel.Node n : model.nodes()) {
      if (n.opType().equals("LayerNormalization")
          && n.attributes().get("epsilon") instanceof Float f) {
        return f;
      }
    }
    // Decomposed layer norm: Add(ReduceMean(Pow(x - mean, 2)), eps) then Sqrt.
    for (OnnxModel.Node n : model.nodes()) {
      if (n.opType().equals("Add") && n.name().equals("/embeddings/LayerNorm/Add")) {
        for (String in : n.inputs()) {
          OnnxModel.Node c = byOutput.get(in);
          if (c != null
              && c.opType().equals("Constant")
              && c.attributes().get("value") instanceof OnnxModel.Tensor t
              && t.floats() != null
              && t.floats().length == 1) {
            return t.floats()[0];
          }
        }
      }
    }
    throw new ConversionException(
        "cannot find the layer-norm epsilon in the graph (/embeddings/LayerNorm/Add): " + file);
  }

  private static OnnxModel.Tensor require(
      Map<String, OnnxModel.Tensor> init, String name, Path file) throws ConversionException {
    OnnxModel.Tensor t = init.get(name);
    if (t == null || t.floats() == null) {
      throw new ConversionException("ONNX model has no float tensor '" + name + "': " + file);
    }
    return t;
  }

  private static void addVector(
      GgufWriter w, Map<String, OnnxModel.Tensor> init, String onnxName, String ggufName, Path file)
      throws ConversionException {
    OnnxModel.Tensor t = require(init, onnxName, file);
    w.addTensor(ggufName, new long[] {t.size()}, TensorType.F32, t.floats());
  }

  /** GGUF dims of a row-major ONNX tensor: ONNX dims reversed. */
  private static long[] ne(OnnxModel.Tensor t) {
    long[] d = t.dims();
    long[] r = new long[d.length];
    for (int i = 0; i < d.length; i++) {
      r[i] = d[d.length - 1 - i];
    }
    return r;
  }

  /** [rows][cols] row-major to [cols][rows] row-major. */
  static float[] transpose(float[] a, int rows, int cols) {
    float[] t = new float[a.length];
    for (int r = 0; r < rows; r++) {
      int base = r * cols;
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = a[base + c];
      }
    }
    return t;
  }
}
