package dev.cairn.app.gui;

import dev.cairn.app.library.CollectionInfo;
import dev.cairn.app.library.LibraryService;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.StringProperty;

/**
 * The Library screen's collection actions: creating a collection, the watch toggle of the selected
 * one (kept in step with the selection, written through to the service) and starting the folder
 * watchers when the window opens. It owns the toggle; it may touch the {@link LibraryService}, the
 * {@link CollectionsModel} (refresh and select) and the screen's shared error text. Plain Java;
 * touch it on the UI thread only.
 */
public final class CollectionActionsViewModel {
  private final LibraryService service;
  private final TaskExecutor executor;
  private final CollectionsModel collections;
  private final StringProperty error;

  private final BooleanProperty watching = new SimpleBooleanProperty(this, "watching");
  private boolean applyingWatch;

  /**
   * @param error the Library screen's one error text, which this view model clears and sets
   */
  CollectionActionsViewModel(
      LibraryService service,
      TaskExecutor executor,
      CollectionsModel collections,
      StringProperty error) {
    this.service = Objects.requireNonNull(service, "service");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.collections = Objects.requireNonNull(collections, "collections");
    this.error = Objects.requireNonNull(error, "error");
    collections.selectedInfoProperty().addListener((obs, old, now) -> onSelected(now));
    watching.addListener((obs, old, now) -> onWatchToggled(now));
  }

  private void onSelected(CollectionInfo now) {
    applyingWatch = true;
    watching.set(now != null && now.watching());
    applyingWatch = false;
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

  public BooleanProperty watchingProperty() {
    return watching;
  }
}
