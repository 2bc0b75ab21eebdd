package dev.cairn.app.gui;

import dev.cairn.app.library.Answer;
import dev.cairn.app.library.AnswerListener;
import dev.cairn.app.library.AnswerRequest;
import dev.cairn.app.library.AnswerTask;
import dev.cairn.app.library.LibraryException;
import dev.cairn.app.library.LibraryService;
import dev.cairn.app.library.ModelsReport;
import dev.cairn.app.library.ModelsReport.ModelEntry;
import dev.cairn.app.library.Source;
import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Chat screen: the conversation, the question being typed, the model picker, and the panel
 * shown when no chat model exists (answers are then extractive). Streams tokens in batches so the
 * UI thread is never flooded. Plain Java; touch it on the UI thread only.
 */
public final class ChatViewModel {

  /** The extractive choice in the model picker. */
  public static final ModelEntry EXTRACTIVE =
      new ModelEntry(
          "none",
          "No chat model — quote the best passages",
          ModelsReport.Origin.BUNDLED,
          0,
          "extractive answers");

  private static final Pattern URL = Pattern.compile("https?://\\S+");

  private final LibraryService service;
  private final TaskExecutor executor;
  private final CollectionsModel collections;
  private final ObservableList<ChatMessage> messages = FXCollections.observableArrayList();
  private final ObservableList<ChatMessage> messagesView =
      FXCollections.unmodifiableObservableList(messages);
  private final StringProperty question = new SimpleStringProperty(this, "question", "");
  private final ObservableList<ModelEntry> models = FXCollections.observableArrayList(EXTRACTIVE);
  private final ObservableList<ModelEntry> modelsView =
      FXCollections.unmodifiableObservableList(models);
  private final ObjectProperty<ModelEntry> model =
      new SimpleObjectProperty<>(this, "model", EXTRACTIVE);
  private final ReadOnlyBooleanWrapper noChatModel =
      new ReadOnlyBooleanWrapper(this, "noChatModel", false);
  private final ReadOnlyStringWrapper ollamaStatus = new ReadOnlyStringWrapper(this, "ollama", "");
  private final ReadOnlyBooleanWrapper ollamaRunning = new ReadOnlyBooleanWrapper(this, "running");
  private final ReadOnlyObjectWrapper<ModelEntry> recommended =
      new ReadOnlyObjectWrapper<>(this, "recommended");
  private final ReadOnlyBooleanWrapper answering = new ReadOnlyBooleanWrapper(this, "answering");
  private final ReadOnlyBooleanWrapper modelsLoaded = new ReadOnlyBooleanWrapper(this, "loaded");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
  private final ReadOnlyStringWrapper downloadHint = new ReadOnlyStringWrapper(this, "hint", "");
  private AnswerTask task;

  public ChatViewModel(
      LibraryService service, TaskExecutor executor, CollectionsModel collections) {
    this.service = Objects.requireNonNull(service, "service");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.collections = Objects.requireNonNull(collections, "collections");
  }

  /** Asks the service which chat models exist (may contact Ollama), in the background. */
  public void loadModels() {
    executor.submit("list models", service::models, this::applyModels, this::fail);
  }

  void applyModels(ModelsReport report) {
    ModelEntry keep = model.get();
    List<ModelEntry> list = new ArrayList<>(report.chatModels());
    list.add(EXTRACTIVE);
    models.setAll(list);
    noChatModel.set(report.chatModels().isEmpty());
    ollamaRunning.set(report.ollama().running());
    ollamaStatus.set(describeOllama(report));
    recommended.set(report.recommendedDownload());
    ModelEntry choice =
        list.stream()
            .filter(m -> keep != null && m.spec().equals(keep.spec()))
            .findFirst()
            .or(
                () ->
                    list.stream()
                        .filter(m -> m.spec().equals(report.defaultChatModel()))
                        .findFirst())
            .orElse(report.chatModels().isEmpty() ? EXTRACTIVE : report.chatModels().getFirst());
    model.set(choice);
    modelsLoaded.set(true);
  }

  /** The Ollama server's state in one sentence with the next step. */
  static String describeOllama(ModelsReport report) {
    ModelsReport.OllamaStatus o = report.ollama();
    String where = o.host().getAuthority();
    if (!o.running()) {
      return "Ollama is not running at " + where + " — start it or choose a GGUF model.";
    }
    boolean hasModel =
        report.chatModels().stream().anyMatch(m -> m.origin() == ModelsReport.Origin.OLLAMA);
    return "Ollama "
        + (o.version() == null ? "" : o.version() + " ")
        + "is running at "
        + where
        + (hasModel
            ? "."
            : " but has no chat model — run `ollama pull llama3.2` or choose a GGUF file.");
  }

