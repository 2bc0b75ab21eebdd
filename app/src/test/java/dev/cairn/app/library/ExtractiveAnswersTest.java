package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.chat.prompt.CitationParser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtractiveAnswersTest {

  private static Source source(int n, String text) {
    ResultItem item =
        new ResultItem(
            n,
            1.0,
            n,
            text,
            text,
            List.of(),
            Path.of("/notes/" + n + ".md"),
            0,
            "t",
            null,
            null,
            null,
            null,
            "text/markdown",
            java.util.List.of(),
            null);
    return new Source(n, item);
  }

  @Test
  void quotesTheSentenceThatCoversTheQuestionAndCitesItsSource() {
    List<Source> sources =
        List.of(
            source(1, "Obsidian stores notes as Markdown files. It runs on many systems."),
            source(
                2, "To create a vault, open Obsidian and choose Create new vault. Pick a folder."));
    String r = ExtractiveAnswers.compose("How do I create a vault?", sources);
    assertThat(CitationParser.answeredFromSources(r)).isTrue();
    assertThat(r)
        .startsWith(ExtractiveAnswers.PREFIX)
        .contains("“To create a vault, open Obsidian and choose Create new vault.” [2]");
  }

  @Test
  void saysSoWhenNoPassageCoversTheQuestion() {
    List<Source> sources = List.of(source(1, "Gas prices rose in December. Traders were busy."));
    String r = ExtractiveAnswers.compose("What is the boiling point of liquid nitrogen?", sources);
    assertThat(CitationParser.answeredFromSources(r)).isFalse();
    assertThat(r).startsWith(ExtractiveAnswers.NOT_FOUND).contains("[1]");
  }

  @Test
  void noSourcesGiveAnExplanationNotAnError() {
    String r = ExtractiveAnswers.compose("anything", List.of());
    assertThat(CitationParser.answeredFromSources(r)).isFalse();
    assertThat(r).contains("cannot be answered from your files");
  }

  @Test
  void aSourceCoversTheQuestionWithTheWordsOfAllItsSentencesAndItsTitle() {
    // No single sentence holds "make", "brown", "butter", "nectarine" and "tart": the recipe does.
    ResultItem recipe =
        new ResultItem(
            1,
            1.0,
            1,
            "Melt butter until browned. Arrange nectarine slices on the tart. Bake 30 minutes.",
            "",
            List.of(),
            Path.of("/notes/Brown butter nectarine tart.md"),
            0,
            "Brown butter nectarine tart",
            null,
            null,
            null,
            null,
            "text/markdown",
            java.util.List.of(),
            null);
    String r =
        ExtractiveAnswers.compose(
            "How do I make the brown butter nectarine tart?", List.of(new Source(1, recipe)));
    assertThat(r).startsWith(ExtractiveAnswers.PREFIX).contains("” [1]");
    assertThat(CitationParser.answeredFromSources(r)).isTrue();
  }

  @Test
  void aQuotedPassageThatSaysDoesNotContainIsNotARefusal() {
    List<Source> sources =
        List.of(source(1, "A template does not contain notes. Templates hold placeholders."));
    String r = ExtractiveAnswers.compose("What does a template contain?", sources);
    assertThat(r).startsWith(ExtractiveAnswers.PREFIX).contains("does not contain notes");
    assertThat(CitationParser.answeredFromSources(r)).isTrue();
  }

  @Test
  void stemmingMatchesPlurals() {
    assertThat(ExtractiveAnswers.stem("patients")).isEqualTo("patient");
    assertThat(ExtractiveAnswers.stem("studies")).isEqualTo("study");
    assertThat(ExtractiveAnswers.stem("class")).isEqualTo("class");
  }
}
