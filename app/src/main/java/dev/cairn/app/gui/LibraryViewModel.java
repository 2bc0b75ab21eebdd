package dev.cairn.app.gui;

import dev.cairn.app.library.CollectionInfo;
import dev.cairn.app.library.FileEntry;
import dev.cairn.app.library.FileState;
import dev.cairn.app.library.IndexingListener;
import dev.cairn.app.library.IndexingProgress;
import dev.cairn.app.library.IndexingSummary;
import dev.cairn.app.library.IndexingTask;
import dev.cairn.app.library.LibraryException;
import dev.cairn.app.library.LibraryService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The Library screen: adding folders (dropped or chosen) to the selected collection, the running
 * indexing task with its progress and controls, the collection's files filtered by state, and the
 * watch toggle. Plain Java; touch it on the UI thread only.
 */
public final class LibraryViewModel {

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

  private final ObservableList<FileEntry> files = FXCollections.observableArrayList();
  private final ObservableList<FileEntry> filesView =
      FXCollections.unmodifiableObservableList(files);
  private final FilteredList<FileEntry> visibleFiles = new FilteredList<>(files);
  private final Map<Path, Integer> rowOf = new HashMap<>();
  private final ObjectProperty<FileState> stateFilter = new SimpleObjectProperty<>(this, "filter");
  private final ReadOnlyObjectWrapper<State> state =
      new ReadOnlyObjectWrapper<>(this, "state", State.IDLE);
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
  private final ReadOnlyStringWrapper progressText =
      new ReadOnlyStringWrapper(this, "progressText", "");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
  private final BooleanProperty watching = new SimpleBooleanProperty(this, "watching");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
  private final ReadOnlyStringWrapper portableStatus =
      new ReadOnlyStringWrapper(this, "portableStatus", "");
  private final ReadOnlyDoubleWrapper portableProgress =
      new ReadOnlyDoubleWrapper(this, "portableProgress", 0);
  private final ReadOnlyBooleanWrapper portableBusy =
      new ReadOnlyBooleanWrapper(this, "portableBusy");
  private volatile boolean portableCancelled;
  private boolean applyingWatch;

  private IndexingTask task;

  public LibraryViewModel(
      LibraryService service, TaskExecutor executor, CollectionsModel collections) {
    this.service = Objects.requireNonNull(service, "service");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.collections = Objects.requireNonNull(collections, "collections");
    stateFilter.addListener(
        (obs, old, now) -> visibleFiles.setPredicate(now == null ? null : f -> f.state() == now));
    collections.selectedInfoProperty().addListener((obs, old, now) -> onSelected(old, now));
    watching.addListener((obs, old, now) -> onWatchToggled(now));
  }

  private void onSelected(CollectionInfo old, CollectionInfo now) {
    applyingWatch = true;
    watching.set(now != null && now.watching());
    applyingWatch = false;
    if (old == null || now == null || !old.name().equals(now.name())) {
      reloadFiles();
    }
  }

  /** Reloads the file table of the selected collection in the background. */
  public void reloadFiles() {
    String name = collections.selected();
    if (name == null) {
      setFiles(List.of());
      return;
    }
    executor.submit(
        "list files",
        () -> service.files(name, Optional.empty()),
        list -> {
          if (name.equals(collections.selected())) {
            setFiles(list);
          }
        },
        this::fail);
  }

  private void setFiles(List<FileEntry> list) {
    Lists.replaceMinimally(files, list, FileEntry::path);
    rowOf.clear();
    for (int i = 0; i < list.size(); i++) {
      rowOf.put(list.get(i).path(), i);
    }
  }