  /**
   * Uses a GGUF file the user picked: adds it to the picker, selects it and saves it as default.
   */
  public void useGguf(Path file) {
    if (file == null) {
      return;
    }
    if (!Files.isRegularFile(file) || !file.getFileName().toString().endsWith(".gguf")) {
      error.set(
          file.getFileName()
              + " is not a GGUF model file — choose a file ending in .gguf (llama.cpp format).");
      return;
    }
    String spec = "gguf:" + file.toAbsolutePath();
    ModelEntry entry =
        new ModelEntry(
            spec,
            file.getFileName().toString(),
            ModelsReport.Origin.GGUF_FILE,
            file.toFile().length(),
            "picked by you");
    if (models.stream().noneMatch(m -> m.spec().equals(spec))) {
      models.addFirst(entry);
    }
    model.set(models.stream().filter(m -> m.spec().equals(spec)).findFirst().orElse(entry));
    noChatModel.set(false);
    error.set(null);
    executor.submit(
        "save chat model",
        () -> {
          service.updateSettings(service.settings().withChatModel(spec));
          return spec;
        },
        saved -> {},
        this::fail);
  }

  /** Sends the typed question; the answer streams into a new assistant message. */
  public void send() {
    String text = question.get() == null ? "" : question.get().strip();
    if (text.isEmpty() || answering.get()) {
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
    answering.set(true);
    ModelEntry chosen = model.get();
    String spec = chosen == null ? null : chosen.spec();
    UiBatcher<String> tokens =
        new UiBatcher<>(executor, batch -> answer.append(String.join("", batch)));
    AnswerListener listener =
        new AnswerListener() {
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
        };
    try {
      task =
          service.ask(new AnswerRequest(collection, text, spec, AnswerRequest.DEFAULT_K), listener);
    } catch (IllegalArgumentException e) {
      answer.setState(ChatMessage.State.FAILED);
      answer.setDetail(e.getMessage());
      done();
    }
  }

  /**
   * Opens the recommended model's download page in the browser (in the background) and says where
   * to put the file; Cairn itself downloads nothing.
   */
  public void openRecommendedDownload() {
    ModelEntry r = recommended.get();
    if (r == null) {
      return;
    }
    Matcher url = URL.matcher(r.detail() == null ? "" : r.detail());
    String where = service.home().resolve("models").toString();
    if (!url.find()) {
      downloadHint.set(
          "Download " + r.displayName() + ", put it in " + where + ", then choose it here.");
      return;
    }
    URI link = URI.create(url.group());
    downloadHint.set(
        "Downloading from "
            + link.getHost()
            + " in your browser. Save the file in "
            + where
            + ", then choose it with \"Choose a GGUF file…\".");
    executor.submit(
        "open download page",
        () -> {
          if (GraphicsEnvironment.isHeadless()
              || !Desktop.isDesktopSupported()
              || !Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
            throw new IOException(
                "No browser can be opened from Cairn here — download "
                    + link
                    + " yourself, save it in "
                    + where
                    + ", then choose it.");
          }
          Desktop.getDesktop().browse(link);
          return link;
        },
        ok -> {},
        e -> downloadHint.set(e.getMessage()));
  }

  /** What to do after asking for the recommended download; empty before. */
  public ReadOnlyStringProperty downloadHintProperty() {
    return downloadHint.getReadOnlyProperty();
  }

  private void done() {
    answering.set(false);
    task = null;
  }

  /** Stops the answer being written; what was streamed so far stays. */
  public void stop() {
    if (task != null) {
      task.cancel();
    }
  }

  /** Starts a new conversation. */
  public void clear() {
    if (!answering.get()) {
      messages.clear();
    }
  }

  private void fail(Throwable e) {
    error.set(UserMessages.describe(e));
  }

  public ObservableList<ChatMessage> messages() {
    return messagesView;
  }

  public StringProperty questionProperty() {
    return question;
  }

  public ObservableList<ModelEntry> models() {
    return modelsView;
  }

  public ObjectProperty<ModelEntry> modelProperty() {
    return model;
  }

  /** True when neither a GGUF file nor an Ollama model is available. */
  public ReadOnlyBooleanProperty noChatModelProperty() {
    return noChatModel.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty ollamaStatusProperty() {
    return ollamaStatus.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty ollamaRunningProperty() {
    return ollamaRunning.getReadOnlyProperty();
  }

  /** A chat model worth downloading; {@code null} when none is known. */
  public ReadOnlyObjectProperty<ModelEntry> recommendedProperty() {
    return recommended.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty answeringProperty() {
    return answering.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty modelsLoadedProperty() {
    return modelsLoaded.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }
}
