package dev.cairn.app.gui;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import dev.cairn.app.library.CollectionInfo;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Library screen. Composes one pane per concern — {@link CollectionsPane} (with the {@link
 * ExportImportPane}), {@link DropZone}, {@link IndexingPane}, {@link FileTablePane} — around the
 * header (collection name, folders, watch toggle), the error banner, the language notice and the
 * last run's summary. Only binds to {@link LibraryViewModel} and its parts.
 */
final class LibraryView extends BorderPane {
  private final DropZone dropZone;

  LibraryView(LibraryViewModel vm, LanguageNoticeViewModel languageNotice) {
    CollectionsModel collections = vm.collections();
    setId("library-view");
    setLeft(new CollectionsPane(collections, vm.collectionActions(), vm.exportImport()));

    // Header: name of the collection and the watch toggle.
    Label heading = Ui.title("");
    heading
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> collections.selected() == null ? "Your library" : collections.selected(),
                collections.selectedProperty()));
    ToggleSwitch watch = new ToggleSwitch("Watch these folders for changes");
    watch.setId("watch");
    watch.selectedProperty().bindBidirectional(vm.collectionActions().watchingProperty());
    watch.disableProperty().bind(collections.selectedProperty().isNull());
    Label folders = Ui.muted("");
    folders
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> {
                  CollectionInfo info = collections.selectedInfoProperty().get();
                  if (info == null || info.folders().isEmpty()) {
                    return "";
                  }
                  return "Folders: "
                      + String.join(", ", info.folders().stream().map(Path::toString).toList());
                },
                collections.selectedInfoProperty()));
    HBox header = new HBox(16, heading, new HBox(), watch);
    HBox.setHgrow(header.getChildren().get(1), Priority.ALWAYS);
    header.setAlignment(Pos.CENTER_LEFT);

    dropZone = new DropZone(collections, vm.indexing());
    dropZone.alsoAcceptDropsOn(this);
    Label summary = Ui.status("summary", vm.indexing().summaryProperty());
    summary.getStyleClass().add(Styles.SUCCESS);
    FileTablePane files = new FileTablePane(vm.fileList());
    VBox center =
        new VBox(
            12,
            header,
            folders,
            Ui.errorBanner("library-error", vm.errorProperty()),
            new LanguageNoticePane(languageNotice, ""),
            dropZone,
            new IndexingPane(vm.indexing()),
            summary,
            files);
    VBox.setVgrow(files, Priority.ALWAYS);
    center.setPadding(new Insets(16, 16, 16, 8));
    setCenter(center);
  }

  /** The node that accepts drops (for tests). */
  VBox dropZone() {
    return dropZone;
  }
}
