package dev.cairn.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.library.TestCorpus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code cairn eval beir --embedder}: a model and runtime of the user's choice is measured the same
 * way as the default; the bundled weights on llama.cpp retrieve as well as on ONNX Runtime.
 */
class EvalEmbedderCliTest {

  private static JsonNode eval(String embedder) throws Exception {
    Path scifact = TestCorpus.sharedData().resolve("beir/scifact");
    Cli.Result r =
        Cli.run(
            "eval",
            "beir",
            scifact.toString(),
            "--mode",
            "vector",
            "--limit-docs",
            "60",
            "--limit-queries",
            "8",
            "--embedder",
            embedder,
            "--json");
    assertThat(r.code()).as(r.err()).isZero();
    return new ObjectMapper().readTree(r.out());
  }

  @Test
  void theSameWeightsOnLlamaCppScoreLikeOnOnnxRuntime() throws Exception {
    JsonNode ort = eval("onnx");
    JsonNode llama = eval("gguf");
    assertThat(llama.get("docs").asInt()).isEqualTo(60);
    assertThat(ort.get("exact_ndcg@10").asDouble()).isGreaterThan(0.5);
    assertThat(llama.get("exact_ndcg@10").asDouble())
        .isCloseTo(ort.get("exact_ndcg@10").asDouble(), org.assertj.core.data.Offset.offset(0.02));
  }

  @Test
  void anUnknownEmbedderFailsNamingTheAcceptedForms() {
    Cli.Result r =
        Cli.run(
            "eval",
            "beir",
            TestCorpus.sharedData().resolve("beir/scifact").toString(),
            "--limit-docs",
            "5",
            "--embedder",
            "bert-base");
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("unknown embedder 'bert-base'").contains("ollama:MODEL");
  }
}
