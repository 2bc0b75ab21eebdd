package dev.cairn.app.gui;

import dev.cairn.app.library.CollectionHealth;
import dev.cairn.app.library.LibraryException;
import dev.cairn.app.library.LibraryService;
import dev.cairn.app.library.Remedy;
import dev.cairn.app.library.ValidationResult;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Index health screen: size on disk against a conventional (flat float32) vector store, chunk
 * count, cache hit rate, last update; validate, then the fix validation names ({@link
 * #remedyProperty()}: repair, as {@code cairn validate --repair}, or rebuild, as {@code cairn
 * rebuild}). Repairing and rebuilding run through the {@link IndexingViewModel} so their progress
 * shows on the Library screen too; a finished repair is validated again. Plain Java; UI thread
 * only.
 */
public final class HealthViewModel {
  private final LibraryService service;
  private final TaskExecutor executor;
  private final CollectionsModel collections;
  private final IndexingViewModel library;

  private final ReadOnlyObjectWrapper<CollectionHealth> health =
      new ReadOnlyObjectWrapper<>(this, "health");
  private final ReadOnlyStringWrapper ratioText = new ReadOnlyStringWrapper(this, "ratio", "");
  private final ReadOnlyStringWrapper validation = new ReadOnlyStringWrapper(this, "validation");
  private final ObservableList<String> problems = FXCollections.observableArrayList();
  private final ObservableList<String> problemsView =
      FXCollections.unmodifiableObservableList(problems);
  private final ReadOnlyBooleanWrapper validating = new ReadOnlyBooleanWrapper(this, "validating");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
  private final ReadOnlyObjectWrapper<Remedy> remedy =
      new ReadOnlyObjectWrapper<>(this, "remedy", Remedy.NONE);

  /** Whether the running task of the library view model is a repair started here. */
  private boolean repairing;

  public HealthViewModel(
      LibraryService service,
      TaskExecutor executor,
      CollectionsModel collections,
      IndexingViewModel library) {
    this.service = Objects.requireNonNull(service, "service");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.collections = Objects.requireNonNull(collections, "collections");
    this.library = Objects.requireNonNull(library, "library");
    collections.selectedProperty().addListener((obs, old, now) -> refresh());
    library
        .stateProperty()
        .addListener(
            (obs, old, now) -> {
              if (now == IndexingViewModel.State.FINISHED) {
                refresh();
                if (repairing) {
                  // as `cairn validate --repair` does: check again and say what is left
                  validate();
                }
              }
              if (now != IndexingViewModel.State.RUNNING && now != IndexingViewModel.State.PAUSED) {
                repairing = false;
              }
            });
  }

  /** Reloads the figures of the selected collection in the background. */
  public void refresh() {
    String name = collections.selected();
    validation.set(null);
    problems.clear();
    remedy.set(Remedy.NONE);
    if (name == null) {
      health.set(null);
      ratioText.set("There is no collection yet — add a folder on the Library screen.");
      return;
    }
    executor.submit(
        "health " + name,
        () -> service.health(name),
        h -> {
          if (name.equals(collections.selected())) {
            health.set(h);
            ratioText.set(describeRatio(h));
            error.set(null);
          }
        },
        e -> error.set(UserMessages.describe(e)));
  }

  /** "Cairn's index takes 1.2 MB on disk — 8 % of the 15.0 MB … (12× smaller)." */
  static String describeRatio(CollectionHealth h) {
    if (h.chunks() == 0 || h.flatBytes() == 0) {
      return "The index is empty — add files on the Library screen to see how much space it saves.";
    }
    double ratio = (double) h.indexBytes() / h.flatBytes();
    String comparison =
        ratio < 1
            ? String.format(Locale.ROOT, "%.0f× smaller", 1 / ratio)
            : String.format(Locale.ROOT, "%.1f× larger", ratio);
    return "Cairn's index takes "
        + Formats.bytes(h.indexBytes())
        + " on disk — "
        + (ratio < 0.01
            ? String.format(Locale.ROOT, "%.1f %%", ratio * 100)
            : Formats.percent(ratio))
        + " of the "
        + Formats.bytes(h.flatBytes())
        + " a conventional vector store would need for the same "
        + Formats.count(h.chunks())
        + " chunks ("
        + comparison
        + ").";
  }

  /** Checks the index against the document store in the background. */
  public void validate() {
    String name = collections.selected();
    if (name == null) {
      return;
    }
    validating.set(true);
    validation.set("Checking…");
    problems.clear();
    remedy.set(Remedy.NONE);
    executor.submit(
        "validate " + name,
        () -> service.validate(name),
        (ValidationResult r) -> {
          validating.set(false);
          problems.setAll(r.problems());
          remedy.set(r.ok() ? Remedy.NONE : Remedy.of(r.problems()));
          validation.set(r.ok() ? "No problems found." : describeProblems(r.problems().size()));
        },
        e -> {
          validating.set(false);
          validation.set(null);
          error.set(UserMessages.describe(e));
          if (e instanceof LibraryException le && le.kind() == LibraryException.Kind.CORRUPT) {
            // a document store too damaged to open: the message names its fix (a repair)
            problems.setAll(java.util.List.of(le.getMessage()));
            remedy.set(Remedy.of(problems));
            validation.set(describeProblems(1));
          }
        });
  }

  /** "2 problems found — Repair fixes them (as `cairn validate --repair` does)." */
  private String describeProblems(int count) {
    String n = count + (count == 1 ? " problem found" : " problems found");
    String them = count == 1 ? "it" : "them";
    return switch (remedy.get()) {
      case REPAIR -> n + " — Repair fixes " + them + " (as `cairn validate --repair` does).";
      case REBUILD -> n + " — rebuild the index to repair " + them + ".";
      case NONE -> n + ".";
    };
  }

  /**
   * Repairs the selected collection in the background, as {@code cairn validate --repair} does
   * (progress shows on the Library screen); validates it again when the repair has finished.
   */
  public void repair() {
    if (collections.selected() == null || library.busyProperty().get()) {
      return;
    }
    repairing = true;
    library.repair();
  }

  /** Re-embeds the selected collection with {@code embedder} (see {@link IndexingViewModel}). */
  public void reembed(String embedder) {
    library.reembed(embedder);
  }

  /** Re-indexes the selected collection from scratch; progress shows on the Library screen. */
  public void rebuild() {
    library.rebuild();
  }

  /**
   * The action that fixes what the last validation found, as the problems name it; {@link
   * Remedy#NONE} before a validation and when nothing is wrong.
   */
  public ReadOnlyObjectProperty<Remedy> remedyProperty() {
    return remedy.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<CollectionHealth> healthProperty() {
    return health.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty ratioTextProperty() {
    return ratioText.getReadOnlyProperty();
  }

  /** The outcome of the last validation, in words; {@code null} before. */
  public ReadOnlyStringProperty validationProperty() {
    return validation.getReadOnlyProperty();
  }

  public ObservableList<String> problems() {
    return problemsView;
  }

  public ReadOnlyBooleanProperty validatingProperty() {
    return validating.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty rebuildingProperty() {
    return library.busyProperty();
  }

  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  public CollectionsModel collections() {
    return collections;
  }
}
