package dev.cairn.app.gui;

import dev.cairn.app.library.DocumentLanguages;
import dev.cairn.app.library.EmbeddingCatalogEntry;
import dev.cairn.app.library.EmbeddingModelDownloadTask;
import dev.cairn.app.library.LibraryException;
import dev.cairn.app.library.LibraryService;
import dev.cairn.app.library.ModelDownloadException;
import dev.cairn.app.library.ModelDownloadProgress;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The language notice of the Library and Index health screens: when most documents of the selected
 * collection are in languages its embedding model was not trained on ({@link LanguageNotice}), it
 * says which, with their shares, and offers what can really be done from here:
 *
 * <ul>
 *   <li>the multilingual model is downloaded already: re-embed the collection with it, through the
 *       Library screen's re-embed ({@link IndexingViewModel#reembed}: progress, cancel, durable);
 *   <li>its files have pinned SHA-256 values: download it (progress, cancel), then re-embed;
 *   <li>neither (multilingual-e5-small in this build): the window cannot download files it cannot
 *       check, so it says so and shows the exact {@code cairn models --download-embedding} command;
 *       Check again finds the folder once the command has run.
 * </ul>
 *
 * <p>Plain Java: the document counts are read and the folder looked for through the injected {@link
 * TaskExecutor}; properties change on the UI thread only.
 */
public final class LanguageNoticeViewModel {
  private static final System.Logger LOG =
      System.getLogger(LanguageNoticeViewModel.class.getName());

  /** What the notice shows. */
  public enum State {
    /** Nothing to say (covered languages, no collection, or not checked yet). */
    HIDDEN,
    /** Not downloaded and its hashes are not pinned: the command line is shown. */
    UNVERIFIED,
    /** Not downloaded, pinned hashes: the Download and re-embed button. */
    DOWNLOADABLE,
    /** Downloaded: the Re-embed button. */
    DOWNLOADED,
    /** Downloading the model. */
    DOWNLOADING,
    /** The Library screen re-embeds the collection with it. */
    REEMBEDDING,
    /** The download was cancelled. */
    CANCELLED,
    /** The download failed; {@link #statusProperty()} says why. */
    FAILED
  }

  private final LibraryService service;
  private final TaskExecutor executor;
  private final CollectionsModel collections;
  private final IndexingViewModel library;
  private final EmbeddingCatalogEntry offer;

