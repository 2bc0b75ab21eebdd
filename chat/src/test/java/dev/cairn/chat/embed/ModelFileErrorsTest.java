package dev.cairn.chat.embed;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Missing or corrupt model files give a typed error that names the file. */
class ModelFileErrorsTest {

  @TempDir Path dir;
  private ModelFiles good;

  @BeforeEach
  void locate() throws Exception {
    good = ModelFiles.locate(BundledModel.ALL_MINILM_L6_V2);
  }

  private ModelFiles copyWith(String broken, byte[] content) throws Exception {
    for (String f : new String[] {ModelFiles.ONNX, ModelFiles.TOKENIZER, ModelFiles.GGUF}) {
      if (!f.equals(broken)) {
        Files.createLink(dir.resolve(f), good.dir().resolve(f));
      }
    }
    if (content != null) {
      Files.write(dir.resolve(broken), content);
    }
    return new ModelFiles(BundledModel.ALL_MINILM_L6_V2, dir, good.modelId(), 384, false);
  }

  @Test
  void aMissingOnnxFileIsNamed() throws Exception {
    ModelFiles f = copyWith(ModelFiles.ONNX, null);
    assertThatThrownBy(() -> Embedders.open(EmbedderSpec.ort(BundledModel.ALL_MINILM_L6_V2), f))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining(dir.resolve(ModelFiles.ONNX).toString());
  }

  @Test
  void aCorruptOnnxFileIsNamed() throws Exception {
    ModelFiles f = copyWith(ModelFiles.ONNX, "not a protobuf at all".getBytes());
    assertThatThrownBy(() -> Embedders.open(EmbedderSpec.ort(BundledModel.ALL_MINILM_L6_V2), f))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining(dir.resolve(ModelFiles.ONNX).toString());
  }

  @Test
  void aMissingGgufFileIsNamed() throws Exception {
    ModelFiles f = copyWith(ModelFiles.GGUF, null);
    assertThatThrownBy(
            () -> Embedders.open(EmbedderSpec.llamaCpp(BundledModel.ALL_MINILM_L6_V2), f))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining(dir.resolve(ModelFiles.GGUF).toString());
  }

  @Test
  void aTruncatedGgufFileIsNamedBeforeLlamaCppSeesIt() throws Exception {
    byte[] head = new byte[1 << 20];
    try (var in = Files.newInputStream(good.gguf())) {
      in.readNBytes(head, 0, head.length);
    }
    ModelFiles f = copyWith(ModelFiles.GGUF, head);
    assertThatThrownBy(
            () -> Embedders.open(EmbedderSpec.llamaCpp(BundledModel.ALL_MINILM_L6_V2), f))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining("truncated")
        .hasMessageContaining(dir.resolve(ModelFiles.GGUF).toString());
  }

  @Test
  void aGgufWithTheWrongMagicIsNamed() throws Exception {
    ModelFiles f = copyWith(ModelFiles.GGUF, "GGML-but-not-really-a-gguf-file-header".getBytes());
    assertThatThrownBy(
            () -> Embedders.open(EmbedderSpec.llamaCpp(BundledModel.ALL_MINILM_L6_V2), f))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining("not a GGUF file")
        .hasMessageContaining(dir.resolve(ModelFiles.GGUF).toString());
  }

  @Test
  void aCorruptTokenizerIsNamed() throws Exception {
    ModelFiles f = copyWith(ModelFiles.TOKENIZER, "{\"model\": {\"type\": \"BPE\"}}".getBytes());
    assertThatThrownBy(() -> Embedders.open(EmbedderSpec.ort(BundledModel.ALL_MINILM_L6_V2), f))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining(dir.resolve(ModelFiles.TOKENIZER).toString());
  }

  @Test
  void aModelsFolderWithoutPropertiesIsATypedErrorNamingTheFile() throws Exception {
    Files.copy(
        good.dir().resolve(ModelFiles.PROPERTIES),
        dir.resolve("unused.properties"),
        StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> ModelFiles.fromDir(BundledModel.ALL_MINILM_L6_V2, dir))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining(dir.resolve(ModelFiles.PROPERTIES).toString());
  }
}
