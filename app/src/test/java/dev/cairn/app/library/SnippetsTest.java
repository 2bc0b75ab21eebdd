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
}
