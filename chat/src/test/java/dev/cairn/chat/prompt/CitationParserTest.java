package dev.cairn.chat.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.chat.prompt.AnswerSegment.Citation;
import dev.cairn.chat.prompt.AnswerSegment.Quote;
import dev.cairn.chat.prompt.AnswerSegment.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CitationParserTest {

  private static String raw(List<AnswerSegment> segments) {
    return segments.stream().map(AnswerSegment::raw).collect(Collectors.joining());
  }

  @Test
  void readsCitationsInTheirUsualShapes() {
    List<AnswerSegment> s =
        CitationParser.parse("Revenue grew 12% [1]. Launch moved [2][3], see [1, 4; 5].");
    assertThat(s)
        .containsExactly(
            new Text("Revenue grew 12% "),
            new Citation("[1]", List.of(1)),
            new Text(". Launch moved "),
            new Citation("[2]", List.of(2)),
            new Citation("[3]", List.of(3)),
            new Text(", see "),
            new Citation("[1, 4; 5]", List.of(1, 4, 5)),
            new Text("."));
    assertThat(CitationParser.cited(s)).containsExactly(1, 2, 3, 4, 5);
    assertThat(CitationParser.cited(CitationParser.parse("Ranges [2-4] and [7–8].")))
        .containsExactly(2, 3, 4, 7, 8);
  }

  @Test
  void bracketsThatCiteNothingStayText() {
    String text = "No citations, [a] [] [0] [12345678] [9-1] or [see 2].";
    assertThat(CitationParser.parse(text)).containsExactly(new Text(text));
    assertThat(CitationParser.parse("")).isEmpty();
    assertThat(CitationParser.parse(null)).isEmpty();
    assertThat(CitationParser.parse("[")).containsExactly(new Text("["));
  }

  @Test
  void quotesAreTheirOwnSegments() {
    assertThat(CitationParser.parse("Here: “Bake 30 minutes.” [2]\n“Cool it.” [1]"))
        .containsExactly(
            new Text("Here: "),
            new Quote("“Bake 30 minutes.”"),
            new Text(" "),
            new Citation("[2]", List.of(2)),
            new Text("\n"),
            new Quote("“Cool it.”"),
            new Text(" "),
            new Citation("[1]", List.of(1)));
  }

  @Test
  void feedingInPiecesGivesTheSameSegmentsAsTheWholeAnswer() {
    String answer =
        "Add an alias [1]. “Aliases are [2] other names” [2][3], see [1, 4; 5] and [2-4]; not"
            + " [x] or [ 7 ]. Done [6";
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      CitationParser p = new CitationParser();
      List<AnswerSegment> streamed = new ArrayList<>();
      int at = 0;
      while (at < answer.length()) {
        int end = Math.min(answer.length(), at + 1 + random.nextInt(6));
        List<AnswerSegment> fresh = p.feed(answer.substring(at, end));
        assertThat(raw(streamed) + raw(fresh))
            .isEqualTo(answer.substring(0, raw(streamed).length() + raw(fresh).length()));
        streamed.addAll(fresh);
        at = end;
      }
      streamed.addAll(p.finish());
      assertThat(raw(streamed)).isEqualTo(answer);
      assertThat(CitationParser.merge(streamed)).isEqualTo(CitationParser.parse(answer));
    }
  }

  @Test
  void aPartialBracketIsHeldBackUntilItCloses() {
    CitationParser p = new CitationParser();
    assertThat(p.feed("It is 42 [")).containsExactly(new Text("It is 42 "));
    assertThat(p.feed("1")).isEmpty();
    assertThat(p.feed("]. Also ["))
        .containsExactly(new Citation("[1]", List.of(1)), new Text(". Also "));
    assertThat(p.feed("see")).containsExactly(new Text("[see"));
    assertThat(p.feed(" [2")).containsExactly(new Text(" "));
    assertThat(p.finish()).containsExactly(new Text("[2"));
  }

  @Test
  void theRefusalSentenceMeansNotAnsweredFromTheSources() {
    assertThat(CitationParser.answeredFromSources(CitedPromptBuilder.NO_ANSWER)).isFalse();
    assertThat(CitationParser.answeredFromSources("The sources don’t contain that.")).isFalse();
    assertThat(CitationParser.answeredFromSources("It cannot be answered from your files."))
        .isFalse();
    assertThat(CitationParser.answeredFromSources("It is 42 [1].")).isTrue();
    assertThat(CitationParser.answeredFromSources("")).isTrue();
  }

  @Test
  void aRefusalInsideAQuotedPassageIsTheSourcesWordsNotTheAnswers() {
    assertThat(
            CitationParser.answeredFromSources(
                "The most relevant passages:\n\n“Templates do not contain any notes.” [1]"))
        .isTrue();
  }
}
