package dev.cairn.app.gui;

import dev.cairn.app.library.CollectionInfo;
import dev.cairn.app.library.LibraryService;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The collections known to the library and which one is selected; shared by every screen so that
 * Library, Search, Chat and Health all work on the same collection. Touch it on the UI thread only.
 */
public final class CollectionsModel {
  private final LibraryService service;
  private final TaskExecutor executor;
  private final ObservableList<CollectionInfo> collections = FXCollections.observableArrayList();
  private final ObservableList<CollectionInfo> readOnly =
      FXCollections.unmodifiableObservableList(collections);
  private final ReadOnlyStringWrapper selected = new ReadOnlyStringWrapper(this, "selected");
  private final ReadOnlyObjectWrapper<CollectionInfo> selectedInfo =
      new ReadOnlyObjectWrapper<>(this, "selectedInfo");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");

  public CollectionsModel(LibraryService service, TaskExecutor executor) {
    this.service = Objects.requireNonNull(service, "service");
    this.executor = Objects.requireNonNull(executor, "executor");
    selected.addListener((obs, old, now) -> selectedInfo.set(find(now)));
  }

  /** Reloads the list in the background; keeps the selection when it still exists. */
  public void refresh() {
    executor.submit("list collections", service::collections, this::apply, this::fail);
  }

  /** Reloads the list and then selects {@code name}. */
  public void refreshAndSelect(String name) {
    executor.submit(
        "list collections",
        service::collections,
        list -> {
          apply(list);
          select(name);
        },
        this::fail);
  }

  void apply(List<CollectionInfo> list) {
    String keep = selected.get();
    Lists.replaceMinimally(collections, list, CollectionInfo::name);
    error.set(null);
    if (keep != null && find(keep) != null) {
      selectedInfo.set(find(keep));
    } else if (!list.isEmpty()) {
      selected.set(list.getFirst().name());
    } else {
      selected.set(null);
    }
  }

  private void fail(Throwable e) {
    error.set(UserMessages.describe(e));
  }

  private CollectionInfo find(String name) {
    if (name == null) {
      return null;
    }
    return collections.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }

  public void select(String name) {
    selected.set(name);
    selectedInfo.set(find(name));
  }

  public ObservableList<CollectionInfo> collections() {
    return readOnly;
  }

  /** The selected collection's name; {@code null} when there is none yet. */
  public ReadOnlyStringProperty selectedProperty() {
    return selected.getReadOnlyProperty();
  }

  public String selected() {
    return selected.get();
  }

  public ReadOnlyObjectProperty<CollectionInfo> selectedInfoProperty() {
    return selectedInfo.getReadOnlyProperty();
  }

  /** The last failure to list collections, in words; {@code null} when fine. */
  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }
}
