package dev.cairn.app.gui;

import dev.cairn.app.library.ChatModelChoice;
import dev.cairn.app.library.LibraryException;
import dev.cairn.app.library.LibraryService;
import dev.cairn.app.library.ModelDownload;
import dev.cairn.app.library.ModelsReport;
import dev.cairn.app.library.ModelsReport.ModelEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The chat screen's model picker: which chat models exist (GGUF files, Ollama models, or none, for
 * extractive answers), which one answers, and what to do when there is none (the Ollama server's
 * state, the recommended download). Plain Java; touch it on the UI thread only.
 */
public final class ModelPickerViewModel {

  /** Where the model list stands. */
  public enum State {
    /** Not asked yet. */
    NOT_LOADED,
    /** The service is listing the models (may contact Ollama). */
    LOADING,
    /** The list is shown. */
    LOADED,
    /** Listing failed; {@link #errorProperty()} says why. */
    FAILED
  }

  /** The extractive choice in the model picker. */
  public static final ModelEntry EXTRACTIVE =
      new ModelEntry(
          ChatModelChoice.NONE.spec(),
          "No chat model — quote the best passages",
          ModelsReport.Origin.BUNDLED,
          0,
          "extractive answers");

  private final LibraryService service;
  private final TaskExecutor executor;
  private final ReadOnlyObjectWrapper<State> state =
      new ReadOnlyObjectWrapper<>(this, "state", State.NOT_LOADED);
  private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded");
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
  private final ReadOnlyObjectWrapper<ModelDownload> recommendedDownload =
      new ReadOnlyObjectWrapper<>(this, "recommendedDownload");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");

  public ModelPickerViewModel(LibraryService service, TaskExecutor executor) {
    this.service = Objects.requireNonNull(service, "service");
    this.executor = Objects.requireNonNull(executor, "executor");
    loaded.bind(state.isEqualTo(State.LOADED));
  }

  /** Asks the service which chat models exist (may contact Ollama), in the background. */
  public void loadModels() {
    state.set(State.LOADING);
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
    recommendedDownload.set(matchingDownload(report.recommendedDownload()));
    ModelEntry choice =
        find(keep == null ? null : keep.spec())
            .or(() -> find(report.defaultChatModel()))
            .orElse(report.chatModels().isEmpty() ? EXTRACTIVE : report.chatModels().getFirst());
    model.set(choice);
    state.set(State.LOADED);
  }

  private java.util.Optional<ModelEntry> find(String spec) {
    return models.stream().filter(m -> m.spec().equals(spec)).findFirst();
  }

  /** The downloadable model behind the report's recommendation; {@code null} when none. */
  private ModelDownload matchingDownload(ModelEntry entry) {
    if (entry == null || !(choiceOf(entry) instanceof ChatModelChoice.Gguf gguf)) {
      return null;
    }
    String file = gguf.file().getFileName().toString();
    return service.recommendedDownloads().stream()
        .filter(d -> d.fileName().equals(file))
        .findFirst()
        .orElse(null);
  }

  /** The typed choice behind a picker entry; entries the service lists always parse. */
  private ChatModelChoice choiceOf(ModelEntry entry) {
    try {
      return ChatModelChoice.parse(entry.spec(), service.home().resolve("models"));
    } catch (LibraryException e) {
      return ChatModelChoice.NONE;
    }
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
    String spec = new ChatModelChoice.Gguf(file).spec();
    ModelEntry entry =
        new ModelEntry(
            spec,
            file.getFileName().toString(),
            ModelsReport.Origin.GGUF_FILE,
            file.toFile().length(),
            "picked by you");
    if (find(spec).isEmpty()) {
      models.addFirst(entry);
    }
    model.set(find(spec).orElse(entry));
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

  /** Saves a downloaded model as the default, reloads the list and selects it. */
  void useDownloaded(ChatModelChoice.Gguf downloaded) {
    String spec = downloaded.spec();
    executor.submit(
        "use downloaded model",
        () -> {
          service.updateSettings(service.settings().withChatModel(spec));
          return service.models();
        },
        report -> {
          applyModels(report);
          find(spec).ifPresent(model::set);
        },
        this::fail);
  }

  private void fail(Throwable e) {
    if (state.get() == State.LOADING) {
      state.set(State.FAILED);
    }
    error.set(UserMessages.describe(e));
  }

  public ReadOnlyObjectProperty<State> stateProperty() {
    return state.getReadOnlyProperty();
  }

  /** True once the list is shown (state {@link State#LOADED}). */
  public ReadOnlyBooleanProperty modelsLoadedProperty() {
    return loaded.getReadOnlyProperty();
  }

  public ObservableList<ModelEntry> models() {
    return modelsView;
  }

  /** The chosen model; the picker binds to it both ways. */
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

  /** The model the Download button fetches; {@code null} when there is none to download. */
  public ReadOnlyObjectProperty<ModelDownload> recommendedDownloadProperty() {
    return recommendedDownload.getReadOnlyProperty();
  }

  /** Why listing or saving a model failed, or why a picked file is no model; {@code null} if ok. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }
}
