package dev.cairn.app.gui;

import dev.cairn.app.portable.ExportManifest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;

/**
 * The Library screen's export and import controls: the two buttons, the file choosers and the
 * import's questions (where the old folders are, which name when it is taken), the progress row
 * with its Cancel, and the status line. Only binds to the {@link ExportImportViewModel} and reads
 * the selection of the {@link CollectionsModel}.
 */
final class ExportImportPane extends VBox {
  private final CollectionsModel collections;
  private final ExportImportViewModel vm;

  ExportImportPane(CollectionsModel collections, ExportImportViewModel vm) {
    super(8);
    this.collections = collections;
    this.vm = vm;
    Button exportButton = new Button("Export…");
    exportButton.setId("export-collection");
    exportButton.setMaxWidth(Double.MAX_VALUE);
    exportButton.setOnAction(e -> chooseExportFile());
    exportButton.disableProperty().bind(vm.busyProperty());
    Button importButton = new Button("Import…");
    importButton.setId("import-collection");
    importButton.setMaxWidth(Double.MAX_VALUE);
    importButton.setOnAction(e -> chooseImportFile());
    importButton.disableProperty().bind(vm.busyProperty());
    HBox portableButtons = new HBox(8, exportButton, importButton);
    HBox.setHgrow(exportButton, Priority.ALWAYS);
    HBox.setHgrow(importButton, Priority.ALWAYS);
    ProgressBar portableBar = new ProgressBar();
    portableBar.setId("portable-progress");
    portableBar.setMaxWidth(Double.MAX_VALUE);
    portableBar.progressProperty().bind(vm.progressProperty());
    Button portableCancel = new Button("Cancel");
    portableCancel.setId("portable-cancel");
    portableCancel.setOnAction(e -> vm.cancel());
    HBox portableRow = new HBox(8, portableBar, portableCancel);
    HBox.setHgrow(portableBar, Priority.ALWAYS);
    portableRow.visibleProperty().bind(vm.busyProperty());
    portableRow.managedProperty().bind(portableRow.visibleProperty());
    Label portableStatus = Ui.status("portable-status", vm.statusProperty());
    portableStatus.setWrapText(true);
    getChildren().addAll(portableButtons, portableRow, portableStatus);
  }

  private void chooseExportFile() {
    String name = collections.selected();
    if (name == null) {
      return;
    }
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Export '" + name + "'");
    chooser.setInitialFileName(name + ".cairn.zip");
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Cairn export", "*.zip"));
    File file = chooser.showSaveDialog(getScene().getWindow());
    if (file != null) {
      vm.exportSelected(file.toPath());
    }
  }

  private void chooseImportFile() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Import a collection");
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Cairn export", "*.zip"));
    File file = chooser.showOpenDialog(getScene().getWindow());
    if (file != null) {
      vm.inspectExport(file.toPath(), m -> askImportDetails(file.toPath(), m));
    }
  }

  /** Asks where each old folder is now and, when the name is taken, for another name. */
  private void askImportDetails(Path file, ExportManifest m) {
    Map<Path, Path> roots = new LinkedHashMap<>();
    for (String r : m.roots()) {
      Path old = Path.of(r);
      if (Files.isDirectory(old)) {
        continue;
      }
      DirectoryChooser where = new DirectoryChooser();
      where.setTitle("Where is the folder that was " + r + "? (Cancel: mark its files Missing)");
      File dir = where.showDialog(getScene().getWindow());
      if (dir != null) {
        roots.put(old, dir.toPath());
      }
    }
    String name = m.collection();
    while (name != null && vm.collectionExists(name)) {
      TextInputDialog rename = new TextInputDialog(name + "-imported");
      rename.setTitle("Import a collection");
      rename.setHeaderText("A collection named '" + name + "' exists. Import under another name:");
      rename.initOwner(getScene().getWindow());
      name = rename.showAndWait().map(String::strip).orElse(null);
    }
    if (name != null) {
      vm.importExport(file, name, roots);
    }
  }
}
