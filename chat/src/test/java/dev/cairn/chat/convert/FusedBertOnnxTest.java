package dev.cairn.chat.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.chat.embed.BundledModel;
import dev.cairn.chat.embed.Embedder;
import dev.cairn.chat.embed.EmbedderSpec;
import dev.cairn.chat.embed.Embedders;
import dev.cairn.chat.embed.ModelFiles;
import dev.cairn.chat.testing.SciFact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fused graph the build writes as {@code model.onnx} computes the same vectors as the ONNX file
 * of the Maven artifact it was written from, in padded batches too (the fused attention reads the
 * mask as a length per row).
 */
class FusedBertOnnxTest {

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(BundledModel.class)
  void fusedGraphMatchesTheArtifactsOnnxOnSciFactAbstractsInPaddedBatches(BundledModel model)
      throws Exception {
    ModelFiles bundled = ModelFiles.locate(model);
    // The artifact's file as unpacked by the build (module directory is the working directory).
    Path original = Path.of("target", "model-src", model.dirName(), model.dirName() + ".onnx");
    assertThat(original).isRegularFile();
    assertThat(Sha256.of(bundled.onnx())).isNotEqualTo(Sha256.of(original));
    Files.createSymbolicLink(dir.resolve(ModelFiles.ONNX), original.toAbsolutePath());
    Files.copy(bundled.tokenizer(), dir.resolve(ModelFiles.TOKENIZER));
    ModelFiles originalFiles =
        new ModelFiles(model, dir, bundled.modelId(), bundled.dimensions(), false);

    List<String> docs = new ArrayList<>(SciFact.firstDocuments(40));
    docs.add("");
    docs.add("a short query about vitamin D");
    EmbedderSpec spec = EmbedderSpec.ort(model).withBatchSize(8);
    List<float[]> fused;
    List<float[]> reference;
    try (Embedder e = Embedders.open(spec, bundled)) {
      fused = e.embed(docs);
    }
    try (Embedder e = Embedders.open(spec, originalFiles)) {
      reference = e.embed(docs);
    }
    double min = 1;
    for (int i = 0; i < docs.size(); i++) {
      min = Math.min(min, Embedders.cosine(fused.get(i), reference.get(i)));
    }
    System.out.printf("%s fused vs artifact ONNX: min cosine %.8f%n", model, min);
    assertThat(min).isGreaterThanOrEqualTo(0.99999);
  }

  @Test
  void anUnwritableTargetIsAConversionErrorNamingTheFileAndLeavesNoTempFile() throws Exception {
    Path original = Path.of("target", "model-src", "all-minilm-l6-v2", "all-minilm-l6-v2.onnx");
    BertWeights w = BertWeights.read(OnnxModel.read(original));
    Path blocker = dir.resolve("not-a-dir");
    Files.writeString(blocker, "x");
    Path target = blocker.resolve("model.onnx");
    assertThatThrownBy(() -> FusedBertOnnx.write(w, target))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining(target.toString());
    Path ok = dir.resolve("out").resolve("model.onnx");
    FusedBertOnnx.write(w, ok);
    try (var files = Files.list(ok.getParent())) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("model.onnx");
    }
    // Readable like the GGUF and the properties beside it (a temp file starts as rw-------).
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ok)))
        .isEqualTo("rw-r--r--");
    assertThat(OnnxModel.read(ok).nodes())
        .extracting(OnnxModel.Node::opType)
        .contains("EmbedLayerNormalization", "Attention", "SkipLayerNormalization", "BiasGelu")
        .doesNotContain("Transpose", "Softmax");
  }
}
