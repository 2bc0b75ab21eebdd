package dev.cairn.app.gui;

import dev.cairn.app.library.CollectionInfo;
import dev.cairn.app.library.FileEntry;
import dev.cairn.app.library.FileState;
import dev.cairn.app.library.LibraryService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The Library screen's file table: the selected collection's files, reloaded when another
 * collection is selected, updated row by row while a run indexes them, and filtered by state. It
 * owns the rows and the filter; it may touch the {@link LibraryService} (list files), the {@link
 * CollectionsModel} (which collection is selected) and the screen's shared error text. Plain Java;
 * touch it on the UI thread only.
 */
public final class FileListViewModel {
  private final LibraryService service;
  private final TaskExecutor executor;
  private final CollectionsModel collections;
  private final StringProperty error;

  private final ObservableList<FileEntry> files = FXCollections.observableArrayList();
  private final ObservableList<FileEntry> filesView =
      FXCollections.unmodifiableObservableList(files);
  private final FilteredList<FileEntry> visibleFiles = new FilteredList<>(files);
  private final Map<Path, Integer> rowOf = new HashMap<>();
  private final ObjectProperty<FileState> stateFilter = new SimpleObjectProperty<>(this, "filter");

  /**
   * @param error the Library screen's one error text, which this view model sets on a failure
   */
  FileListViewModel(
      LibraryService service,
      TaskExecutor executor,
      CollectionsModel collections,
      StringProperty error) {
    this.service = Objects.requireNonNull(service, "service");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.collections = Objects.requireNonNull(collections, "collections");
    this.error = Objects.requireNonNull(error, "error");
    stateFilter.addListener(
        (obs, old, now) -> visibleFiles.setPredicate(now == null ? null : f -> f.state() == now));
    collections.selectedInfoProperty().addListener((obs, old, now) -> onSelected(old, now));
  }

  private void onSelected(CollectionInfo old, CollectionInfo now) {
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
        e -> error.set(UserMessages.describe(e)));
  }

  private void setFiles(List<FileEntry> list) {
    Lists.replaceMinimally(files, list, FileEntry::path);
    rowOf.clear();
    for (int i = 0; i < list.size(); i++) {
      rowOf.put(list.get(i).path(), i);
    }
  }

  /** Replaces the rows of files already listed and appends the new ones, in one change each. */
  void upsert(List<FileEntry> batch) {
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
}
