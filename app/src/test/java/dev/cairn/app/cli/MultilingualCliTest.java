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

/**
 * The two real multilingual notes through the command line: a Chinese word inside a longer run is
 * found by keyword and by hybrid search, {@code --language} keeps one note, and {@code cairn stats}
 * lists the languages and says that the English embedding model does not cover them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultilingualCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  Path home;
  Path notes;

  @BeforeAll
  void indexTheNotes(@TempDir Path tmp) throws Exception {
    home = tmp.resolve("home");
    notes = Files.createDirectories(tmp.resolve("notes"));
    for (String n : List.of("embedding-rag-notes.zh.md", "leann-faiss-notes.my.md")) {
      Files.copy(
          TestCorpus.sharedData().resolve("docs/multilingual_notes").resolve(n), notes.resolve(n));
    }
    Cli.Result r = cairn("index", notes.toString());
    assertThat(r.code()).as(r.err()).isZero();
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
  void aChineseWordInsideALongerRunIsFoundByKeywordAndHybridSearch() throws Exception {
    for (String mode : List.of("lexical", "hybrid")) {
      JsonNode results = json(cairn("search", "梯度", "--mode", mode, "-k", "3", "--json"));
      assertThat(results.size()).as(mode).isPositive();
      assertThat(results.get(0).get("path").asText())
          .as(mode)
          .endsWith("embedding-rag-notes.zh.md");
    }
  }

  @Test
  void theLanguageOptionKeepsOnlyTheNoteInThatLanguage() throws Exception {
    JsonNode my = json(cairn("search", "FAISS", "--language", "my", "-k", "5", "--json"));
    assertThat(my.size()).isPositive();
    my.forEach(r -> assertThat(r.get("path").asText()).endsWith("leann-faiss-notes.my.md"));
    JsonNode zh = json(cairn("search", "FAISS", "--filter", "language=zh", "-k", "5", "--json"));
    assertThat(zh.size()).isPositive();
    zh.forEach(r -> assertThat(r.get("path").asText()).endsWith("embedding-rag-notes.zh.md"));
    assertThat(cairn("search", "FAISS", "--language", "chinese!").code()).isEqualTo(2);
  }

  @Test
  void statsListTheLanguagesAndNameTheMultilingualModel() throws Exception {
    JsonNode s = json(cairn("stats", "--json"));
    assertThat(s.get("chunks_by_language").has("zh")).isTrue();
    assertThat(s.get("chunks_by_language").has("my")).isTrue();
    assertThat(s.get("language_notice").asText())
        .containsIgnoringCase("MiniLM")
        .contains("multilingual-e5-small");
    Cli.Result text = cairn("stats");
    assertThat(text.out()).contains("Chinese (zh)").contains("Burmese (my)");
  }
}
