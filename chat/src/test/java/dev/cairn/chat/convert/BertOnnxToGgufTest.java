package dev.cairn.chat.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.chat.embed.BundledModel;
import dev.cairn.chat.embed.ModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GGUF files the build converted, and the converter's handling of bad input. */
class BertOnnxToGgufTest {

  @TempDir Path dir;

  @Test
  void theBuildConvertedEachBundledModelWithItsShapeAndIdentity() throws Exception {
    for (BundledModel m : BundledModel.values()) {
      ModelFiles f = ModelFiles.locate(m);
      GgufInfo g = GgufInfo.read(f.gguf());
      Properties p = new Properties();
      try (var r = Files.newBufferedReader(f.dir().resolve(ModelFiles.PROPERTIES))) {
        p.load(r);
      }
      assertThat(g.architecture()).isEqualTo("bert");
      assertThat(g.longValue("bert.embedding_length", 0)).isEqualTo(384);
      assertThat(g.longValue("bert.attention.head_count", 0)).isEqualTo(12);
      assertThat(g.longValue("bert.block_count", 0))
          .isEqualTo(m == BundledModel.ALL_MINILM_L6_V2 ? 6 : 12);
      assertThat(g.longValue("bert.pooling_type", 0))
          .isEqualTo(m == BundledModel.ALL_MINILM_L6_V2 ? 1 : 2);
      assertThat(g.longValue("general.file_type", -1)).isEqualTo(1); // mostly f16
      assertThat(g.arrayLengths().get("tokenizer.ggml.tokens")).isEqualTo(30522);
      assertThat(g.stringValue("cairn.model_id"))
          .isEqualTo(p.getProperty("id"))
          .isEqualTo(f.modelId());
      assertThat(g.stringValue("cairn.source_sha256"))
          .isEqualTo(p.getProperty("source.sha256"))
          .startsWith(f.modelId().substring(f.modelId().lastIndexOf('-') + 1));
      assertThat(p.getProperty("gguf.sha256")).isEqualTo(Sha256.of(f.gguf()));
      assertThat(g.tensorNames())
          .contains("token_embd.weight", "blk.0.attn_q.weight", "blk.0.layer_output_norm.bias");
      @SuppressWarnings("unchecked")
      List<Object> tokens = (List<Object>) g.metadata().get("tokenizer.ggml.tokens");
      assertThat(tokens.subList(0, 1)).containsExactly("[PAD]");
    }
  }

  @Test
  void theSameInputsGiveTheSameBytesWhateverTheMetadataMapsOrder() throws Exception {
    Path onnx = Path.of("target", "model-src", "all-minilm-l6-v2", "all-minilm-l6-v2.onnx");
    ModelFiles f = ModelFiles.locate(BundledModel.ALL_MINILM_L6_V2);
    BertWeights w = BertWeights.read(OnnxModel.read(onnx));
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("cairn.a", "1");
    ab.put("cairn.b", "2");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("cairn.b", "2");
    ba.put("cairn.a", "1");
    List<String> hashes = new ArrayList<>();
    for (Map<String, String> meta : List.of(ab, ba)) {
      Path out = dir.resolve("m" + hashes.size() + ".gguf");
      BertOnnxToGguf.convert(
          w,
          f.tokenizer(),
          out,
          BertOnnxToGguf.GgufPooling.MEAN,
          GgufWriter.TensorType.F16,
          "x",
          meta);
      hashes.add(Sha256.of(out));
    }
    assertThat(hashes.get(1)).isEqualTo(hashes.get(0));
  }

  @Test
  void aCorruptOrForeignOnnxFileIsRefusedNamingTheFile() throws Exception {
    ModelFiles f = ModelFiles.locate(BundledModel.ALL_MINILM_L6_V2);
    Path bad = dir.resolve("bad.onnx");
    Files.write(bad, new byte[] {(byte) 0x0a, (byte) 0xff, (byte) 0xff, 0x01});
    assertThatThrownBy(
            () ->
                BertOnnxToGguf.convert(
                    bad,
                    f.tokenizer(),
                    dir.resolve("o.gguf"),
                    BertOnnxToGguf.GgufPooling.MEAN,
                    GgufWriter.TensorType.F16,
                    "x",
                    Map.of()))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining(bad.toString());
    Path missing = dir.resolve("missing.onnx");
    assertThatThrownBy(
            () ->
                BertOnnxToGguf.convert(
                    missing,
                    f.tokenizer(),
                    dir.resolve("o.gguf"),
                    BertOnnxToGguf.GgufPooling.MEAN,
                    GgufWriter.TensorType.F16,
                    "x",
                    Map.of()))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("not found")
        .hasMessageContaining(missing.toString());
    assertThat(Files.exists(dir.resolve("o.gguf"))).isFalse();
  }

  @Test
  void ggufWriterOutputReadsBackWithEveryValueType() throws Exception {
    Path file = dir.resolve("kv.gguf");
    new GgufWriter()
        .putString("general.architecture", "test")
        .putUint32("a.u32", 7)
        .putInt32("a.i32", -3)
        .putFloat32("a.f32", 1.5f)
        .putBool("a.bool", true)
        .putStringArray("a.strs", List.of("x", "y"))
        .addTensor(
            "t", new long[] {2, 3}, GgufWriter.TensorType.F16, new float[] {1, 2, 3, 4, 5, 6})
        .write(file);
    GgufInfo g = GgufInfo.read(file);
    assertThat(g.version()).isEqualTo(3);
    assertThat(g.metadata())
        .containsEntry("a.u32", 7L)
        .containsEntry("a.i32", -3)
        .containsEntry("a.f32", 1.5f)
        .containsEntry("a.bool", true);
    assertThat(g.metadata().get("a.strs")).isEqualTo(List.of("x", "y"));
    assertThat(g.tensorNames()).containsExactly("t");
    assertThat(Files.size(file) % 32).isZero();
  }
}
