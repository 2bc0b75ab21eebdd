package dev.cairn.app.gui;

import dev.cairn.app.library.ChatModelChoice;
import dev.cairn.app.library.LibraryException;
import dev.cairn.app.library.LibraryService;
import dev.cairn.app.library.ModelsReport;
import dev.cairn.app.library.ModelsReport.ModelEntry;
import dev.cairn.app.library.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Settings screen: editable settings (Ollama host, chat model, threads, hot-cache budget,
 * theme), what runs the models here, the data location and the privacy statement. Plain Java; touch
 * it on the UI thread only.
 */
public final class SettingsViewModel {

  /** The privacy statement shown on the screen, word for word. */
  public static final String PRIVACY =
      "Cairn works entirely on this computer. Your files, their text, the index and your questions"
          + " never leave it. The only network requests Cairn makes go to the local model server"
          + " you chose (the Ollama host below), and only when you use an Ollama model, and to"
          + " fetch a chat model file when you press Download (nothing of yours is sent); with a"
          + " GGUF file or the built-in embedding model nothing goes over the network at all."
          + " Cairn sends no telemetry.";

  private final LibraryService service;
  private final TaskExecutor executor;
  private final Consumer<Settings.Theme> themeApplier;

  private final StringProperty ollamaHost = new SimpleStringProperty(this, "ollamaHost", "");
  private final StringProperty chatModel = new SimpleStringProperty(this, "chatModel", "");
  private final IntegerProperty threads = new SimpleIntegerProperty(this, "threads", 1);
  private final IntegerProperty hotCache = new SimpleIntegerProperty(this, "hotCache", 64);
  private final ObjectProperty<Settings.Theme> theme =
      new SimpleObjectProperty<>(this, "theme", Settings.Theme.SYSTEM);
  private final ObservableList<String> chatModels = FXCollections.observableArrayList();
  private final ObservableList<String> chatModelsView =
      FXCollections.unmodifiableObservableList(chatModels);
  private final ReadOnlyStringWrapper embedding = new ReadOnlyStringWrapper(this, "embedding", "");
  private final ReadOnlyStringWrapper runtimes = new ReadOnlyStringWrapper(this, "runtimes", "");
  private final ReadOnlyStringWrapper compute = new ReadOnlyStringWrapper(this, "compute", "");
  private final ReadOnlyStringWrapper ollamaStatus = new ReadOnlyStringWrapper(this, "ollama", "");
  private final ReadOnlyStringWrapper dataLocation = new ReadOnlyStringWrapper(this, "home", "");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
  private final StringProperty ocrLanguages = new SimpleStringProperty(this, "ocrLanguages", "");
  private final ReadOnlyStringWrapper ocrStatus = new ReadOnlyStringWrapper(this, "ocrStatus", "");

  /**
   * @param themeApplier switches the window's theme at once when the theme choice changes
   */
  public SettingsViewModel(
      LibraryService service, TaskExecutor executor, Consumer<Settings.Theme> themeApplier) {
    this.service = Objects.requireNonNull(service, "service");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.themeApplier = Objects.requireNonNull(themeApplier, "themeApplier");
    theme.addListener((obs, old, now) -> themeApplier.accept(now));
  }

  /** Loads the settings at once and the models report (which may contact Ollama) in background. */
  public void load() {
    record Loaded(Settings settings, String home) {}
    executor.submit(
        "load settings",
        () -> new Loaded(service.settings(), service.home().toAbsolutePath().toString()),
        loaded -> {
          apply(loaded.settings());
          dataLocation.set(loaded.home());
        },
        this::fail);
    executor.submit("list models", service::models, this::applyModels, this::fail);
    executor.submit(
        "probe tesseract",
        () -> dev.cairn.ingest.OcrSupport.probe(null),
        this::applyOcr,
        this::fail);
  }

  void applyOcr(dev.cairn.ingest.OcrSupport ocr) {
    ocrStatus.set(
        ocr.available()
            ? "Tesseract installed; languages here: " + String.join(", ", ocr.languages())
            : "Scanned pages are not read: " + dev.cairn.ingest.OcrSupport.needsOcrReason());
  }

