package dev.cairn.app.gui;

import dev.cairn.app.library.Source;
import dev.cairn.chat.prompt.AnswerSegment;
import dev.cairn.chat.prompt.CitationParser;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One turn of the conversation; an answer's text grows while its tokens stream in, and so does its
 * list of {@link #segments()}: each appended piece is read once by a {@link CitationParser} and
 * only its new segments are added, so a view renders the answer incrementally. Touch it on the UI
 * thread only.
 */
public final class ChatMessage {

  /** Who wrote the message. */
  public enum Role {
    USER,
    ASSISTANT
  }

  /** Where an answer stands. */
  public enum State {
    STREAMING,
    DONE,
    STOPPED,
    FAILED
  }

  private final Role role;
  private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");
  private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state");
  private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper(this, "detail", "");
  private final ObservableList<Source> sources = FXCollections.observableArrayList();
  private final ObservableList<Source> sourcesView =
      FXCollections.unmodifiableObservableList(sources);
  private final ObservableList<AnswerSegment> segments = FXCollections.observableArrayList();
  private final ObservableList<AnswerSegment> segmentsView =
      FXCollections.unmodifiableObservableList(segments);
  private CitationParser parser = new CitationParser();

  ChatMessage(Role role, String text, State state) {
    this.role = role;
    this.text.set(text);
    this.state.set(state);
    segments.setAll(CitationParser.parse(text));
    if (state != State.STREAMING) {
      parser = null;
    }
  }

  public Role role() {
    return role;
  }

  public String text() {
    return text.get();
  }

  public ReadOnlyStringProperty textProperty() {
    return text.getReadOnlyProperty();
  }

  public State state() {
    return state.get();
  }

  public ReadOnlyObjectProperty<State> stateProperty() {
    return state.getReadOnlyProperty();
  }

  /** A line under the answer: the model that wrote it, or why it stopped. */
  public ReadOnlyStringProperty detailProperty() {
    return detail.getReadOnlyProperty();
  }

  public ObservableList<Source> sources() {
    return sourcesView;
  }

  /**
   * The answer read as text, quotes and citations. While it streams, pieces are only added at the
   * end (a {@code [} that may become a citation waits for its bracket); the list is replaced only
   * when the final text differs from what streamed.
   */
  public ObservableList<AnswerSegment> segments() {
    return segmentsView;
  }

  void append(String more) {
    if (more.isEmpty()) {
      return;
    }
    text.set(text.get() + more);
    if (parser == null) {
      parser = new CitationParser();
      segments.setAll(CitationParser.parse(text.get()));
      return;
    }
    List<AnswerSegment> fresh = parser.feed(more);
    if (!fresh.isEmpty()) {
      segments.addAll(fresh);
    }
  }

  /** Sets the final text; the segments are re-read only when it differs from what streamed. */
  void setText(String value) {
    if (value.equals(text.get())) {
      return;
    }
    text.set(value);
    parser = null;
    segments.setAll(CitationParser.parse(value));
  }

  /** Sets the state; once the answer ends, a held-back bracket is shown as text. */
  void setState(State value) {
    if (value != State.STREAMING && parser != null) {
      List<AnswerSegment> rest = parser.finish();
      parser = null;
      if (!rest.isEmpty()) {
        segments.addAll(rest);
      }
    }
    state.set(value);
  }

  void setDetail(String value) {
    detail.set(value);
  }

  void setSources(List<Source> value) {
    if (!sources.equals(value)) {
      sources.setAll(value);
    }
  }

  /** The source cited as {@code [n]}, or {@code null} when there is no such number. */
  public Source source(int n) {
    return sources.stream().filter(s -> s.n() == n).findFirst().orElse(null);
  }
}