  private final ReadOnlyObjectWrapper<State> state =
      new ReadOnlyObjectWrapper<>(this, "state", State.HIDDEN);
  private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);

  private long generation;
  private volatile boolean cancelled;
  private volatile EmbeddingModelDownloadTask download;

  /**
   * @param library the Library screen's indexing view model, whose re-embed this notice starts and
   *     whose finished runs make it check again
   * @param offer the multilingual model offered ({@code
   *     EmbeddingDownloadCatalog.require(EmbeddingDownloadCatalog.MULTILINGUAL)} in the product)
   */
  public LanguageNoticeViewModel(
      LibraryService service,
      TaskExecutor executor,
      CollectionsModel collections,
      IndexingViewModel library,
      EmbeddingCatalogEntry offer) {
    this.service = service;
    this.executor = executor;
    this.collections = collections;
    this.library = library;
    this.offer = offer;
    collections.selectedInfoProperty().addListener((obs, old, now) -> refresh());
    library
        .stateProperty()
        .addListener(
            (obs, was, now) -> {
              // An indexing run or the re-embed ended: the languages or the model may differ.
              if (now != IndexingViewModel.State.RUNNING && now != IndexingViewModel.State.PAUSED) {
                refresh();
              }
            });
  }

  /** The command that downloads the offered model where this build pins no hashes. */
  public String command() {
    StringBuilder sb = new StringBuilder("cairn models --download-embedding ").append(offer.name());
    if (!offer.pinned()) {
      for (EmbeddingCatalogEntry.File f : offer.files()) {
        sb.append(" --sha256 ").append(f.fileName()).append("=<SHA-256 of ").append(f.fileName());
        sb.append('>');
      }
    }
    return sb.toString();
  }

  /** Checks the selected collection's languages again, in the background. */
  public void refresh() {
    if (isBusy()) {
      return;
    }
    String name = collections.selected();
    long ticket = ++generation;
    if (name == null) {
      hide();
      return;
    }
    executor.submit(
        "language notice " + name,
        () -> check(name),
        c -> {
          if (ticket == generation && name.equals(collections.selected()) && !isBusy()) {
            show(c);
          }
        },
        e -> {
          LOG.log(System.Logger.Level.DEBUG, "no language notice for " + name, e);
          if (ticket == generation && !isBusy()) {
            hide();
          }
        });
  }

  private record Check(String text, boolean downloaded) {}

  private Check check(String name) throws LibraryException {
    DocumentLanguages d = service.documentLanguages(name);
    String text = LanguageNotice.describe(d, offer.displayName());
    return new Check(text, text != null && downloaded());
  }

  private void show(Check c) {
    if (c.text() == null) {
      hide();
      return;
    }
    notice.set(c.text());
    progress.set(0);
    if (c.downloaded()) {
      state.set(State.DOWNLOADED);
      status.set(
          offer.displayName()
              + " is downloaded: re-embed the collection with it (searches use the current model"
              + " until it is done).");
    } else if (offer.pinned()) {
      state.set(State.DOWNLOADABLE);
      status.set("");
    } else {
      state.set(State.UNVERIFIED);
      status.set(
          offer.displayName()
              + " is not downloaded, and this window cannot download it: this build does not pin"
              + " the SHA-256 of its files, and Cairn downloads nothing it cannot check. Run this"
              + " command with the SHA-256 values shown on the model's Hugging Face page (Files),"
              + " then press Check again to re-embed from here:");
    }
  }

  private void hide() {
    state.set(State.HIDDEN);
    notice.set("");
    status.set("");
    progress.set(0);
  }

  private boolean downloaded() {
    return Files.isRegularFile(
        service
            .home()
            .resolve("models")
            .resolve("embeddings")
            .resolve(offer.name())
            .resolve("model.properties"));
  }

  /** Whether a download runs or the re-embed it started does. */
  public boolean isBusy() {
    State s = state.get();
    return s == State.DOWNLOADING || (s == State.REEMBEDDING && library.isRunning());
  }

  /**
   * The notice's button: re-embeds the selected collection with the offered model, downloading it
   * first where its hashes are pinned. Does nothing in the other states.
   */
  public void act() {
    String name = collections.selected();
    State s = state.get();
    if (name == null || isBusy()) {
      return;
    }
    if (s == State.DOWNLOADED) {
      reembed(name);
    } else if (offer.pinned()
        && (s == State.DOWNLOADABLE || s == State.FAILED || s == State.CANCELLED)) {
      startDownload(name);
    }
  }

  private void startDownload(String name) {
    cancelled = false;
    progress.set(-1);
    state.set(State.DOWNLOADING);
    status.set("Downloading " + offer.displayName() + "…");
    executor.submit(
        "download " + offer.name(),
        () -> {
          download =
              service.downloadEmbeddingModel(
                  offer.toDownload(Map.of(), Map.of()),
                  p -> executor.runOnUi(() -> downloadProgress(p)));
          if (cancelled) {
            download.cancel();
          }
          return download.await();
        },
        folder -> {
          download = null;
          reembed(name);
        },
        this::failed);
  }

  private void reembed(String name) {
    if (library.isRunning()) {
      state.set(State.DOWNLOADED);
      status.set("The Library screen is busy with another run: re-embed when it has finished.");
      return;
    }
    state.set(State.REEMBEDDING);
    progress.set(0);
    status.set(
        "Re-embedding "
            + name
            + " with "
            + offer.displayName()
            + ": progress shows on the Library screen; searches use the current model until it is"
            + " done.");
    library.reembed("onnx:" + offer.name());
  }

  private void downloadProgress(ModelDownloadProgress p) {
    if (state.get() != State.DOWNLOADING) {
      return;
    }
    progress.set(p.bytesTotal() > 0 ? p.fraction() : -1);
    status.set(
        String.format(
            Locale.ROOT,
            "Downloading %s: %.1f MB%s",
            offer.displayName(),
            p.bytesDone() / 1e6,
            p.bytesTotal() > 0
                ? String.format(Locale.ROOT, " of %.1f MB", p.bytesTotal() / 1e6)
                : ""));
  }

  private void failed(Throwable e) {
    download = null;
    progress.set(0);
    if (cancelled
        || (e instanceof ModelDownloadException m
            && m.reason() == ModelDownloadException.Reason.CANCELLED)) {
      state.set(State.CANCELLED);
      status.set("Download cancelled; the collection keeps its embedding model.");
      return;
    }
    state.set(State.FAILED);
    status.set(UserMessages.describe(e));
  }

  /** Stops the download; the collection keeps its model (the Library screen cancels a re-embed). */
  public void cancel() {
    cancelled = true;
    EmbeddingModelDownloadTask d = download;
    if (d != null) {
      d.cancel();
    }
  }

  /** The model offered. */
  public EmbeddingCatalogEntry offer() {
    return offer;
  }

  public ReadOnlyObjectProperty<State> stateProperty() {
    return state.getReadOnlyProperty();
  }

  /** Which languages, with their shares; empty while hidden. */
  public ReadOnlyStringProperty noticeProperty() {
    return notice.getReadOnlyProperty();
  }

  /** What can be done or is being done. */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** 0..1, or -1 while the size is unknown. */
  public ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }
}
