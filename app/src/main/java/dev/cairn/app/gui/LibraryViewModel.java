package dev.cairn.app.gui;

import dev.cairn.app.library.LibraryService;
import java.util.Objects;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The Library screen's view models, one per concern: the {@link IndexingViewModel} (the running
 * indexing task, its progress and controls), the {@link FileListViewModel} (the selected
 * collection's files, filtered by state), the {@link CollectionActionsViewModel} (new collection,
 * watch toggle, watchers) and the {@link ExportImportViewModel} (export and import). This class
 * only wires them together and owns the screen's one error text, which each of them clears and
 * sets. Touch them on the UI thread only.
 */
public final class LibraryViewModel {
  private final CollectionsModel collections;
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
  private final CollectionActionsViewModel collectionActions;
  private final FileListViewModel fileList;
  private final IndexingViewModel indexing;
  private final ExportImportViewModel exportImport;

  public LibraryViewModel(
      LibraryService service, TaskExecutor executor, CollectionsModel collections) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(executor, "executor");
    this.collections = Objects.requireNonNull(collections, "collections");
    // Made in this order: on a new selection the watch toggle follows before the files reload.
    collectionActions = new CollectionActionsViewModel(service, executor, collections, error);
    fileList = new FileListViewModel(service, executor, collections, error);
    indexing = new IndexingViewModel(service, executor, collections, fileList, error);
    exportImport = new ExportImportViewModel(service, executor, collections, error);
  }

  public IndexingViewModel indexing() {
    return indexing;
  }

  public FileListViewModel fileList() {
    return fileList;
  }

  public CollectionActionsViewModel collectionActions() {
    return collectionActions;
  }

  public ExportImportViewModel exportImport() {
    return exportImport;
  }

  /** The last failure of any of them, in words with the next step; {@code null} when fine. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  public CollectionsModel collections() {
    return collections;
  }
}
