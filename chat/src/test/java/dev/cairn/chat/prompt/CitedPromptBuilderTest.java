package dev.cairn.chat.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.chat.generate.ChatMessage;
import dev.cairn.chat.generate.ChatRequest;
import dev.cairn.chat.generate.Role;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CitedPromptBuilderTest {

  private final List<SourcePassage> sources =
      List.of(
          new SourcePassage(1, "report.pdf, page 3", "Revenue grew 12% in 2023."),
          new SourcePassage(2, "Q4 plan", "The Q4 plan moves launch to March."));

  @Test
  void asksForAnAnswerFromTheNumberedSourcesOnlyWithCitations() {
    ChatRequest r = new CitedPromptBuilder().build("How much did revenue grow?", sources);
    List<ChatMessage> m = r.messages();
    assertThat(m).extracting(ChatMessage::role).containsExactly(Role.SYSTEM, Role.USER);
    assertThat(m.get(0).content())
        .contains("only the numbered sources")
        .contains("[1]")
        .contains(CitedPromptBuilder.NO_ANSWER);
    assertThat(m.get(1).content())
        .isEqualTo(
            "Sources:\n\n"
                + "[1] report.pdf, page 3\nRevenue grew 12% in 2023.\n\n"
                + "[2] Q4 plan\nThe Q4 plan moves launch to March.\n\n"
                + "Question: How much did revenue grow?\nAnswer:");
    assertThat(r.temperature()).isZero();
    assertThat(r.maxTokens()).isEqualTo(768);
    assertThat(r.timeout()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void cutsLongSourcesAndCarriesTheLimits() {
    String longText = "word ".repeat(1000);
    ChatRequest r =
        new CitedPromptBuilder()
            .withMaxCharsPerSource(100)
            .withMaxTokens(64)
            .withTimeout(Duration.ofSeconds(9))
            .build("q?", List.of(new SourcePassage(1, "", longText)));
    assertThat(r.maxTokens()).isEqualTo(64);
    assertThat(r.timeout()).isEqualTo(Duration.ofSeconds(9));
    String user = r.messages().get(1).content();
    assertThat(user).contains("[1] \nword word").contains(" …\n");
    assertThat(user.length()).isLessThan(200);
  }

  @Test
  void noSourcesStillGivesAPromptThatInvitesTheNoAnswerReply() {
    String user = new CitedPromptBuilder().userMessage("Anything?", List.of());
    assertThat(user).startsWith("There are no sources.").endsWith("Question: Anything?\nAnswer:");
  }

  @Test
  void refusesABlankQuestionRepeatedSourceNumbersAndTinyCuts() {
    CitedPromptBuilder b = new CitedPromptBuilder();
    assertThatThrownBy(() -> b.build("  ", sources)).hasMessageContaining("blank");
    assertThatThrownBy(
            () ->
                b.build("q", List.of(new SourcePassage(1, "", "a"), new SourcePassage(1, "", "b"))))
        .hasMessageContaining("source number 1 is used twice");
    assertThatThrownBy(() -> b.withMaxCharsPerSource(10))
        .hasMessageContaining("maxCharsPerSource must be >= 50, got 10");
    assertThatThrownBy(() -> new SourcePassage(0, "", "x"))
        .hasMessageContaining("source numbers start at 1, got 0");
  }
}
