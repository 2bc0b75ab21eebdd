package dev.cairn.app.gui;

import dev.cairn.app.library.DownloadedModel;
import dev.cairn.app.library.LibraryException;
import dev.cairn.app.library.LibraryService;
import dev.cairn.app.library.ModelDownload;
import dev.cairn.app.library.ModelDownloadException;
import dev.cairn.app.library.ModelDownloadListener;
import dev.cairn.app.library.ModelDownloadProgress;
import dev.cairn.app.library.ModelDownloadTask;
import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Downloads a chat model for the chat screen (the recommended one, from the {@link
 * ModelPickerViewModel}), with progress and cancel, and hands the result to the picker; or opens
 * the download page in the browser. A download the user started is the only network request this
 * makes. Plain Java; touch it on the UI thread only.
 */
public final class ModelDownloadViewModel {

  /** Where the download stands. */
  public enum State {
    /** No download yet. */
    IDLE,
    /** Bytes are coming in (or the file is being checked). */
    DOWNLOADING,
    /** The user asked to stop; waiting for the download to end. */
    CANCELLING,
    /** Downloaded, checked, and handed to the picker. */
    DONE,
    /** Stopped by the user; what was downloaded stays and the next download continues. */
    CANCELLED,
    /** Failed; the status says what went wrong and what to do next. */
    FAILED
  }

  /**
   * How close to the end a download is shown as "Checking…": the downloader reports progress every
   * 256 KiB and then hashes the whole file before its last report.
   */
  static final long CHECKING_WITHIN_BYTES = 256 * 1024;

  private final LibraryService service;
  private final TaskExecutor executor;
  private final ModelPickerViewModel picker;
  private final DesktopApps desktop;
  private final ReadOnlyObjectWrapper<State> state =
      new ReadOnlyObjectWrapper<>(this, "state", State.IDLE);
  private final ReadOnlyBooleanWrapper downloading =
      new ReadOnlyBooleanWrapper(this, "downloading");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
  private final AtomicReference<ModelDownloadProgress> pendingProgress = new AtomicReference<>();
  private ModelDownloadTask running;

  public ModelDownloadViewModel(
      LibraryService service,
      TaskExecutor executor,
      ModelPickerViewModel picker,
      DesktopApps desktop) {
    this.service = Objects.requireNonNull(service, "service");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.picker = Objects.requireNonNull(picker, "picker");
    this.desktop = Objects.requireNonNull(desktop, "desktop");
    downloading.bind(state.isEqualTo(State.DOWNLOADING).or(state.isEqualTo(State.CANCELLING)));
  }

  /**
   * Downloads the picker's recommended model (see {@link #download(ModelDownload)}); says so when
   * there is none.
   */
  public void downloadRecommended() {
    ModelDownload d = picker.recommendedDownloadProperty().get();
    if (d == null) {
      status.set("Cairn knows no model to download here — choose a GGUF file or start Ollama.");
      return;
    }
    download(d);
  }

  /**
   * Downloads {@code d} through the library service: while it runs the state is {@link
   * State#DOWNLOADING}, {@link #progressProperty()} goes from 0 to 1 (-1 while the size is unknown)
   * and {@link #statusProperty()} says how far it is. On success the picker saves the new model as
   * the default, reloads its list and selects it; on failure the status says what went wrong and
   * what to do next. Nothing happens while a download runs.
   */
  public void download(ModelDownload d) {
    if (d == null || downloading.get()) {
      return;
    }
    state.set(State.DOWNLOADING);
    progress.set(d.sizeBytes() > 0 ? 0 : -1);
    status.set("Starting the download of " + d.displayName() + "…");
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
            executor.runOnUi(() -> failed(e));
          }
        };
    // The task only starts the download (the service runs it on its own thread), so a long
    // download never holds one of the window's few background threads.
    executor.submit(
        "download model",
        () -> service.downloadModel(d, listener),
        t -> {
          running = t.isDone() ? null : t;
          if (state.get() == State.CANCELLING) {
            t.cancel();
          }
        },
        this::failed);
  }

  /** Stops a running download; what was downloaded stays and the next download continues. */
  public void cancelDownload() {
    if (state.get() != State.DOWNLOADING) {
      return;
    }
    state.set(State.CANCELLING);
    status.set("Cancelling…");
    if (running != null) {
      running.cancel();
    }
  }

  /** Called on the download thread: hands the newest progress to the UI thread, coalesced. */
  private void postProgress(ModelDownload d, ModelDownloadProgress p) {
    if (pendingProgress.getAndSet(p) == null) {
      executor.runOnUi(
          () -> {
            ModelDownloadProgress latest = pendingProgress.getAndSet(null);
            if (latest != null && state.get() == State.DOWNLOADING) {
              progress.set(latest.fraction());
              status.set(describeDownload(d, latest));
            }
          });
    }
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
    running = null;
    pendingProgress.set(null);
    progress.set(1);
    status.set("Downloaded — ready to chat with " + d.displayName() + ".");
    picker.useDownloaded(done.choice());
    state.set(State.DONE);
  }

  private void failed(Throwable e) {
    running = null;
    pendingProgress.set(null);
    progress.set(0);
    if (e instanceof LibraryException le && le.kind() == LibraryException.Kind.CANCELLED) {
      status.set(le.getMessage());
      state.set(State.CANCELLED);
      return;
    }
    status.set(UserMessages.describe(e));
    state.set(State.FAILED);
  }

  /**
   * The secondary way: opens the recommended model's download page in the browser (in the
   * background) and says where to put the file. Only called when the user picks it.
   */
  public void openRecommendedPage() {
    ModelDownload d = picker.recommendedDownloadProperty().get();
    if (d == null) {
      return;
    }
    URI link = d.url();
    String where = service.home().resolve("models").toString();
    status.set(
        "Opening "
            + link.getHost()
            + " in your browser. Save the file in "
            + where
            + ", then choose it with \"Choose a GGUF file…\".");
    executor.submit(
        "open download page",
        () -> {
          if (!desktop.canBrowse()) {
            throw new IOException(
                "No browser can be opened from Cairn here — download "
                    + link
                    + " yourself, save it in "
                    + where
                    + ", then choose it.");
          }
          desktop.browse(link);
          return link;
        },
        ok -> {},
        e -> status.set(e.getMessage()));
  }

  public ReadOnlyObjectProperty<State> stateProperty() {
    return state.getReadOnlyProperty();
  }

  /** What the download is doing, or what to do after it; empty before any download. */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** Fraction of the download done, 0..1; -1 while the size is unknown. */
  public ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  /** True while a download runs (states DOWNLOADING and CANCELLING). */
  public ReadOnlyBooleanProperty downloadingProperty() {
    return downloading.getReadOnlyProperty();
  }
}
