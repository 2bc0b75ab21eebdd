package dev.cairn.app.gui;

import dev.cairn.app.library.Source;
import dev.cairn.chat.prompt.AnswerSegment;
import java.util.List;
import java.util.function.BiFunction;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Hyperlink;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * An answer's text with every cited source as a link, rendered from the message's {@link
 * ChatMessage#segments()}: segments added at the end (a streaming answer) are appended to what is
 * shown, the last text node growing in place, so earlier nodes (and the links in them) stay the
 * same while tokens arrive. Only a replaced segment list or changed sources render it all again. UI
 * thread only.
 */
final class AnswerTextFlow extends TextFlow {
  private static final String QUOTE = "answer-quote";

  private final ChatMessage message;
  private final BiFunction<Source, String, Hyperlink> link;
  private int fullRenders;

  /**
   * @param link makes the link for a cited source with the given label
   */
  AnswerTextFlow(ChatMessage message, BiFunction<Source, String, Hyperlink> link) {
    this.message = message;
    this.link = link;
    getStyleClass().add("answer-text");
    setLineSpacing(2);
    message
        .segments()
        .addListener(
            (ListChangeListener<AnswerSegment>)
                c -> {
                  while (c.next()) {
                    boolean appended =
                        c.wasAdded()
                            && !c.wasRemoved()
                            && c.getFrom() == message.segments().size() - c.getAddedSize();
                    if (!appended) {
                      renderAll();
                      return;
                    }
                    if (isPlaceholder()) {
                      getChildren().clear();
                    }
                    c.getAddedSubList().forEach(this::add);
                  }
                });
    message.sources().addListener((ListChangeListener<Source>) c -> renderAll());
    renderAll();
  }

  /** How many times the whole answer was rendered from scratch (for tests). */
  int fullRenders() {
    return fullRenders;
  }

  private boolean isPlaceholder() {
    return getChildren().size() == 1
        && getChildren().getFirst().getStyleClass().contains("placeholder");
  }

  private void renderAll() {
    fullRenders++;
    getChildren().clear();
    if (message.segments().isEmpty() && message.state() == ChatMessage.State.STREAMING) {
      Text dots = new Text("…");
      dots.getStyleClass().add("placeholder");
      getChildren().add(dots);
      return;
    }
    message.segments().forEach(this::add);
  }

  private void add(AnswerSegment segment) {
    switch (segment) {
      case AnswerSegment.Text t -> addText(t.raw(), false);
      case AnswerSegment.Quote q -> addText(q.raw(), true);
      case AnswerSegment.Citation c -> addCitation(c);
    }
  }

  /** Appends text, growing the last text node when it is of the same kind. */
  private void addText(String raw, boolean quote) {
    Node last = getChildren().isEmpty() ? null : getChildren().getLast();
    if (last instanceof Text t && t.getStyleClass().contains(QUOTE) == quote) {
      t.setText(t.getText() + raw);
      return;
    }
    Text text = new Text(raw);
    if (quote) {
      text.getStyleClass().add(QUOTE);
    }
    getChildren().add(text);
  }

  /** One link per cited number when every number is a source shown; the plain bracket if not. */
  private void addCitation(AnswerSegment.Citation c) {
    List<Source> cited = c.sources().stream().map(message::source).toList();
    if (cited.contains(null)) {
      addText(c.raw(), false);
      return;
    }
    for (Source s : cited) {
      getChildren().add(link.apply(s, "[" + s.n() + "]"));
    }
  }
}
