package dev.cairn.chat.convert;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The weights and shape of a BERT encoder exported to ONNX (Hugging Face / Xenova layout, as
 * shipped in the langchain4j embedding artifacts), read once and shared by the GGUF converter and
 * the fused ONNX writer.
 *
 * <p>The anonymous {@code onnx::MatMul_*} matrices are mapped to layers through the MatMul node
 * names ({@code /encoder/layer.N/attention/self/query/MatMul} ...); they keep ONNX's {@code [in,
 * out]} layout here. Head count and layer-norm epsilon are read from the graph's constants.
 *
 * @param wordEmbeddings {@code [vocab, hidden]}
 * @param positionEmbeddings {@code [maxPositions, hidden]}
 * @param tokenTypeEmbeddings {@code [types, hidden]}
 * @param layers one entry per encoder layer, first to last
 */
public record BertWeights(
    Path source,
    BertOnnxToGguf.BertShape shape,
    OnnxModel.Tensor wordEmbeddings,
    OnnxModel.Tensor positionEmbeddings,
    OnnxModel.Tensor tokenTypeEmbeddings,
    OnnxModel.Tensor embeddingNormWeight,
    OnnxModel.Tensor embeddingNormBias,
    List<Layer> layers) {

  /** The linear maps of a layer, by their Hugging Face names. */
  public enum Linear {
    QUERY("attention/self/query", "attention.self.query"),
    KEY("attention/self/key", "attention.self.key"),
    VALUE("attention/self/value", "attention.self.value"),
    ATTENTION_OUTPUT("attention/output/dense", "attention.output.dense"),
    INTERMEDIATE("intermediate/dense", "intermediate.dense"),
    OUTPUT("output/dense", "output.dense");

    final String nodePath;
    final String hfName;

    Linear(String nodePath, String hfName) {
      this.nodePath = nodePath;
      this.hfName = hfName;
    }
  }

  /**
   * One encoder layer.
   *
   * @param weights {@code [in, out]} matrices by linear map
   * @param biases {@code [out]} vectors by linear map
   */
  public record Layer(
      Map<Linear, OnnxModel.Tensor> weights,
      Map<Linear, OnnxModel.Tensor> biases,
      OnnxModel.Tensor attentionNormWeight,
      OnnxModel.Tensor attentionNormBias,
      OnnxModel.Tensor outputNormWeight,
      OnnxModel.Tensor outputNormBias) {}

  private static final Pattern MATMUL =
      Pattern.compile(
          "/encoder/layer\\.(\\d+)/("
              + Arrays.stream(Linear.values())
                  .map(l -> Pattern.quote(l.nodePath))
                  .collect(Collectors.joining("|"))
              + ")/MatMul");

  /**
   * Reads the weights of a BERT encoder.
   *
   * @throws ConversionException naming the file when a weight, the head count or the layer-norm
   *     epsilon cannot be found
   */
  public static BertWeights read(OnnxModel model) throws ConversionException {
    Path file = model.file();
    Map<String, OnnxModel.Tensor> init = model.initializers();
    Map<String, OnnxModel.Node> byOutput = new HashMap<>();
    for (OnnxModel.Node n : model.nodes()) {
      for (String o : n.outputs()) {
        byOutput.put(o, n);
      }
    }
    OnnxModel.Tensor wordEmb = require(init, "embeddings.word_embeddings.weight", file);
    OnnxModel.Tensor posEmb = require(init, "embeddings.position_embeddings.weight", file);
    OnnxModel.Tensor typeEmb = require(init, "embeddings.token_type_embeddings.weight", file);

    Map<String, OnnxModel.Tensor> matrices = new HashMap<>();
    int layerCount = 0;
    for (OnnxModel.Node n : model.nodes()) {
      if (!n.opType().equals("MatMul")) {
        continue;
      }
      Matcher m = MATMUL.matcher(n.name());
      if (m.matches() && n.inputs().size() == 2 && init.containsKey(n.inputs().get(1))) {
        int layer = Integer.parseInt(m.group(1));
        layerCount = Math.max(layerCount, layer + 1);
        matrices.put(layer + "/" + m.group(2), init.get(n.inputs().get(1)));
      }
    }
    if (layerCount == 0) {
      throw new ConversionException(
          "no BERT encoder layers found (no /encoder/layer.N/.../MatMul nodes): " + file);
    }
    List<Layer> layers = new ArrayList<>(layerCount);
    for (int i = 0; i < layerCount; i++) {
      String hf = "encoder.layer." + i + ".";
      Map<Linear, OnnxModel.Tensor> w = new EnumMap<>(Linear.class);
      Map<Linear, OnnxModel.Tensor> b = new EnumMap<>(Linear.class);
      for (Linear l : Linear.values()) {
        OnnxModel.Tensor t = matrices.get(i + "/" + l.nodePath);
        if (t == null || t.floats() == null || t.dims().length != 2) {
          throw new ConversionException(
              "layer " + i + " has no MatMul weight for " + l.nodePath + ": " + file);
        }
        w.put(l, t);
        b.put(l, require(init, hf + l.hfName + ".bias", file));
      }
      layers.add(
          new Layer(
              w,
              b,
              require(init, hf + "attention.output.LayerNorm.weight", file),
              require(init, hf + "attention.output.LayerNorm.bias", file),
              require(init, hf + "output.LayerNorm.weight", file),
              require(init, hf + "output.LayerNorm.bias", file)));
    }
    int vocabSize = (int) wordEmb.dims()[0];
    int hidden = (int) wordEmb.dims()[1];
    int feedForward = (int) layers.getFirst().biases().get(Linear.INTERMEDIATE).dims()[0];
    BertOnnxToGguf.BertShape shape =
        new BertOnnxToGguf.BertShape(
            vocabSize,
            hidden,
            layerCount,
            headCount(byOutput, file),
            feedForward,
            (int) posEmb.dims()[0],
            layerNormEpsilon(model, byOutput, file));
    return new BertWeights(
        file,
        shape,
        wordEmb,
        posEmb,
        typeEmb,
        require(init, "embeddings.LayerNorm.weight", file),
        require(init, "embeddings.LayerNorm.bias", file),
        List.copyOf(layers));
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

  static OnnxModel.Tensor require(Map<String, OnnxModel.Tensor> init, String name, Path file)
      throws ConversionException {
    OnnxModel.Tensor t = init.get(name);
    if (t == null || t.floats() == null) {
      throw new ConversionException("ONNX model has no float tensor '" + name + "': " + file);
    }
    return t;
  }
}
