package dev.cairn.chat.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.chat.convert.GgufWriter.TensorType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

  private static final Map<BertWeights.Linear, String> GGUF_LINEAR =
      Map.of(
          BertWeights.Linear.QUERY, "attn_q",
          BertWeights.Linear.KEY, "attn_k",
          BertWeights.Linear.VALUE, "attn_v",
          BertWeights.Linear.ATTENTION_OUTPUT, "attn_output",
          BertWeights.Linear.INTERMEDIATE, "ffn_up",
          BertWeights.Linear.OUTPUT, "ffn_down");

  private BertOnnxToGguf() {}

  /**
   * Converts and writes the GGUF file atomically.
   *
   * @param matrixType storage of the 2-D weight matrices (norms, biases, position and token-type
   *     embeddings always stay F32)
   * @param extraMetadata string metadata added as is, in key order (e.g. {@code cairn.model_id})
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
    return convert(
        BertWeights.read(OnnxModel.read(onnxFile)),
        tokenizerJson,
        ggufOut,
        pooling,
        matrixType,
        displayName,
        extraMetadata);
  }

  /**
   * Converts weights already read (see {@link BertWeights#read}) and writes the GGUF atomically.
   */
  public static BertShape convert(
      BertWeights bw,
      Path tokenizerJson,
      Path ggufOut,
      GgufPooling pooling,
      TensorType matrixType,
      String displayName,
      Map<String, String> extraMetadata)
      throws ConversionException {
    Path onnxFile = bw.source();
    List<String> vocab = readVocab(tokenizerJson);
    BertShape shape = bw.shape();
    OnnxModel.Tensor wordEmb = bw.wordEmbeddings();
    OnnxModel.Tensor posEmb = bw.positionEmbeddings();
    OnnxModel.Tensor typeEmb = bw.tokenTypeEmbeddings();
    if (shape.vocabSize() != vocab.size()) {
      throw new ConversionException(
          "tokenizer "
              + tokenizerJson
              + " has "
              + vocab.size()
              + " tokens but the model "
              + onnxFile
              + " has "
              + shape.vocabSize()
              + " word embeddings");
    }

    GgufWriter w = new GgufWriter();
    w.putString("general.architecture", "bert");
    w.putString("general.name", displayName);
    w.putUint32("general.file_type", matrixType == TensorType.F16 ? 1 : 0);
    w.putUint32("general.alignment", GgufWriter.ALIGNMENT);
    w.putUint32("bert.context_length", shape.maxPositions());
    w.putUint32("bert.embedding_length", shape.hidden());
    w.putUint32("bert.feed_forward_length", shape.feedForward());
    w.putUint32("bert.block_count", shape.layers());
    w.putUint32("bert.attention.head_count", shape.heads());
    w.putFloat32("bert.attention.layer_norm_epsilon", shape.layerNormEps());
    w.putBool("bert.attention.causal", false);
    w.putUint32("bert.pooling_type", pooling.id);
    writeVocab(w, vocab, (int) typeEmb.dims()[0]);
    // Sorted by key: the same inputs give the same bytes, whatever map the caller passed.
    new TreeMap<>(extraMetadata).forEach(w::putString);

    w.addTensor("token_embd.weight", ne(wordEmb), matrixType, wordEmb.floats());
    w.addTensor("position_embd.weight", ne(posEmb), TensorType.F32, posEmb.floats());
    w.addTensor("token_types.weight", ne(typeEmb), TensorType.F32, typeEmb.floats());
    addVector(w, bw.embeddingNormWeight(), "token_embd_norm.weight");
    addVector(w, bw.embeddingNormBias(), "token_embd_norm.bias");
    for (int i = 0; i < shape.layers(); i++) {
      String blk = "blk." + i + ".";
      BertWeights.Layer layer = bw.layers().get(i);
      for (BertWeights.Linear l : BertWeights.Linear.values()) {
        OnnxModel.Tensor t = layer.weights().get(l);
        int in = (int) t.dims()[0];
        int out = (int) t.dims()[1];
        w.addTensor(
            blk + GGUF_LINEAR.get(l) + ".weight",
            new long[] {in, out},
            matrixType,
            transpose(t.floats(), in, out));
        addVector(w, layer.biases().get(l), blk + GGUF_LINEAR.get(l) + ".bias");
      }
      addVector(w, layer.attentionNormWeight(), blk + "attn_output_norm.weight");
      addVector(w, layer.attentionNormBias(), blk + "attn_output_norm.bias");
      addVector(w, layer.outputNormWeight(), blk + "layer_output_norm.weight");
      addVector(w, layer.outputNormBias(), blk + "layer_output_norm.bias");
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

  private static void addVector(GgufWriter w, OnnxModel.Tensor t, String ggufName) {
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