  void apply(Settings s) {
    ocrLanguages.set(String.join("+", s.ocrLanguages()));
    ollamaHost.set(s.ollamaHost().toString());
    chatModel.set(s.chatModel() == null ? "" : s.chatModel());
    threads.set(s.threads());
    hotCache.set(s.hotCacheMegabytes());
    theme.set(s.theme());
    compute.set(
        "CPU, "
            + s.threads()
            + (s.threads() == 1 ? " thread" : " threads")
            + " ("
            + Runtime.getRuntime().availableProcessors()
            + " cores here). GPU offload is not used by this build.");
  }

  void applyModels(ModelsReport report) {
    runtimes.set(String.join(", ", report.runtimes()));
    embedding.set(
        report.embeddingModels().isEmpty()
            ? "No embedding model found — reinstall Cairn."
            : report.embeddingModels().stream()
                .map(m -> m.displayName() + (m.detail().isBlank() ? "" : " (" + m.detail() + ")"))
                .reduce((a, b) -> a + "; " + b)
                .orElseThrow());
    List<String> specs = new ArrayList<>();
    specs.add("");
    report.chatModels().stream().map(ModelEntry::spec).forEach(specs::add);
    if (!chatModel.get().isEmpty() && !specs.contains(chatModel.get())) {
      specs.add(chatModel.get());
    }
    String keep = chatModel.get();
    chatModels.setAll(specs);
    chatModel.set(keep);
    ollamaStatus.set(ModelPickerViewModel.describeOllama(report));
  }

  /** Validates and saves the edited settings in the background. */
  public void save() {
    Settings edited;
    try {
      URI host = new URI(ollamaHost.get().strip());
      edited =
          service
              .settings()
              .withOllamaHost(host)
              .withChatModel(chatModel.get())
              .withThreads(threads.get())
              .withHotCacheMegabytes(hotCache.get())
              .withTheme(theme.get())
              .withOcrLanguages(
                  java.util.Arrays.stream(ocrLanguages.get().split("[+,\\s]+"))
                      .filter(l -> !l.isBlank())
                      .toList());
    } catch (URISyntaxException e) {
      error.set(
          "The Ollama host '"
              + ollamaHost.get()
              + "' is not a valid address — use a URL such as http://localhost:11434.");
      return;
    } catch (IllegalArgumentException e) {
      error.set(e.getMessage());
      return;
    }
    try {
      // The settings keep the text form; a value no answer could use is refused here, at the edge.
      ChatModelChoice.parse(chatModel.get(), service.home().resolve("models"));
    } catch (LibraryException e) {
      error.set(e.getMessage());
      return;
    }
    error.set(null);
    status.set("Saving…");
    Settings toSave = edited;
    executor.submit(
        "save settings",
        () -> {
          service.updateSettings(toSave);
          return service.settings();
        },
        saved -> {
          apply(saved);
          status.set("Saved.");
          executor.submit("list models", service::models, this::applyModels, this::fail);
        },
        e -> {
          status.set("");
          fail(e);
        });
  }

  private void fail(Throwable e) {
    error.set(UserMessages.describe(e));
  }

  /** OCR languages as Tesseract writes them ("eng+deu"); empty: English when installed. */
  public StringProperty ocrLanguagesProperty() {
    return ocrLanguages;
  }

  /** Whether Tesseract is installed and which language packs it has, or how to install it. */
  public ReadOnlyStringProperty ocrStatusProperty() {
    return ocrStatus.getReadOnlyProperty();
  }

  public StringProperty ollamaHostProperty() {
    return ollamaHost;
  }

  /** The default chat model spec; empty for extractive answers. */
  public StringProperty chatModelProperty() {
    return chatModel;
  }

  public ObservableList<String> chatModels() {
    return chatModelsView;
  }

  public IntegerProperty threadsProperty() {
    return threads;
  }

  public IntegerProperty hotCacheProperty() {
    return hotCache;
  }

  public ObjectProperty<Settings.Theme> themeProperty() {
    return theme;
  }

  public ReadOnlyStringProperty embeddingProperty() {
    return embedding.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty runtimesProperty() {
    return runtimes.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty computeProperty() {
    return compute.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty ollamaStatusProperty() {
    return ollamaStatus.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty dataLocationProperty() {
    return dataLocation.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }
}
