package dev.cairn.chat.embed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.chat.testing.SciFact;
import java.util.List;
import org.junit.jupiter.api.Test;

/** llama.cpp on the converted GGUF handles empty and huge texts like ONNX Runtime does. */
class LlamaCppEmbedderTest {

  @Test
  void emptyAndHundredKilobyteTextsAgreeWithOnnxRuntimeAndTruncationIsReported() throws Exception {
    StringBuilder sb = new StringBuilder();
    String para = SciFact.firstDocuments(3).get(2) + " ";
    while (sb.length() < 100_000) {
      sb.append(para);
    }
    List<String> texts = List.of("", sb.toString(), "a short query about vitamin D");
    EmbedResult llama;
    EmbedResult ort;
    try (Embedder e = Embedders.open(EmbedderSpec.llamaCpp(BundledModel.ALL_MINILM_L6_V2))) {
      assertThat(e.info().runtime()).startsWith("llama.cpp (CPU, ").endsWith(" threads)");
      llama = e.embedWithReport(texts);
    }
    try (Embedder e = Embedders.open(EmbedderSpec.ort(BundledModel.ALL_MINILM_L6_V2))) {
      ort = e.embedWithReport(texts);
    }
    assertThat(llama.truncated()).containsExactly(1);
    assertThat(ort.truncated()).containsExactly(1);
    for (int i = 0; i < texts.size(); i++) {
      assertThat(Embedders.cosine(llama.vectors().get(i), ort.vectors().get(i)))
          .as("text %d", i)
          .isGreaterThanOrEqualTo(0.999);
    }
  }
}
