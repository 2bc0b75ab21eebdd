package dev.cairn.chat.embed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.chat.testing.SciFact;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ONNX Runtime and llama.cpp (on the GGUF Cairn's converter produced in the build) give the same
 * vectors for the same weights.
 */
class RuntimeParityTest {

  private static List<String> docs;

  @BeforeAll
  static void readCorpus() {
    docs = SciFact.firstDocuments(100);
  }

  @AfterAll
  static void release() {
    docs = null;
  }

  @ParameterizedTest
  @EnumSource(BundledModel.class)
  void ortAndLlamaCppAgreeWithCosineAbove0999OnHundredSciFactAbstracts(BundledModel model)
      throws Exception {
    List<float[]> ort;
    List<float[]> llama;
    String ortId;
    String llamaId;
    try (Embedder e = Embedders.open(EmbedderSpec.ort(model))) {
      ort = e.embed(docs);
      ortId = e.info().modelId();
    }
    try (Embedder e = Embedders.open(EmbedderSpec.llamaCpp(model))) {
      llama = e.embed(docs);
      llamaId = e.info().modelId();
    }
    assertThat(llamaId).isEqualTo(ortId).startsWith(model.dirName() + "-");
    double min = 1;
    double sum = 0;
    for (int i = 0; i < docs.size(); i++) {
      double c = Embedders.cosine(ort.get(i), llama.get(i));
      min = Math.min(min, c);
      sum += c;
    }
    System.out.printf(
        "%s parity over %d docs: min cosine %.6f, mean %.6f%n",
        model, docs.size(), min, sum / docs.size());
    assertThat(min).isGreaterThanOrEqualTo(0.999);
  }
}
