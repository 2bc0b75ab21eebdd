package dev.cairn.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.library.TestCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command of the CLI contract, end to end on a temporary home and a small real corpus. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CairnCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  Path tmp;
  Path home;
  Path corpus;
  Cli.Result indexed;

  @BeforeAll
  void indexTheCorpusOnce(@TempDir Path tmp) throws Exception {
    this.tmp = tmp;
    home = tmp.resolve("home");
    corpus = TestCorpus.create(Files.createDirectories(tmp.resolve("corpus")));
    indexed = Cli.run("--home", home.toString(), "index", corpus.toString());
  }

  private Cli.Result cairn(String... args) {
    List<String> all = new ArrayList<>(List.of("--home", home.toString()));
    all.addAll(List.of(args));
    return Cli.run(all.toArray(String[]::new));
  }

  private JsonNode json(Cli.Result r) throws Exception {
    assertThat(r.code()).as("exit status; stderr: %s", r.err()).isZero();
    return JSON.readTree(r.out());
  }

  @Test
  void indexPrintsASummaryOnStdoutAndProgressOnStderr() {
    assertThat(indexed.code()).as(indexed.err()).isZero();
    assertThat(indexed.out())
        .containsPattern(
            "indexed (\\d+) files, unchanged 0, skipped \\d+, failed 0; \\d+ chunks in");
    assertThat(indexed.err()).contains("files");
    assertThat(home.resolve("collections/default/collection.json")).exists();
    assertThat(home.resolve("collections/default/documents.sqlite")).exists();
  }

  @Test
  void indexingTheSameFolderAgainFindsEverythingUnchanged() {
    Cli.Result again = cairn("index", corpus.resolve("notes").toString());
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).containsPattern("indexed 0 files, unchanged " + 9 + ",");
  }

  @ParameterizedTest
  @ValueSource(strings = {"hybrid", "vector", "lexical"})
  void searchInEachModeReturnsKRankedResultsWithProvenance(String mode) throws Exception {
    JsonNode results =
        json(cairn("search", "how do I link to another note", "-k", "5", "--mode", mode, "--json"));
    assertThat(results.size()).isEqualTo(5);
    for (int i = 0; i < 5; i++) {
      JsonNode r = results.get(i);
      assertThat(r.get("rank").asInt()).isEqualTo(i + 1);
      assertThat(r.fieldNames())
          .toIterable()
          .containsExactly("rank", "score", "text", "path", "page", "title", "chunk_id", "also_in");
      assertThat(Path.of(r.get("path").asText())).startsWith(corpus);
    }
    assertThat(results.get(0).get("score").asDouble())
        .isGreaterThanOrEqualTo(results.get(4).get("score").asDouble());
    // The notes about links should win over emails and the PDF.
    assertThat(results.get(0).get("path").asText()).contains("notes");
  }

  @ParameterizedTest
  @ValueSource(strings = {"hybrid", "vector", "lexical"})
  void aFileTypeFilterStillReturnsExactlyKResults(String mode) throws Exception {
    // Emails rank low for this query; the filter is applied inside the searches, so k come back.
    JsonNode results =
        json(
            cairn(
                "search",
                "link notes in the vault",
                "-k",
                "4",
                "--mode",
                mode,
                "--filter",
                "type=eml",
                "--json"));
    assertThat(results.size()).isEqualTo(4);
    results.forEach(r -> assertThat(r.get("path").asText()).endsWith(".eml"));
  }

  @Test
  void folderAndSenderFiltersRestrictResults() throws Exception {
    JsonNode inFolder =
        json(
            cairn(
                "search",
                "vault",
                "-k",
                "3",
                "--filter",
                "folder=" + corpus.resolve("pdf"),
                "--json"));
    assertThat(inFolder.size()).isBetween(1, 3);
    inFolder.forEach(r -> assertThat(r.get("path").asText()).endsWith("testPDF.pdf"));

    JsonNode bySender =
        json(
            cairn(
                "search",
                "gas prices",
                "-k",
                "10",
                "--mode",
                "vector",
                "--filter",
                "sender=david.port",
                "--json"));
    assertThat(bySender.size()).isPositive();
    bySender.forEach(r -> assertThat(r.get("path").asText()).endsWith("allen-3.eml"));

    // the same as a mail operator in the query
    JsonNode byOperator =
        json(
            cairn(
                "search", "gas prices from:david.port", "-k", "10", "--mode", "vector", "--json"));
    assertThat(byOperator).isEqualTo(bySender);
  }

  @Test
  void plainSearchPrintsRankedLines() {
    Cli.Result r = cairn("search", "aliases for a note", "-k", "2");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("1. [").contains("\n2. [");
  }

  @Test
  void statsReportsChunksAndStorage() throws Exception {
    JsonNode s = json(cairn("stats", "--json"));
    assertThat(s.get("chunks").asLong()).isPositive();
    assertThat(s.get("files").asLong()).isEqualTo(9 + 8 + 1);
    assertThat(s.get("index_bytes").asLong()).isPositive();
    assertThat(s.get("flat_bytes").asLong()).isEqualTo(s.get("chunks").asLong() * 384 * 4);
    Cli.Result text = cairn("stats");
    assertThat(text.out()).contains("chunks").contains("index");
  }

  @Test
  void validateSaysTheFreshCollectionIsValid() {
    Cli.Result r = cairn("validate");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("is valid");
  }

  @Test
  void modelsListsTheBundledEmbedderAndOllamasStatus() throws Exception {
    JsonNode m = json(cairn("models", "--json", "--ollama-host", "http://127.0.0.1:9"));
    assertThat(m.get("runtimes").size()).isPositive();
    assertThat(m.get("embedding_models").toString()).containsIgnoringCase("minilm");
    assertThat(m.get("ollama").get("running").asBoolean()).isFalse();
  }

  @Test
  void askWithoutAChatModelQuotesCitedPassagesAndListsTheSources() {
    Cli.Result r = cairn("ask", "How do I create an alias for a note?", "--model", "none");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("[1]").contains("Sources:").containsPattern("\\[1\\] .*\\.md");
    assertThat(r.err()).contains("extractive");
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(cairn("search").code()).isEqualTo(2);
    assertThat(cairn("search", "q", "--mode", "fuzzy").code()).isEqualTo(2);
    assertThat(cairn("search", "q", "-k", "0").code()).isEqualTo(2);
    assertThat(cairn("search", "q", "--filter", "colour=red").code()).isEqualTo(2);
    assertThat(cairn("search", "q has:pdf").code()).isEqualTo(2);
    assertThat(cairn("search", "from:alice").code()).isEqualTo(2);
    assertThat(cairn("frobnicate").code()).isEqualTo(2);
    assertThat(cairn("index", tmp.resolve("does-not-exist").toString()).code()).isEqualTo(2);
  }

  @Test
  void failuresExitWithOneAndAOneLineReason() {
    Cli.Result r = cairn("search", "anything", "--collection", "nope");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip()).doesNotContain("\n").contains("no collection named 'nope'");
    assertThat(r.out()).isEmpty();
  }
}
