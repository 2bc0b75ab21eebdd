package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;

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
            "text/markdown");
    return new Source(n, item);
  }

  @Test
  void quotesTheSentenceThatCoversTheQuestionAndCitesItsSource() {
    List<Source> sources =
        List.of(
            source(1, "Obsidian stores notes as Markdown files. It runs on many systems."),
            source(
                2, "To create a vault, open Obsidian and choose Create new vault. Pick a folder."));
    ExtractiveAnswers.Result r = ExtractiveAnswers.compose("How do I create a vault?", sources);
    assertThat(r.answeredFromSources()).isTrue();
    assertThat(r.text())
        .startsWith(ExtractiveAnswers.PREFIX)
        .contains("“To create a vault, open Obsidian and choose Create new vault.” [2]");
  }

  @Test
  void saysSoWhenNoPassageCoversTheQuestion() {
    List<Source> sources = List.of(source(1, "Gas prices rose in December. Traders were busy."));
    ExtractiveAnswers.Result r =
        ExtractiveAnswers.compose("What is the boiling point of liquid nitrogen?", sources);
    assertThat(r.answeredFromSources()).isFalse();
    assertThat(r.text()).startsWith(ExtractiveAnswers.NOT_FOUND).contains("[1]");
  }

  @Test
  void noSourcesGiveAnExplanationNotAnError() {
    ExtractiveAnswers.Result r = ExtractiveAnswers.compose("anything", List.of());
    assertThat(r.answeredFromSources()).isFalse();
    assertThat(r.text()).contains("cannot be answered from your files");
  }

  @Test
  void stemmingMatchesPlurals() {
    assertThat(ExtractiveAnswers.stem("patients")).isEqualTo("patient");
    assertThat(ExtractiveAnswers.stem("studies")).isEqualTo("study");
    assertThat(ExtractiveAnswers.stem("class")).isEqualTo("class");
  }
}
