package dev.cairn.chat.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.chat.generate.ChatMessage;
import dev.cairn.chat.generate.ChatRequest;
import dev.cairn.chat.generate.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class CitedPromptBuilderTest {

  private final List<SourcePassage> sources =
      List.of(
          new SourcePassage(1, "report.pdf", "Revenue grew 12% in 2023."),
          new SourcePassage(2, "mail: Q4 plan", "The Q4 plan moves launch to March."));

  @Test
  void asksForAnAnswerFromTheNumberedSourcesOnlyWithCitations() {
    List<ChatMessage> m = new CitedPromptBuilder().messages("How much did revenue grow?", sources);
    assertThat(m).extracting(ChatMessage::role).containsExactly(Role.SYSTEM, Role.USER);
    assertThat(m.get(0).content())
        .contains("only the numbered sources")
        .contains("[1]")
        .contains(CitedPromptBuilder.NO_ANSWER);
    assertThat(m.get(1).content())
        .contains("[1] report.pdf\nRevenue grew 12% in 2023.")
        .contains("[2] mail: Q4 plan\nThe Q4 plan moves launch to March.")
        .endsWith("Answer using only the sources above, with [n] citations.")
        .contains("Question: How much did revenue grow?");
  }

  @Test
  void buildsAValidRequestAndCutsLongSourcesAtAWord() {
    String longText = "word ".repeat(1000);
    ChatRequest r =
        new CitedPromptBuilder()
            .withMaxCharsPerSource(100)
            .withMaxTokens(64)
            .build("q?", List.of(new SourcePassage(1, "", longText)));
    assertThat(r.maxTokens()).isEqualTo(64);
    String user = r.messages().get(1).content();
    assertThat(user).contains("[1]\nword word").contains(" …");
    assertThat(user.length()).isLessThan(300);
  }

  @Test
  void noSourcesStillGivesAPromptThatInvitesTheNoAnswerReply() {
    List<ChatMessage> m = new CitedPromptBuilder().messages("Anything?", List.of());
    assertThat(m.get(1).content()).startsWith("There are no sources.");
  }

  @Test
  void refusesABlankQuestionAndRepeatedSourceNumbers() {
    CitedPromptBuilder b = new CitedPromptBuilder();
    assertThatThrownBy(() -> b.messages("  ", sources)).hasMessageContaining("blank");
    assertThatThrownBy(
            () ->
                b.messages(
                    "q", List.of(new SourcePassage(1, "", "a"), new SourcePassage(1, "", "b"))))
        .hasMessageContaining("source number 1 is used twice");
  }

  @Test
  void parsesCitationsInTheirUsualShapes() {
    assertThat(Citations.parse("Revenue grew 12% [1]. Launch moved [2][3], see [1, 4; 5]."))
        .containsExactly(1, 2, 3, 4, 5);
    assertThat(Citations.parse("Ranges [2-4] and [7–8].")).containsExactly(2, 3, 4, 7, 8);
    assertThat(Citations.parse("No citations, [a] [] [0] or [12345678].")).isEmpty();
    assertThat(Citations.parse("")).isEmpty();
    assertThat(Citations.parse(null)).isEmpty();
    assertThat(Citations.saysNoAnswer("The sources do not contain the answer.")).isTrue();
    assertThat(Citations.saysNoAnswer("It is 42 [1].")).isFalse();
  }
}
