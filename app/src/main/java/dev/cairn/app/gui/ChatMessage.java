package dev.cairn.app.gui;

import dev.cairn.app.library.Source;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** One turn of the conversation; an answer's text grows while its tokens stream in. */
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

  ChatMessage(Role role, String text, State state) {
    this.role = role;
    this.text.set(text);
    this.state.set(state);
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

  void append(String more) {
    text.set(text.get() + more);
  }

  void setText(String value) {
    text.set(value);
  }

  void setState(State value) {
    state.set(value);
  }

  void setDetail(String value) {
    detail.set(value);
  }

  void setSources(List<Source> value) {
    sources.setAll(value);
  }

  /** The source cited as {@code [n]}, or {@code null} when there is no such number. */
  public Source source(int n) {
    return sources.stream().filter(s -> s.n() == n).findFirst().orElse(null);
  }
}
