package dev.cairn.app.gui;

import dev.cairn.app.library.Answer;
import dev.cairn.app.library.AnswerListener;
import dev.cairn.app.library.AnswerRequest;
import dev.cairn.app.library.AnswerTask;
import dev.cairn.app.library.LibraryException;
import dev.cairn.app.library.LibraryService;
import dev.cairn.app.library.ModelsReport.ModelEntry;
import dev.cairn.app.library.Source;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The chat screen's conversation: the question being typed, the turns so far, and the answer being
 * written, which streams in through {@link UiBatcher} batches so the UI thread is never flooded.
 * Plain Java; touch it on the UI thread only.
 */
public final class ConversationViewModel {

  /** Whether an answer is being written. */
  public enum State {
    /** Ready for a question. */
    IDLE,
    /** An answer is streaming; Send is off and Stop is on. */
    ANSWERING
  }

  private final LibraryService service;
  private final TaskExecutor executor;
  private final CollectionsModel collections;
  private final Supplier<ModelEntry> model;
  private final ObservableList<ChatMessage> messages = FXCollections.observableArrayList();
  private final ObservableList<ChatMessage> messagesView =
      FXCollections.unmodifiableObservableList(messages);
  private final StringProperty question = new SimpleStringProperty(this, "question", "");
  private final ReadOnlyObjectWrapper<State> state =
      new ReadOnlyObjectWrapper<>(this, "state", State.IDLE);
  private final ReadOnlyBooleanWrapper answering = new ReadOnlyBooleanWrapper(this, "answering");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
  private AnswerTask task;

  /**
   * @param model the model chosen to answer (the picker's choice); {@code null} uses the settings
   */
  public ConversationViewModel(
      LibraryService service,
      TaskExecutor executor,
      CollectionsModel collections,
      Supplier<ModelEntry> model) {
    this.service = Objects.requireNonNull(service, "service");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.collections = Objects.requireNonNull(collections, "collections");
    this.model = Objects.requireNonNull(model, "model");
    answering.bind(state.isEqualTo(State.ANSWERING));
  }

  /** Sends the typed question; the answer streams into a new assistant message. */
  public void send() {
    String text = question.get() == null ? "" : question.get().strip();
    if (text.isEmpty() || state.get() == State.ANSWERING) {
      return;
    }
    String collection = collections.selected();
    if (collection == null) {
      error.set("There is no collection yet — add a folder on the Library screen first.");
      return;
    }
    error.set(null);
    question.set("");
    messages.add(new ChatMessage(ChatMessage.Role.USER, text, ChatMessage.State.DONE));
    ChatMessage answer =
        new ChatMessage(ChatMessage.Role.ASSISTANT, "", ChatMessage.State.STREAMING);
    answer.setDetail("Looking for sources…");
    messages.add(answer);
    state.set(State.ANSWERING);
    ModelEntry chosen = model.get();
    String spec = chosen == null ? null : chosen.spec();
    try {
      task =
          service.ask(
              new AnswerRequest(collection, text, spec, AnswerRequest.DEFAULT_K),
              new Streaming(answer));
    } catch (IllegalArgumentException e) {
      answer.setState(ChatMessage.State.FAILED);
      answer.setDetail(e.getMessage());
      done();
    }
  }

  /** Hands the service's calls (on its thread) to the answer's message on the UI thread. */
  private final class Streaming implements AnswerListener {
    private final ChatMessage answer;
    private final UiBatcher<String> tokens;

    Streaming(ChatMessage answer) {
      this.answer = answer;
      this.tokens = new UiBatcher<>(executor, batch -> answer.append(String.join("", batch)));
    }

    @Override
    public void onSources(List<Source> sources) {
      executor.runOnUi(
          () -> {
            answer.setSources(sources);
            answer.setDetail(
                sources.size()
                    + (sources.size() == 1 ? " source" : " sources")
                    + " found — writing…");
          });
    }

    @Override
    public void onToken(String token) {
      tokens.add(token);
    }

    @Override
    public void onComplete(Answer result) {
      executor.runOnUi(
          () -> {
            tokens.flush();
            answer.setText(result.text());
            answer.setSources(result.sources());
            answer.setState(ChatMessage.State.DONE);
            answer.setDetail(
                result.modelDescription()
                    + (result.answeredFromSources()
                        ? ""
                        : " · the sources do not seem to contain the answer"));
            done();
          });
    }

    @Override
    public void onError(LibraryException e) {
      executor.runOnUi(
          () -> {
            tokens.flush();
            if (e.kind() == LibraryException.Kind.CANCELLED) {
              answer.setState(ChatMessage.State.STOPPED);
              answer.setDetail("Stopped.");
            } else {
              answer.setState(ChatMessage.State.FAILED);
              answer.setDetail(e.getMessage());
              error.set(e.getMessage());
            }
            done();
          });
    }
  }

  private void done() {
    state.set(State.IDLE);
    task = null;
  }

  /** Stops the answer being written; what was streamed so far stays. */
  public void stop() {
    if (task != null) {
      task.cancel();
    }
  }

  /** Starts a new conversation (not while an answer is being written). */
  public void clear() {
    if (state.get() == State.IDLE) {
      messages.clear();
    }
  }

  public ObservableList<ChatMessage> messages() {
    return messagesView;
  }

  public StringProperty questionProperty() {
    return question;
  }

  public ReadOnlyObjectProperty<State> stateProperty() {
    return state.getReadOnlyProperty();
  }

  /** True while an answer is being written (state {@link State#ANSWERING}). */
  public ReadOnlyBooleanProperty answeringProperty() {
    return answering.getReadOnlyProperty();
  }

  /** Why the last question could not be answered; {@code null} when it could. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }
}
