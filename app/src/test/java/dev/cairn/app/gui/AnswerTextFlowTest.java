package dev.cairn.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.library.ResultItem;
import dev.cairn.app.library.Source;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Hyperlink;
import javafx.scene.layout.StackPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** A streaming answer is rendered piece by piece: what is shown stays, new text is added. */
@ExtendWith(ApplicationExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AnswerTextFlowTest {
  private StackPane root;

  @Start
  void start(Stage stage) {
    root = new StackPane();
    stage.setScene(new Scene(root, 400, 300));
    stage.show();
  }

  private static Source source(int n) {
    ResultItem item =
        new ResultItem(
            n,
            1,
            n,
            "text " + n,
            "text " + n,
            List.of(),
            Path.of("/notes/" + n + ".md"),
            0,
            "Note " + n,
            null,
            null,
            null,
            null,
            "text/markdown",
            java.util.List.of(),
            null);
    return new Source(n, item);
  }

  private static Hyperlink link(Source s, String label) {
    Hyperlink h = new Hyperlink(label);
    h.setUserData(s.n());
    return h;
  }

  @Test
  void tokensGrowTheShownTextWithoutRenderingTheAnswerAgain(FxRobot robot) {
    String[] tokens = {
      "Add ", "an ", "alias", " [", "1", "]", ". See ", "also", " [2", "][9]", " and [x]", " done."
    };
    robot.interact(
        () -> {
          ChatMessage m =
              new ChatMessage(ChatMessage.Role.ASSISTANT, "", ChatMessage.State.STREAMING);
          m.setSources(List.of(source(1), source(2)));
          AnswerTextFlow flow = new AnswerTextFlow(m, AnswerTextFlowTest::link);
          root.getChildren().setAll(flow);
          int rendersBefore = flow.fullRenders();
          assertThat(flow.getChildren())
              .singleElement()
              .matches(n -> n instanceof Text t && t.getText().equals("…"));

          m.append(tokens[0]);
          Node first = flow.getChildren().getFirst();
          for (int i = 1; i < tokens.length; i++) {
            m.append(tokens[i]);
            assertThat(flow.getChildren().getFirst()).isSameAs(first);
          }
          m.setState(ChatMessage.State.DONE);
          assertThat(flow.fullRenders()).isEqualTo(rendersBefore);

          assertThat(first).isInstanceOf(Text.class);
          assertThat(((Text) first).getText()).isEqualTo("Add an alias ");
          List<Hyperlink> links =
              flow.getChildren().stream()
                  .filter(Hyperlink.class::isInstance)
                  .map(Hyperlink.class::cast)
                  .toList();
          assertThat(links).extracting(Hyperlink::getText).containsExactly("[1]", "[2]");
          String shown =
              flow.getChildren().stream()
                  .map(n -> n instanceof Text t ? t.getText() : ((Hyperlink) n).getText())
                  .reduce("", String::concat);
          assertThat(shown).isEqualTo(m.text());
        });
  }

  @Test
  void newSourcesRenderTheAnswerAgainWithTheirLinks(FxRobot robot) {
    robot.interact(
        () -> {
          ChatMessage m =
              new ChatMessage(ChatMessage.Role.ASSISTANT, "", ChatMessage.State.STREAMING);
          AnswerTextFlow flow = new AnswerTextFlow(m, AnswerTextFlowTest::link);
          m.append("It is 42 [1].");
          assertThat(flow.getChildren()).noneMatch(Hyperlink.class::isInstance);
          int renders = flow.fullRenders();
          m.setSources(List.of(source(1)));
          assertThat(flow.fullRenders()).isEqualTo(renders + 1);
          assertThat(flow.getChildren()).filteredOn(Hyperlink.class::isInstance).hasSize(1);
        });
  }
}
