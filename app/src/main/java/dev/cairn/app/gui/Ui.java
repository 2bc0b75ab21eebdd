package dev.cairn.app.gui;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/** Small builders shared by the views. Call on the UI thread. */
final class Ui {
  private Ui() {}

  /** A red message box showing {@code error}; hidden while it is null or blank. */
  static Message errorBanner(String id, ObservableStringValue error) {
    Message m = new Message("Something needs your attention", "");
    m.setId(id);
    m.getStyleClass().add(Styles.DANGER);
    m.descriptionProperty().bind(error);
    m.visibleProperty().bind(Bindings.createBooleanBinding(() -> notBlank(error.get()), error));
    m.managedProperty().bind(m.visibleProperty());
    m.setMaxWidth(Double.MAX_VALUE);
    return m;
  }

  /** A muted label bound to {@code text}; hidden while it is empty. */
  static Label status(String id, ObservableStringValue text) {
    Label l = new Label();
    l.setId(id);
    l.textProperty().bind(text);
    l.getStyleClass().add(Styles.TEXT_MUTED);
    l.setWrapText(true);
    l.visibleProperty().bind(Bindings.createBooleanBinding(() -> notBlank(text.get()), text));
    l.managedProperty().bind(l.visibleProperty());
    return l;
  }

  static Label title(String text) {
    Label l = new Label(text);
    l.getStyleClass().add(Styles.TITLE_3);
    return l;
  }

  static Label muted(String text) {
    Label l = new Label(text);
    l.getStyleClass().add(Styles.TEXT_MUTED);
    l.setWrapText(true);
    return l;
  }

  static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }

  /**
   * A text flow of {@code text} with every whole-word occurrence of {@code terms} in bold accent
   * ("highlight" style class), case-insensitive.
   */
  static TextFlow highlighted(String text, List<String> terms) {
    TextFlow flow = new TextFlow();
    flow.getStyleClass().add("highlighted-text");
    String body = text == null ? "" : text;
    List<String> usable =
        terms == null
            ? List.of()
            : terms.stream().filter(t -> t != null && !t.isBlank()).map(Pattern::quote).toList();
    if (usable.isEmpty()) {
      flow.getChildren().add(new Text(body));
      return flow;
    }
    Pattern pattern =
        Pattern.compile(
            "(?<![\\p{L}\\p{N}])(" + String.join("|", usable) + ")(?![\\p{L}\\p{N}])",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    Matcher m = pattern.matcher(body);
    int at = 0;
    while (m.find()) {
      if (m.start() > at) {
        flow.getChildren().add(new Text(body.substring(at, m.start())));
      }
      Text hit = new Text(m.group());
      hit.getStyleClass().add("highlight");
      flow.getChildren().add(hit);
      at = m.end();
    }
    if (at < body.length()) {
      flow.getChildren().add(new Text(body.substring(at)));
    }
    return flow;
  }

  /** The highlighted words of a flow built by {@link #highlighted}, lower-cased (for tests). */
  static List<String> highlightedWords(Node flow) {
    return flow.lookupAll(".highlight").stream()
        .map(n -> ((Text) n).getText().toLowerCase(Locale.ROOT))
        .toList();
  }
}
