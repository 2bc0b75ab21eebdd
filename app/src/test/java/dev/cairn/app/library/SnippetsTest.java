package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SnippetsTest {

  @Test
  void termsDropStopWordsAndDuplicatesAndLowerCase() {
    assertThat(Snippets.terms("How do I link Notes to other notes?"))
        .containsExactly("link", "notes", "other");
  }

  @Test
  void blankQueryHasNoTerms() {
    assertThat(Snippets.terms("   ")).isEmpty();
  }

  @Test
  void snippetCentresOnTheFirstMatchedWordAndMarksCuts() {
    String text = "lorem ipsum ".repeat(50) + "the vault holds notes " + "dolor sit ".repeat(50);
    String s = Snippets.snippet(text, List.of("vault"), 80);
    assertThat(s).contains("vault").startsWith("…").endsWith("…");
    assertThat(s.length()).isLessThanOrEqualTo(82);
  }

  @Test
  void shortTextIsReturnedWhole() {
    assertThat(Snippets.snippet("a  short\n text", List.of("x"), 80)).isEqualTo("a short text");
  }

  @Test
  void matchesOnlyAtWordStarts() {
    assertThat(Snippets.indexOfWord("relink link", "link")).isEqualTo(7);
  }

  @Test
  void snippetsShowMarkdownAsWordsWithoutMarkup() {
    String text =
        "## Canvas\nUse **Canvas** to arrange [[Notes/Ideas|ideas]] and [[Daily note]] on a"
            + " board, see [the docs](https://example.org/canvas) and `code`.";
    assertThat(Snippets.snippet(text, List.of("canvas"), 240))
        .isEqualTo(
            "Canvas Use Canvas to arrange ideas and Daily note on a board, see the docs and code.");
  }

  @Test
  void snippetsDropRawEmailHeaderLines() {
    String text =
        "From: Ann <ann@example.org>\nTo: list@example.org\nSubject: Re: build\n"
            + "Date: Mon, 1 Jan 2024 10:00:00 +0000\n\nThe build passes again.";
    assertThat(Snippets.snippet(text, List.of("build"), 240)).isEqualTo("The build passes again.");
  }

  @Test
  void plainTextIsLeftAsItIs() {
    assertThat(Snippets.plain("A sentence: with a colon, 2 * 3 and a_b."))
        .isEqualTo("A sentence: with a colon, 2 * 3 and a_b.");
  }
}
