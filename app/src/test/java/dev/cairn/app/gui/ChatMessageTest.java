package dev.cairn.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.chat.prompt.AnswerSegment;
import dev.cairn.chat.prompt.CitationParser;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

/** The answer's segments grow with its text, without re-reading what streamed before. */
class ChatMessageTest {
  private static final String ANSWER =
      "Add an aliases property [1]. “Aliases are other names” [2][3], see [1, 3] and [x]. [4";

  /** Records every change to the segment list: "add@from+count" or "other". */
  private static List<String> changes(ChatMessage m) {
    List<String> out = new ArrayList<>();
    m.segments()
        .addListener(
            (ListChangeListener<AnswerSegment>)
                c -> {
                  while (c.next()) {
                    out.add(
                        c.wasAdded() && !c.wasRemoved()
                            ? "add@" + c.getFrom() + "+" + c.getAddedSize()
                            : "other");
                  }
                });
    return out;
  }

  @Test
  void streamedPiecesOnlyAddSegmentsAtTheEnd() {
    ChatMessage m = new ChatMessage(ChatMessage.Role.ASSISTANT, "", ChatMessage.State.STREAMING);
    List<String> changes = changes(m);
    for (int at = 0; at < ANSWER.length(); at += 3) {
      m.append(ANSWER.substring(at, Math.min(ANSWER.length(), at + 3)));
    }
    assertThat(changes).isNotEmpty().allMatch(c -> c.startsWith("add@"));
    assertThat(m.segments().getLast()).isNotEqualTo(new AnswerSegment.Text("[4"));
    m.setState(ChatMessage.State.DONE); // the held-back "[4" is text after all
    assertThat(m.segments().getLast()).isEqualTo(new AnswerSegment.Text("[4"));
    assertThat(changes).allMatch(c -> c.startsWith("add@"));
    assertThat(CitationParser.merge(m.segments())).isEqualTo(CitationParser.parse(ANSWER));
    assertThat(m.text()).isEqualTo(ANSWER);
  }

  @Test
  void theSameFinalTextKeepsTheSegmentsAndADifferentOneReplacesThem() {
    ChatMessage m = new ChatMessage(ChatMessage.Role.ASSISTANT, "", ChatMessage.State.STREAMING);
    m.append("It is 42 [1].");
    List<String> changes = changes(m);
    m.setText("It is 42 [1].");
    assertThat(changes).isEmpty();
    m.setText("It is 43 [2].");
    assertThat(changes).containsExactly("other");
    assertThat(m.segments()).isEqualTo(CitationParser.parse("It is 43 [2]."));
  }

  @Test
  void aFinishedMessageIsReadWhole() {
    ChatMessage m = new ChatMessage(ChatMessage.Role.USER, "What is [1]?", ChatMessage.State.DONE);
    assertThat(m.segments()).isEqualTo(CitationParser.parse("What is [1]?"));
    ChatMessage empty =
        new ChatMessage(ChatMessage.Role.ASSISTANT, "", ChatMessage.State.STREAMING);
    empty.append("");
    assertThat(empty.segments()).isEmpty();
  }
}
