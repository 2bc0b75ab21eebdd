package dev.cairn.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.library.TestCorpus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code cairn eval beir} on a slice of SciFact: the JSON contract and quality bounds. */
class EvalBeirCliTest {

  @Test
  void evalBeirOnASciFactSlicePrintsExactlyTheContractKeysWithSoundFigures() throws Exception {
    Path scifact = TestCorpus.sharedData().resolve("beir/scifact");
    Cli.Result r =
        Cli.run(
            "eval",
            "beir",
            scifact.toString(),
            "--mode",
            "hybrid",
            "--limit-docs",
            "100",
            "--limit-queries",
            "10",
            "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.fieldNames())
        .toIterable()
        .containsExactly(
            "ndcg@10",
            "exact_ndcg@10",
            "recall@10_vs_exact",
            "index_bytes",
            "flat_bytes",
            "storage_ratio",
            "p50_ms",
            "p95_ms",
            "recomputes_per_query",
            "cache_hits_per_query",
            "docs",
            "queries",
            "index_seconds",
            "mode",
            "fusion_sweep");
    assertThat(j.get("mode").asText()).isEqualTo("hybrid");
    assertThat(j.get("queries").asInt()).isEqualTo(10);
    assertThat(j.get("docs").asInt()).isEqualTo(100);
    // On a 100-document slice holding every judged document the task is easy; these are floors.
    assertThat(j.get("exact_ndcg@10").asDouble()).isGreaterThan(0.6);
    assertThat(j.get("ndcg@10").asDouble()).isGreaterThan(0.6);
    assertThat(j.get("recall@10_vs_exact").asDouble()).isGreaterThanOrEqualTo(0.95);
    assertThat(j.get("flat_bytes").asLong()).isPositive();
    assertThat(j.get("index_bytes").asLong()).isPositive();
    assertThat(j.get("index_seconds").asDouble()).isPositive();
    assertThat(j.get("p95_ms").asDouble()).isGreaterThanOrEqualTo(j.get("p50_ms").asDouble());
    // A hybrid run re-scores the fusion variants, the rerank counts among them, on the same
    // queries.
    JsonNode sweep = j.get("fusion_sweep");
    assertThat(sweep.fieldNames())
        .toIterable()
        .contains("convex alpha=0.6", "rerank m=0", "rerank m=15", "rerank m=50");
    sweep.forEach(v -> assertThat(v.asDouble()).isBetween(0.0, 1.0));
  }

  @Test
  void evalBeirOnAFolderWithoutQrelsIsAUsageStyleFailure() {
    Cli.Result r = Cli.run("eval", "beir", TestCorpus.sharedData().resolve("qa").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("not a BEIR dataset folder");
  }
}
