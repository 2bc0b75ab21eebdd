package dev.cairn.app.gui;

import dev.cairn.app.library.Answer;
import dev.cairn.app.library.AnswerListener;
import dev.cairn.app.library.AnswerRequest;
import dev.cairn.app.library.AnswerTask;
import dev.cairn.app.library.DownloadedModel;
import dev.cairn.app.library.LibraryException;
import dev.cairn.app.library.LibraryService;
import dev.cairn.app.library.ModelDownload;
import dev.cairn.app.library.ModelDownloadException;
import dev.cairn.app.library.ModelDownloadListener;
import dev.cairn.app.library.ModelDownloadProgress;
import dev.cairn.app.library.ModelDownloadTask;
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
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
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

  /**
   * How close to the end a download is shown as "Checking…": the downloader reports progress every
   * 256 KiB and then hashes the whole file before its last report.
   */
  static final long CHECKING_WITHIN_BYTES = 256 * 1024;

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
  private final ReadOnlyStringWrapper downloadStatus =
      new ReadOnlyStringWrapper(this, "downloadStatus", "");
  private final ReadOnlyDoubleWrapper downloadProgress =
      new ReadOnlyDoubleWrapper(this, "downloadProgress", 0);
  private final ReadOnlyBooleanWrapper downloading =
      new ReadOnlyBooleanWrapper(this, "downloading", false);
  private final ReadOnlyObjectWrapper<ModelDownload> recommendedModel =
      new ReadOnlyObjectWrapper<>(this, "recommendedModel");
  private final AtomicReference<ModelDownloadProgress> pendingProgress = new AtomicReference<>();
  private volatile ModelDownloadTask runningDownload;
  private volatile boolean cancelRequested;
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
    recommendedModel.set(matchingDownload(report.recommendedDownload()));
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

  /** The downloadable model behind the report's recommendation; {@code null} when none. */
  private ModelDownload matchingDownload(ModelEntry entry) {
    if (entry == null || !entry.spec().startsWith("gguf:")) {
      return null;
    }
    String file = Path.of(entry.spec().substring("gguf:".length())).getFileName().toString();
    return service.recommendedDownloads().stream()
        .filter(d -> d.fileName().equals(file))
        .findFirst()
        .orElse(null);
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
   * Downloads the recommended chat model into Cairn's models folder, in the background (named task
   * "download model"); see {@link #download(ModelDownload)}. Nothing happens when there is no
   * recommendation or a download is running.
   */
  public void downloadRecommended() {
    ModelDownload d = recommendedModel.get();
    if (d == null) {
      downloadStatus.set(
          "Cairn knows no model to download here — choose a GGUF file or start Ollama.");
      return;
    }
    download(d);
  }

  /**
   * Downloads {@code d} through the library service: while it runs {@link #downloadingProperty()}
   * is true, {@link #downloadProgressProperty()} goes from 0 to 1 (-1 while the size is unknown)
   * and {@link #downloadStatusProperty()} says how far it is. On success the model list is reloaded
   * and the new model selected and saved as the default; on failure the status says what went wrong
   * and what to do next. A download the user started is the only network request this makes.
   */
  public void download(ModelDownload d) {
    if (d == null || downloading.get()) {
      return;
    }
    downloading.set(true);
    cancelRequested = false;
    downloadProgress.set(d.sizeBytes() > 0 ? 0 : -1);
    downloadStatus.set("Starting the download of " + d.displayName() + "…");
    error.set(null);
    ModelDownloadListener listener =
        new ModelDownloadListener() {
          @Override
          public void onProgress(ModelDownloadProgress p) {
            postProgress(d, p);
          }

          @Override
          public void onFinished(DownloadedModel done) {
            executor.runOnUi(() -> downloaded(d, done));
          }

          @Override
          public void onFailed(ModelDownloadException e) {
            executor.runOnUi(() -> downloadFailed(e));
          }
        };
    // The task only starts the download (the service runs it on its own thread), so a long
    // download never holds one of the window's few background threads.
    executor.submit(
        "download model",
        () -> service.downloadModel(d, listener),
        t -> {
          runningDownload = t.isDone() ? null : t;
          if (cancelRequested) {
            t.cancel();
          }
        },
        this::downloadFailed);
  }

  /** Stops a running download; what was downloaded stays and the next download continues. */
  public void cancelDownload() {
    if (!downloading.get()) {
      return;
    }
    cancelRequested = true;
    downloadStatus.set("Cancelling…");
    ModelDownloadTask t = runningDownload;
    if (t != null) {
      t.cancel();
    }
  }

  /** Called on the download thread: hands the newest progress to the UI thread, coalesced. */
  private void postProgress(ModelDownload d, ModelDownloadProgress p) {
    if (pendingProgress.getAndSet(p) == null) {
      executor.runOnUi(
          () -> {
            ModelDownloadProgress latest = pendingProgress.getAndSet(null);
            if (latest != null && downloading.get() && !cancelRequested) {
              showProgress(d, latest);
            }
          });
    }
  }

  private void showProgress(ModelDownload d, ModelDownloadProgress p) {
    downloadProgress.set(p.fraction());
    downloadStatus.set(describeDownload(d, p));
  }

  /**
   * The status line of a running download: "Downloading X — 312 MB of 1.1 GB", or "Checking…" once
   * the last bytes are in and the file's SHA-256 is being checked.
   */
  static String describeDownload(ModelDownload d, ModelDownloadProgress p) {
    if (p.bytesTotal() > 0 && p.bytesTotal() - p.bytesDone() < CHECKING_WITHIN_BYTES) {
      return "Checking " + d.displayName() + "…";
    }
    return "Downloading "
        + d.displayName()
        + " — "
        + Formats.bytes(p.bytesDone())
        + (p.bytesTotal() > 0 ? " of " + Formats.bytes(p.bytesTotal()) : "")
        + (p.resumedFrom() > 0 ? " (continuing an earlier download)" : "");
  }

  private void downloaded(ModelDownload d, DownloadedModel done) {
    runningDownload = null;
    pendingProgress.set(null);
    downloadProgress.set(1);
    downloadStatus.set("Downloaded — ready to chat with " + d.displayName() + ".");
    String spec = done.spec();
    executor.submit(
        "use downloaded model",
        () -> {
          service.updateSettings(service.settings().withChatModel(spec));
          return service.models();
        },
        report -> {
          applyModels(report);
          models.stream().filter(m -> m.spec().equals(spec)).findFirst().ifPresent(model::set);
        },
        this::fail);
    downloading.set(false);
  }

  private void downloadFailed(Throwable e) {
    runningDownload = null;
    pendingProgress.set(null);
    downloading.set(false);
    if (e instanceof LibraryException le && le.kind() == LibraryException.Kind.CANCELLED) {
      downloadProgress.set(0);
      downloadStatus.set(le.getMessage());
      return;
    }
    downloadProgress.set(0);
    downloadStatus.set(UserMessages.describe(e));
  }

  /**
   * The secondary way: opens the recommended model's download page in the browser (in the
   * background) and says where to put the file. Only called when the user picks it.
   */
  public void openRecommendedPage() {
    ModelDownload d = recommendedModel.get();
    if (d == null) {
      return;
    }
    URI link = d.url();
    String where = service.home().resolve("models").toString();
    downloadStatus.set(
        "Opening "
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
        e -> downloadStatus.set(e.getMessage()));
  }

  /** What the download is doing, or what to do after it; empty before any download. */
  public ReadOnlyStringProperty downloadStatusProperty() {
    return downloadStatus.getReadOnlyProperty();
  }

  /** Fraction of the download done, 0..1; -1 while the size is unknown. */
  public ReadOnlyDoubleProperty downloadProgressProperty() {
    return downloadProgress.getReadOnlyProperty();
  }

  /** True while a model download runs. */
  public ReadOnlyBooleanProperty downloadingProperty() {
    return downloading.getReadOnlyProperty();
  }

  /** The model the Download button fetches; {@code null} when there is none to download. */
  public ReadOnlyObjectProperty<ModelDownload> recommendedModelProperty() {
    return recommendedModel.getReadOnlyProperty();
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
