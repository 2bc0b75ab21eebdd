package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extractive answers (no chat model) over real notes from a personal vault: a recipe and three
 * unrelated notes, indexed with the default embedding model.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExtractiveAnswerOnNotesTest {
  DefaultLibraryService library;

  @BeforeAll
  void indexFourNotes(@TempDir Path tmp) throws Exception {
    Path notes = Files.createDirectories(tmp.resolve("notes"));
    Path src =
        TestCorpus.sharedData().resolve("docs/markdown_obsidian_vaults/kepano-obsidian/References");
    for (String f : List.of("Brown butter nectarine tart.md", "Kyoto.md", "Catan.md", "Jazz.md")) {
      Files.copy(src.resolve(f), notes.resolve(f));
    }
    library = DefaultLibraryService.open(tmp.resolve("home"));
    library.index("notes", List.of(notes), IndexingListener.NONE).await();
  }

  @AfterAll
  void close() {
    library.close();
  }

  private Answer ask(String question) throws Exception {
    return library
        .ask(new AnswerRequest("notes", question, "none", 3), new AnswerTest.Recorder())
        .await();
  }

  @Test
  void askedForTheRecipeItQuotesTheRecipeAndSaysItAnswered() throws Exception {
    Answer a = ask("How do I make the brown butter nectarine tart?");
    assertThat(a.sources().getFirst().item().path().getFileName().toString())
        .isEqualTo("Brown butter nectarine tart.md");
    assertThat(a.text())
        .startsWith(ExtractiveAnswers.PREFIX)
        .doesNotContain("do not seem to contain")
        .containsPattern("“[^”]*(tart|butter|recipe)[^”]*” \\[[123]\\]");
    assertThat(a.answeredFromSources()).isTrue();
  }

  @Test
  void aQuestionTheNotesDoNotCoverStillSaysSo() throws Exception {
    Answer a = ask("What was the price of natural gas in 2001?");
    assertThat(a.text()).startsWith(ExtractiveAnswers.NOT_FOUND);
    assertThat(a.answeredFromSources()).isFalse();
  }
}