  private void upsert(List<FileEntry> batch) {
    // One change event per batch: the table re-lays out once, not once per file.
    List<FileEntry> added = new ArrayList<>();
    Map<Path, FileEntry> latest = new HashMap<>();
    for (FileEntry f : batch) {
      Integer row = rowOf.get(f.path());
      if (row != null) {
        files.set(row, f);
      } else if (latest.put(f.path(), f) == null) {
        added.add(f);
      }
    }
    if (!added.isEmpty()) {
      List<FileEntry> newest = added.stream().map(f -> latest.get(f.path())).toList();
      int base = files.size();
      for (int i = 0; i < newest.size(); i++) {
        rowOf.put(newest.get(i).path(), base + i);
      }
      files.addAll(newest);
    }
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
                upsert(batch);
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
          fail(e);
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
    reloadFiles();
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

  /**
   * Starts watching the folders of every collection marked as watched, in the background (the
   * window does this once when it opens).
   */
  public void startWatchers() {
    executor.submit(
        "start watchers",
        () -> {
          service.startWatchers();
          return true;
        },
        ok -> {},
        this::fail);
  }

  /** Creates an empty collection and selects it. */
  public void createCollection(String name) {
    createCollection(name, null);
  }

  /**
   * Creates an empty collection whose vectors come from {@code embedder} (an embedder choice's text
   * form; blank or {@code null}: the default, ONNX Runtime) and selects it.
   */
  public void createCollection(String name, String embedder) {
    error.set(null);
    String n = name == null ? "" : name.strip();
    executor.submit(
        "create collection",
        () ->
            embedder == null || embedder.isBlank()
                ? service.createCollection(n)
                : service.createCollection(n, embedder.strip()),
        info -> collections.refreshAndSelect(info.name()),
        this::fail);
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

  /** Exports the selected collection into {@code file} in the background (progress, cancel). */
  public void exportSelected(Path file) {
    String name = collections.selected();
    if (name == null || portableBusy.get()) {
      return;
    }
    startPortable("Exporting '" + name + "'…");
    executor.submit(
        "export " + name,
        () ->
            dev.cairn.app.portable.CollectionExporter.export(
                service.home(), name, file, portableListener("Exporting")),
        r -> {
          portableBusy.set(false);
          portableProgress.set(1);
          portableStatus.set(
              "Exported '"
                  + name
                  + "' to "
                  + r.file()
                  + " ("
                  + Formats.bytes(r.fileBytes())
                  + ").");
        },
        this::portableFailed);
  }

  /**
   * Reads an export file's manifest in the background, then hands it to {@code onManifest} on the
   * UI thread (the view asks where the old folders are and under which name to import).
   */
  public void inspectExport(
      Path file, java.util.function.Consumer<dev.cairn.app.portable.ExportManifest> onManifest) {
    error.set(null);
    executor.submit(
        "read export " + file.getFileName(),
        () -> dev.cairn.app.portable.CollectionImporter.readManifest(file),
        onManifest,
        this::portableFailed);
  }

  /** Whether a collection of that name exists (the view then asks for another name). */
  public boolean collectionExists(String name) {
    return collections.collections().stream().anyMatch(c -> c.name().equals(name));
  }

  /** Imports {@code file} as collection {@code name}, mapping old folders to new ones. */
  public void importExport(Path file, String name, Map<Path, Path> roots) {
    if (portableBusy.get()) {
      return;
    }
    startPortable("Importing " + file.getFileName() + "…");
    executor.submit(
        "import " + file.getFileName(),
        () -> {
          String model =
              dev.cairn.app.portable.CollectionImporter.readManifest(file).embeddingModelId()
                      == null
                  ? null
                  : dev.cairn.app.portable.ModelIdentity.current();
          return dev.cairn.app.portable.CollectionImporter.importCollection(
              new dev.cairn.app.portable.CollectionImporter.Request(
                  service.home(), file, name, roots, false, model),
              portableListener("Importing"));
        },
        r -> {
          portableBusy.set(false);
          portableProgress.set(1);
          portableStatus.set(
              "Imported as '"
                  + r.collection()
                  + "'"
                  + (r.missing().isEmpty()
                      ? "."
                      : " — " + r.missing().size() + " files not found here are marked Missing."));
          collections.refreshAndSelect(r.collection());
        },
        this::portableFailed);
  }

  /** Stops a running export or import; it undoes what it wrote. */
  public void cancelPortable() {
    portableCancelled = true;
  }

  private void startPortable(String text) {
    error.set(null);
    portableCancelled = false;
    portableBusy.set(true);
    portableProgress.set(-1); // indeterminate until the first block
    portableStatus.set(text);
  }

  private dev.cairn.app.portable.PortableListener portableListener(String verb) {
    UiBatcher<double[]> ui =
        new UiBatcher<>(
            executor,
            batch -> {
              double[] last = batch.getLast();
              portableProgress.set(last[1] <= 0 ? -1 : last[0] / last[1]);
            });
    return new dev.cairn.app.portable.PortableListener() {
      @Override
      public void progress(String step, long done, long total) {
        ui.add(new double[] {done, total});
      }

      @Override
      public boolean cancelled() {
        return portableCancelled;
      }
    };
  }

  private void portableFailed(Throwable e) {
    portableBusy.set(false);
    portableProgress.set(0);
    portableStatus.set("");
    error.set(
        e instanceof dev.cairn.app.portable.PortableException
            ? e.getMessage()
            : UserMessages.describe(e));
  }

  public ReadOnlyStringProperty portableStatusProperty() {
    return portableStatus.getReadOnlyProperty();
  }

  public ReadOnlyDoubleProperty portableProgressProperty() {
    return portableProgress.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty portableBusyProperty() {
    return portableBusy.getReadOnlyProperty();
  }

  private void onWatchToggled(boolean watch) {
    String name = collections.selected();
    if (applyingWatch || name == null) {
      return;
    }
    executor.submit(
        "watch " + name,
        () -> {
          service.setWatching(name, watch);
          return watch;
        },
        ok -> collections.refresh(),
        e -> {
          applyingWatch = true;
          watching.set(!watch);
          applyingWatch = false;
          fail(e);
        });
  }

  private void fail(Throwable e) {
    error.set(UserMessages.describe(e));
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

  public ObservableList<FileEntry> files() {
    return visibleFiles;
  }

  /** All files of the selected collection, ignoring the filter. */
  public ObservableList<FileEntry> allFiles() {
    return filesView;
  }

  /** Show only files in this state; {@code null} shows all. */
  public ObjectProperty<FileState> stateFilterProperty() {
    return stateFilter;
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

  /** The last failure, in words with the next step; {@code null} when fine. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  public BooleanProperty watchingProperty() {
    return watching;
  }

  public CollectionsModel collections() {
    return collections;
  }
}
