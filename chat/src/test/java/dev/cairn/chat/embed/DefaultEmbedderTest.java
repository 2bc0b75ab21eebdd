package dev.cairn.chat.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.chat.testing.SciFact;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bundled default embedder (all-MiniLM-L6-v2 on ONNX Runtime). */
class DefaultEmbedderTest {

  private static Embedder embedder;

  @BeforeAll
  static void open() throws Exception {
    embedder = Embedders.openDefault();
  }

  @AfterAll
  static void close() {
    embedder.close();
  }

  @Test
  void describesTheBundledModel() {
    EmbeddingModelInfo info = embedder.info();
    assertThat(info.modelId()).matches("all-minilm-l6-v2-[0-9a-f]{8}");
    assertThat(info.dimensions()).isEqualTo(384);
    assertThat(info.maxTokens()).isEqualTo(256);
    assertThat(info.pooling()).isEqualTo(Pooling.MEAN);
    assertThat(info.runtime()).startsWith("onnxruntime (CPU, ");
  }

  @Test
  void returnsUnitVectorsInInputOrderAndBatchingDoesNotChangeThem() throws Exception {
    List<String> docs = SciFact.firstDocuments(12);
    List<float[]> batched = embedder.embed(docs);
    assertThat(batched).hasSize(12);
    for (int i = 0; i < docs.size(); i++) {
      float[] single = embedder.embedQuery(docs.get(i));
      assertThat(Embedders.cosine(batched.get(i), single)).isGreaterThan(0.99999);
      double norm = 0;
      for (float f : batched.get(i)) {
        norm += f * f;
      }
      assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }
    assertThat(Embedders.cosine(batched.get(0), batched.get(1))).isLessThan(0.9);
  }

  @Test
  void similarTextsAreCloserThanUnrelatedOnes() throws Exception {
    List<float[]> v =
        embedder.embed(
            List.of(
                "Vitamin D deficiency is linked to bone loss.",
                "Low vitamin D levels are associated with osteoporosis.",
                "The quarterly revenue of the company grew by ten percent."));
    assertThat(Embedders.cosine(v.get(0), v.get(1)))
        .isGreaterThan(Embedders.cosine(v.get(0), v.get(2)) + 0.3);
  }

  @Test
  void anEmptyListGivesAnEmptyListAndAnEmptyStringGivesAValidVector() throws Exception {
    assertThat(embedder.embed(List.of())).isEmpty();
    float[] empty = embedder.embedQuery("");
    float[] blank = embedder.embedQuery("   \n\t ");
    assertThat(empty).hasSize(384);
    assertThat(Embedders.cosine(empty, blank)).isGreaterThan(0.99999);
    assertThat(embedder.countTokens("")).isEqualTo(2);
  }

  @Test
  void aHundredKilobyteTextIsTruncatedToTheTokenLimitAndReported() throws Exception {
    String para = SciFact.firstDocuments(1).getFirst() + " ";
    StringBuilder sb = new StringBuilder();
    while (sb.length() < 100_000) {
      sb.append(para);
    }
    String huge = sb.toString();
    EmbedResult r = embedder.embedWithReport(List.of("short text", huge));
    assertThat(r.truncated()).containsExactly(1);
    assertThat(r.tokenCounts()[1]).isEqualTo(embedder.countTokens(huge)).isGreaterThan(10_000);
    assertThat(embedder.lastTruncatedCount()).isEqualTo(1);
    // The vector of the huge text is the vector of its first whole words that fit.
    float[] prefix = embedder.embedQuery(huge.substring(0, 1000));
    assertThat(Embedders.cosine(r.vectors().get(1), prefix)).isGreaterThan(0.95);
    embedder.embed(List.of("short again"));
    assertThat(embedder.lastTruncatedCount()).isZero();
  }

  @Test
  void aDimensionMismatchIsRefusedWithBothNumbers() {
    assertThatThrownBy(() -> embedder.info().requireDimensions(768))
        .isInstanceOfSatisfying(
            DimensionMismatchException.class,
            e -> {
              assertThat(e.modelDimensions()).isEqualTo(384);
              assertThat(e.expectedDimensions()).isEqualTo(768);
            })
        .hasMessageContaining("384")
        .hasMessageContaining("768");
  }

  @Test
  void interruptingTheCallerCancelsBetweenBatches() throws Exception {
    List<String> docs = new ArrayList<>(SciFact.firstDocuments(64));
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        Thread.ofPlatform()
            .name("cancel-test")
            .start(
                () -> {
                  Thread.currentThread().interrupt();
                  try {
                    embedder.embed(docs);
                  } catch (Throwable e) {
                    thrown.set(e);
                  }
                });
    t.join(30_000);
    assertThat(thrown.get())
        .isInstanceOf(EmbeddingCancelledException.class)
        .hasMessageContaining("of 64 texts");
  }

  @Test
  void aClosedEmbedderRefusesWork() throws Exception {
    Embedder e = Embedders.openDefault();
    e.close();
    e.close();
    assertThatThrownBy(() -> e.embed(List.of("x"))).isInstanceOf(IllegalStateException.class);
  }
}
