package dev.cairn.chat.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.chat.testing.TinyMultilingualModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multilingual path end to end on a model the test generates: a model folder whose {@code
 * tokenizer.json} is read by Hugging Face tokenizers, run on ONNX Runtime and on llama.cpp (its
 * GGUF), with the same identity on both and the parity the bundled model has.
 */
class MultilingualModelFolderTest {

  @TempDir static Path dir;
  static Path model;

  @BeforeAll
  static void generate() throws Exception {
    model = TinyMultilingualModel.write(dir.resolve("tiny-multilingual"), 20);
  }

  static List<String> texts() {
    List<String> t = new ArrayList<>(TinyMultilingualModel.TEXTS);
    t.add("");
    t.add("未知的字 unknown words 𝔘");
    return t;
  }

  @Test
  void onnxRuntimeAndLlamaCppAgreeOnChineseBurmeseAndEnglishText() throws Exception {
    ModelFiles folder = ModelFiles.folder(model);
    assertThat(folder.hfTokenizer()).isTrue();
    List<float[]> ort;
    List<float[]> llama;
    String ortId;
    String llamaId;
    try (Embedder e =
        Embedders.open(EmbedderSpec.ort(BundledModel.ALL_MINILM_L6_V2).withBatchSize(4), folder)) {
      ort = e.embed(texts());
      ortId = e.info().modelId();
      assertThat(e.info().dimensions()).isEqualTo(384);
      assertThat(e.info().displayName()).isEqualTo("tiny-multilingual");
    }
    try (Embedder e =
        Embedders.open(
            EmbedderSpec.llamaCpp(BundledModel.ALL_MINILM_L6_V2),
            ModelFiles.ggufFile(model.resolve(ModelFiles.GGUF)))) {
      llama = e.embed(texts());
      llamaId = e.info().modelId();
    }
    assertThat(llamaId).isEqualTo(ortId).startsWith("tiny-multilingual-");
    double min = 1;
    for (int i = 0; i < ort.size(); i++) {
      double c = Embedders.cosine(ort.get(i), llama.get(i));
      System.out.printf("ORT vs llama.cpp on %s: cosine %.6f%n", texts().get(i), c);
      min = Math.min(min, c);
    }
    assertThat(min).isGreaterThanOrEqualTo(0.999);
    // The texts are not all the same vector (the new vocabulary is used).
    assertThat(Embedders.cosine(ort.get(0), ort.get(2))).isLessThan(0.99);
  }

  @Test
  void theHuggingFaceTokenizerCountsAndTruncatesAtAWholeWord() throws Exception {
    try (TextTokenizer t = TextTokenizer.load(ModelFiles.folder(model))) {
      // [CLS] 计 算 梯 度 [SEP]: Chinese characters are words of their own.
      assertThat(t.countTokens("计算梯度")).isEqualTo(6);
      String text = "gradient 计算梯度 training";
      WordPieceTokenizer.Encoding e = t.encode(text, 5);
      assertThat(e.truncated()).isTrue();
      assertThat(e.ids()).hasSize(5);
      assertThat(e.keptText()).isEqualTo("gradient 计算");
      assertThat(t.encode(text, 64).truncated()).isFalse();
    }
  }

  @Test
  void aFolderWithoutPropertiesOrTokenizerIsRefusedNamingTheFile() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> ModelFiles.folder(empty))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining(empty.resolve(ModelFiles.PROPERTIES).toString());
    Path noTok = Files.createDirectories(dir.resolve("no-tokenizer"));
    Files.copy(model.resolve(ModelFiles.PROPERTIES), noTok.resolve(ModelFiles.PROPERTIES));
    assertThatThrownBy(() -> ModelFiles.folder(noTok))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining(noTok.resolve(ModelFiles.TOKENIZER).toString());
    Path lone = Files.createDirectories(dir.resolve("lone"));
    Files.copy(model.resolve(ModelFiles.GGUF), lone.resolve("x.gguf"));
    assertThatThrownBy(() -> ModelFiles.ggufFile(lone.resolve("x.gguf")))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining("tokenizer.json");
  }
}
