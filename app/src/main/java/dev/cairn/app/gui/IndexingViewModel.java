package dev.cairn.app.gui;

import dev.cairn.app.library.FileEntry;
import dev.cairn.app.library.IndexingListener;
import dev.cairn.app.library.IndexingProgress;
import dev.cairn.app.library.IndexingSummary;
import dev.cairn.app.library.IndexingTask;
import dev.cairn.app.library.LibraryException;
import dev.cairn.app.library.LibraryService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;

/**
 * The Library screen's indexing run: adding dropped or chosen paths, rebuild, repair and re-embed
 * (started by the Health screen and the language notice), the running {@link IndexingTask} with its
 * progress, pause, resume and cancel, and the summary of the last run. It owns the task handle and
 * the run's state; it may touch the {@link LibraryService}, the {@link CollectionsModel} (refresh
 * and select after a run), the {@link FileListViewModel} (rows as files finish) and the screen's
 * shared error text. Plain Java; touch it on the UI thread only.
 */
public final class IndexingViewModel {

  /** Where indexing stands for the selected collection. */
  public enum State {
    IDLE,
    RUNNING,
    PAUSED,
    FINISHED,
    CANCELLED,
    FAILED
  }

  private final LibraryService service;
  private final TaskExecutor executor;
  private final CollectionsModel collections;
  private final FileListViewModel fileList;
  private final StringProperty error;

  private final ReadOnlyObjectWrapper<State> state =
      new ReadOnlyObjectWrapper<>(this, "state", State.IDLE);
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
  private final ReadOnlyStringWrapper progressText =
      new ReadOnlyStringWrapper(this, "progressText", "");
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");

  private IndexingTask task;

  /**
   * @param error the Library screen's one error text, which this view model clears and sets
   */
  IndexingViewModel(
      LibraryService service,
      TaskExecutor executor,
      CollectionsModel collections,
      FileListViewModel fileList,
      StringProperty error) {
    this.service = Objects.requireNonNull(service, "service");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.collections = Objects.requireNonNull(collections, "collections");
    this.fileList = Objects.requireNonNull(fileList, "fileList");
    this.error = Objects.requireNonNull(error, "error");
  }

  /**
   * Adds dropped or chosen files and folders to the selected collection and starts indexing them.
   * With no collection yet, one is created and named after the first folder.
   */
  public void addPaths(List<Path> paths) {
    if (paths == null || paths.isEmpty()) {
      return;
    }
    if (isRunning()) {
      error.set(
          "Cairn is still indexing "
              + task.collection()
              + " — wait for it to finish or cancel it, then add more.");
      return;
    }
    List<Path> absolute = paths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    String target =
        collections.selected() != null ? collections.selected() : nameFor(absolute.getFirst());
    start(target, listener -> service.index(target, absolute, listener));
  }

  /** Re-indexes the selected collection from scratch (called by the Health screen). */
  public void rebuild() {
    String name = collections.selected();
    if (name == null || isRunning()) {
      return;
    }
    start(name, listener -> service.rebuild(name, listener));
  }

  /** Repairs the selected collection as {@code cairn validate --repair} does (Health screen). */
  public void repair() {
    String name = collections.selected();
    if (name == null || isRunning()) {
      return;
    }
    start(name, listener -> service.repair(name, listener));
  }

  /**
   * Moves the selected collection to another embedding model or runtime (called by the Health
   * screen); progress shows like an indexing run, and the old index answers until it is done.
   */
  public void reembed(String embedder) {
    String name = collections.selected();
    if (name == null || isRunning() || embedder == null || embedder.isBlank()) {
      return;
    }
    start(name, listener -> service.reembed(name, embedder.strip(), listener));
  }

  private interface Starter {
    IndexingTask start(IndexingListener listener) throws LibraryException;
  }

  private void start(String collection, Starter starter) {
    error.set(null);
    summary.set("");
    busy.set(true);
    state.set(State.RUNNING);
    progress.set(0);
    progressText.set("Looking for files…");
    boolean sameCollection = collection.equals(collections.selected());
    UiBatcher<FileEntry> fileEvents =
        new UiBatcher<>(
            executor,
            batch -> {
              if (collection.equals(collections.selected())) {
                fileList.upsert(batch);
              }
            });
    UiBatcher<IndexingProgress> progressEvents =
        new UiBatcher<>(executor, batch -> showProgress(batch.getLast()));
    IndexingListener listener =
        new IndexingListener() {
          @Override
          public void progress(IndexingProgress p) {
            progressEvents.add(p);
          }

          @Override
          public void fileDone(FileEntry file) {
            fileEvents.add(file);
          }

          @Override
          public void finished(IndexingSummary s) {
            executor.runOnUi(
                () -> {
                  fileEvents.flush();
                  progressEvents.flush();
                  finish(s);
                });
          }

          @Override
          public void failed(LibraryException e) {
            executor.runOnUi(
                () -> {
                  fileEvents.flush();
                  busy.set(false);
                  state.set(State.FAILED);
                  progress.set(0);
                  progressText.set("");
                  error.set(e.getMessage());
                  collections.refresh();
                });
          }
        };
    executor.submit(
        "start indexing " + collection,
        () -> starter.start(listener),
        started -> {
          task = started;
          if (!sameCollection) {
            collections.refreshAndSelect(collection);
          }
        },
        e -> {
          busy.set(false);
          state.set(State.FAILED);
          progress.set(0);
          progressText.set("");
          error.set(UserMessages.describe(e));
        });
  }

