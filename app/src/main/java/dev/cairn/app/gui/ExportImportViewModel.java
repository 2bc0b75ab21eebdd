package dev.cairn.app.gui;

import dev.cairn.app.library.LibraryService;
import dev.cairn.app.portable.CollectionExporter;
import dev.cairn.app.portable.CollectionImporter;
import dev.cairn.app.portable.ExportManifest;
import dev.cairn.app.portable.ModelIdentity;
import dev.cairn.app.portable.PortableException;
import dev.cairn.app.portable.PortableListener;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;

/**
 * The Library screen's export and import of a collection: one at a time, in the background, with
 * its progress, a cancel that undoes what it wrote, and a status line. It owns that progress and
 * the cancel flag; it may touch the {@code portable} package ({@link CollectionExporter}, {@link
 * CollectionImporter}), the {@link LibraryService}'s home, the {@link CollectionsModel} (select the
 * imported collection) and the screen's shared error text. Plain Java; touch it on the UI thread
 * only (the cancel flag is read by the worker).
 */
public final class ExportImportViewModel {
  private final LibraryService service;
  private final TaskExecutor executor;
  private final CollectionsModel collections;
  private final StringProperty error;

  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
  private volatile boolean cancelled;

  /**
   * @param error the Library screen's one error text, which this view model clears and sets
   */
  ExportImportViewModel(
      LibraryService service,
      TaskExecutor executor,
      CollectionsModel collections,
      StringProperty error) {
    this.service = Objects.requireNonNull(service, "service");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.collections = Objects.requireNonNull(collections, "collections");
    this.error = Objects.requireNonNull(error, "error");
  }

  /** Exports the selected collection into {@code file} in the background (progress, cancel). */
  public void exportSelected(Path file) {
    String name = collections.selected();
    if (name == null || busy.get()) {
      return;
    }
    start("Exporting '" + name + "'…");
    executor.submit(
        "export " + name,
        () -> CollectionExporter.export(service.home(), name, file, listener("Exporting")),
        r -> {
          busy.set(false);
          progress.set(1);
          status.set(
              "Exported '"
                  + name
                  + "' to "
                  + r.file()
                  + " ("
                  + Formats.bytes(r.fileBytes())
                  + ").");
        },
        this::failed);
  }

  /**
   * Reads an export file's manifest in the background, then hands it to {@code onManifest} on the
   * UI thread (the view asks where the old folders are and under which name to import).
   */
  public void inspectExport(Path file, Consumer<ExportManifest> onManifest) {
    error.set(null);
    executor.submit(
        "read export " + file.getFileName(),
        () -> CollectionImporter.readManifest(file),
        onManifest,
        this::failed);
  }

  /** Whether a collection of that name exists (the view then asks for another name). */
  public boolean collectionExists(String name) {
    return collections.collections().stream().anyMatch(c -> c.name().equals(name));
  }

  /** Imports {@code file} as collection {@code name}, mapping old folders to new ones. */
  public void importExport(Path file, String name, Map<Path, Path> roots) {
    if (busy.get()) {
      return;
    }
    start("Importing " + file.getFileName() + "…");
    executor.submit(
        "import " + file.getFileName(),
        () -> {
          String model =
              CollectionImporter.readManifest(file).embeddingModelId() == null
                  ? null
                  : ModelIdentity.current();
          return CollectionImporter.importCollection(
              new CollectionImporter.Request(service.home(), file, name, roots, false, model),
              listener("Importing"));
        },
        r -> {
          busy.set(false);
          progress.set(1);
          status.set(
              "Imported as '"
                  + r.collection()
                  + "'"
                  + (r.missing().isEmpty()
                      ? "."
                      : " — " + r.missing().size() + " files not found here are marked Missing."));
          collections.refreshAndSelect(r.collection());
        },
        this::failed);
  }

  /** Stops a running export or import; it undoes what it wrote. */
  public void cancel() {
    cancelled = true;
  }

  private void start(String text) {
    error.set(null);
    cancelled = false;
    busy.set(true);
    progress.set(-1); // indeterminate until the first block
    status.set(text);
  }

  private PortableListener listener(String verb) {
    UiBatcher<double[]> ui =
        new UiBatcher<>(
            executor,
            batch -> {
              double[] last = batch.getLast();
              progress.set(last[1] <= 0 ? -1 : last[0] / last[1]);
            });
    return new PortableListener() {
      @Override
      public void progress(String step, long done, long total) {
        ui.add(new double[] {done, total});
      }

      @Override
      public boolean cancelled() {
        return cancelled;
      }
    };
  }

  private void failed(Throwable e) {
    busy.set(false);
    progress.set(0);
    status.set("");
    error.set(e instanceof PortableException ? e.getMessage() : UserMessages.describe(e));
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  public ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }
}