  private void showProgress(IndexingProgress p) {
    if (!busy.get()) {
      return;
    }
    if (p.phase() == IndexingProgress.Phase.PAUSED) {
      state.set(State.PAUSED);
    } else if (state.get() == State.PAUSED) {
      state.set(State.RUNNING);
    }
    double share =
        p.filesSeen() > 0 && p.phase() != IndexingProgress.Phase.SCANNING
            ? (double) p.filesDone() / p.filesSeen()
            : 0;
    progress.set(share);
    progressText.set(describe(p));
  }

  static String describe(IndexingProgress p) {
    String phase =
        switch (p.phase()) {
          case SCANNING -> "Looking for files";
          case EXTRACTING -> "Reading files";
          case EMBEDDING -> "Embedding passages";
          case BUILDING_INDEX -> "Building the index";
          case PAUSED -> "Paused";
          case DONE -> "Done";
          case CANCELLED -> "Cancelled";
          case FAILED -> "Failed";
        };
    StringBuilder s = new StringBuilder(phase);
    s.append(" · ")
        .append(Formats.count(p.filesDone()))
        .append(" of ")
        .append(Formats.count(p.filesSeen()))
        .append(" files · ")
        .append(Formats.count(p.chunks()))
        .append(" chunks");
    if (p.ratePerSecond() > 0) {
      s.append(String.format(Locale.ROOT, " · %.1f chunks/s", p.ratePerSecond()));
    }
    if (p.eta() != null && p.phase() != IndexingProgress.Phase.PAUSED) {
      s.append(" · ").append(Formats.eta(p.eta()));
    }
    if (p.filesFailed() > 0) {
      s.append(" · ").append(p.filesFailed()).append(" failed");
    }
    if (p.container() != null) {
      s.append(" · ").append(p.container());
    }
    return s.toString();
  }

  private void finish(IndexingSummary s) {
    busy.set(false);
    task = null;
    state.set(s.cancelled() ? State.CANCELLED : State.FINISHED);
    progress.set(s.cancelled() ? 0 : 1);
    progressText.set("");
    summary.set(
        (s.cancelled() ? "Cancelled — what was indexed stays searchable. " : "Done. ")
            + String.format(
                Locale.ROOT,
                "%d indexed, %d unchanged, %d skipped, %d failed · %s chunks in %.1f s",
                s.indexed(),
                s.unchanged(),
                s.skipped(),
                s.failed(),
                Formats.count(s.chunks()),
                s.seconds()));
    collections.refresh();
    fileList.reloadFiles();
  }

  public void pause() {
    if (task != null) {
      task.pause();
      state.set(State.PAUSED);
      progressText.set("Paused — " + progressText.get());
    }
  }

  public void resume() {
    if (task != null) {
      task.resume();
      state.set(State.RUNNING);
    }
  }

  public void cancel() {
    if (task != null) {
      task.cancel();
      progressText.set("Cancelling after the current file…");
    }
  }

  /** A valid collection name derived from a folder or file name ("My Notes" → "my-notes"). */
  static String nameFor(Path path) {
    Path named = Files.isRegularFile(path) && path.getParent() != null ? path.getParent() : path;
    Path fileName = named.getFileName();
    String raw = fileName == null ? "" : fileName.toString();
    String name =
        raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[-.]+|-+$", "");
    return name.isEmpty() ? LibraryService.DEFAULT_COLLECTION : name;
  }

  public boolean isRunning() {
    return task != null && !task.isDone() && busy.get();
  }

  public ReadOnlyObjectProperty<State> stateProperty() {
    return state.getReadOnlyProperty();
  }

  /**
   * 0..1; 0 while the amount of work is not known yet (a determinate bar: an indeterminate one
   * repaints the window at 60 frames per second for nothing).
   */
  public ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty progressTextProperty() {
    return progressText.getReadOnlyProperty();
  }

  /** The outcome of the last run, in words; empty before. */
  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }
}
