package dev.cairn.app.gui;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.cairn.app.library.CollectionInfo;
import dev.cairn.app.library.FileEntry;
import dev.cairn.app.library.FileState;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputDialog;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/** The Library screen. Only binds to {@link LibraryViewModel}. */
final class LibraryView extends BorderPane {
  private final LibraryViewModel vm;
  private final VBox dropZone;

  LibraryView(LibraryViewModel vm, LanguageNoticeViewModel languageNotice) {
    this.vm = vm;
    setId("library-view");

    // Collections side list.
    ListView<CollectionInfo> list = new ListView<>(vm.collections().collections());
    list.setId("collections");
    list.setPrefWidth(220);
    list.getStyleClass().add(Styles.DENSE);
    list.setPlaceholder(Ui.muted("No collections yet.\nDrop a folder to start one."));
    list.setCellFactory(lv -> new CollectionCell());
    vm.collections()
        .selectedInfoProperty()
        .addListener(
            (obs, old, now) -> {
              if (now != null && list.getSelectionModel().getSelectedItem() != now) {
                list.getSelectionModel().select(now);
              }
            });
    list.getSelectionModel()
        .selectedItemProperty()
        .addListener(
            (obs, old, now) -> {
              if (now != null && !now.name().equals(vm.collections().selected())) {
                vm.collections().select(now.name());
              }
            });
    Button newCollection = new Button("New collection…");
    newCollection.setId("new-collection");
    newCollection.setMaxWidth(Double.MAX_VALUE);
    newCollection.setOnAction(e -> askForCollectionName());
    Label listTitle = new Label("Collections");
    listTitle.getStyleClass().add(Styles.TITLE_4);
    Button exportButton = new Button("Export…");
    exportButton.setId("export-collection");
    exportButton.setMaxWidth(Double.MAX_VALUE);
    exportButton.setOnAction(e -> chooseExportFile());
    exportButton.disableProperty().bind(vm.portableBusyProperty());
    Button importButton = new Button("Import…");
    importButton.setId("import-collection");
    importButton.setMaxWidth(Double.MAX_VALUE);
    importButton.setOnAction(e -> chooseImportFile());
    importButton.disableProperty().bind(vm.portableBusyProperty());
    HBox portableButtons = new HBox(8, exportButton, importButton);
    HBox.setHgrow(exportButton, Priority.ALWAYS);
    HBox.setHgrow(importButton, Priority.ALWAYS);
    javafx.scene.control.ProgressBar portableBar = new javafx.scene.control.ProgressBar();
    portableBar.setId("portable-progress");
    portableBar.setMaxWidth(Double.MAX_VALUE);
    portableBar.progressProperty().bind(vm.portableProgressProperty());
    Button portableCancel = new Button("Cancel");
    portableCancel.setId("portable-cancel");
    portableCancel.setOnAction(e -> vm.cancelPortable());
    HBox portableRow = new HBox(8, portableBar, portableCancel);
    HBox.setHgrow(portableBar, Priority.ALWAYS);
    portableRow.visibleProperty().bind(vm.portableBusyProperty());
    portableRow.managedProperty().bind(portableRow.visibleProperty());
    Label portableStatus = Ui.status("portable-status", vm.portableStatusProperty());
    portableStatus.setWrapText(true);
    VBox side =
        new VBox(8, listTitle, list, newCollection, portableButtons, portableRow, portableStatus);
    VBox.setVgrow(list, Priority.ALWAYS);
    side.setPadding(new Insets(16, 8, 16, 16));
    setLeft(side);

    // Header: name of the collection and the watch toggle.
    Label heading = Ui.title("");
    heading
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    vm.collections().selected() == null
                        ? "Your library"
                        : vm.collections().selected(),
                vm.collections().selectedProperty()));
    ToggleSwitch watch = new ToggleSwitch("Watch these folders for changes");
    watch.setId("watch");
    watch.selectedProperty().bindBidirectional(vm.watchingProperty());
    watch.disableProperty().bind(vm.collections().selectedProperty().isNull());
    Label folders = Ui.muted("");
    folders
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> {
                  CollectionInfo info = vm.collections().selectedInfoProperty().get();
                  if (info == null || info.folders().isEmpty()) {
                    return "";
                  }
                  return "Folders: "
                      + String.join(", ", info.folders().stream().map(Path::toString).toList());
                },
                vm.collections().selectedInfoProperty()));
    HBox header = new HBox(16, heading, new HBox(), watch);
    HBox.setHgrow(header.getChildren().get(1), Priority.ALWAYS);
    header.setAlignment(Pos.CENTER_LEFT);

    // Drop zone.
    Label dropTitle = new Label("Drop folders or files here to index them");
    dropTitle.getStyleClass().add(Styles.TITLE_4);
    Label dropHint =
        Ui.muted(
            "PDFs, emails (.eml, .mbox, .msg), notes (.md, .txt), Office documents, web pages and"
                + " e-books. Everything stays on this computer.");
    Button addFolder = new Button("Add folder…");
    addFolder.setId("add-folder");
    addFolder.getStyleClass().add(Styles.ACCENT);
    addFolder.setDefaultButton(false);
    addFolder.setOnAction(e -> chooseFolder());
    Button addFiles = new Button("Add files…");
    addFiles.setId("add-files");
    addFiles.setOnAction(e -> chooseFiles());
    HBox dropButtons = new HBox(8, addFolder, addFiles);
    dropButtons.setAlignment(Pos.CENTER);
    dropZone = new VBox(6, dropTitle, dropHint, dropButtons);
    dropZone.setId("drop-zone");
    dropZone.setAlignment(Pos.CENTER);
    dropZone.getStyleClass().add("drop-zone");
    dropHint.setAlignment(Pos.CENTER);
    installDropHandlers();

    // Progress.
    ProgressBar bar = new ProgressBar();
    bar.setId("progress");
    bar.setMaxWidth(Double.MAX_VALUE);
    bar.progressProperty().bind(vm.progressProperty());
    Label progressText = Ui.status("progress-text", vm.progressTextProperty());
    Button pause = new Button("Pause");
    pause.setId("pause");
    pause.setOnAction(e -> vm.pause());
    Button resume = new Button("Resume");
    resume.setId("resume");
    resume.setOnAction(e -> vm.resume());
    Button cancel = new Button("Cancel");
    cancel.setId("cancel");
    cancel.getStyleClass().add(Styles.DANGER);
    cancel.setOnAction(e -> vm.cancel());
    var state = vm.stateProperty();
    pause.visibleProperty().bind(state.isEqualTo(LibraryViewModel.State.RUNNING));
    pause.managedProperty().bind(pause.visibleProperty());
    resume.visibleProperty().bind(state.isEqualTo(LibraryViewModel.State.PAUSED));
    resume.managedProperty().bind(resume.visibleProperty());
    HBox barRow = new HBox(8, bar, pause, resume, cancel);
    HBox.setHgrow(bar, Priority.ALWAYS);
    barRow.setAlignment(Pos.CENTER_LEFT);
    VBox progressBox = new VBox(4, barRow, progressText);
    progressBox.setId("progress-box");
    progressBox.visibleProperty().bind(vm.busyProperty());
    progressBox.managedProperty().bind(progressBox.visibleProperty());
    Label summary = Ui.status("summary", vm.summaryProperty());
    summary.getStyleClass().add(Styles.SUCCESS);

    // Files table with a state filter.
    ComboBox<Optional<FileState>> filter = new ComboBox<>();
    filter.setId("state-filter");
    filter.getItems().add(Optional.empty());
    for (FileState s : FileState.values()) {
      filter.getItems().add(Optional.of(s));
    }
    filter.setValue(Optional.empty());
    filter.setConverter(
        new StringConverter<>() {
          @Override
          public String toString(Optional<FileState> s) {
            return s == null || s.isEmpty() ? "All files" : label(s.get());
          }

          @Override
          public Optional<FileState> fromString(String string) {
            return Optional.empty();
          }
        });
    filter
        .valueProperty()
        .addListener(
            (obs, old, now) -> vm.stateFilterProperty().set(now == null ? null : now.orElse(null)));
    Label filesTitle = new Label("Files");
    filesTitle.getStyleClass().add(Styles.TITLE_4);
    Label counts = Ui.muted("");
    counts
        .textProperty()
        .bind(Bindings.createStringBinding(() -> countsText(vm.allFiles()), vm.allFiles()));
    HBox filesHeader = new HBox(12, filesTitle, counts, new HBox(), new Label("Show"), filter);
    HBox.setHgrow(filesHeader.getChildren().get(2), Priority.ALWAYS);
    filesHeader.setAlignment(Pos.CENTER_LEFT);

    TableView<FileEntry> table = new TableView<>(vm.files());
    table.setId("files");
    table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.setPlaceholder(Ui.muted("No files yet — drop a folder above."));
    // Rows of one fixed height: the table need not measure every cell (much cheaper layout).
    table.setFixedCellSize(32);
    table.getColumns().add(column("File", 240, f -> String.valueOf(f.path().getFileName())));
    TableColumn<FileEntry, String> status = column("Status", 90, f -> label(f.state()));
    status.setCellFactory(
        c ->
            new javafx.scene.control.TableCell<>() {
              @Override
              protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                getStyleClass().removeAll(Styles.DANGER, Styles.WARNING, Styles.SUCCESS);
                FileEntry f = empty ? null : getTableRow().getItem();
                if (f != null) {
                  getStyleClass()
                      .add(
                          switch (f.state()) {
                            case FAILED -> Styles.DANGER;
                            case SKIPPED, NEEDS_OCR, MISSING -> Styles.WARNING;
                            case INDEXED, DUPLICATE -> Styles.SUCCESS;
                            case PENDING -> Styles.TEXT_MUTED;
                          });
                }
              }
            });
    table.getColumns().add(status);
    table
        .getColumns()
        .add(column("Chunks", 80, f -> f.chunks() > 0 ? Formats.count(f.chunks()) : ""));
    table.getColumns().add(column("Size", 95, f -> Formats.bytes(f.size())));
    table.getColumns().add(column("Modified", 130, f -> Formats.date(f.modified())));
    table.getColumns().add(column("Reason", 260, f -> f.reason() == null ? "" : f.reason()));
    VBox center =
        new VBox(
            12,
            header,
            folders,
            Ui.errorBanner("library-error", vm.errorProperty()),
            new LanguageNoticePane(languageNotice, ""),
            dropZone,
            progressBox,
            summary,
            filesHeader,
            table);
    VBox.setVgrow(table, Priority.ALWAYS);
    center.setPadding(new Insets(16, 16, 16, 8));
    setCenter(center);
  }

  private void installDropHandlers() {
    dropZone.setOnDragOver(this::dragOver);
    dropZone.setOnDragDropped(this::dragDropped);
    dropZone.setOnDragExited(e -> dropZone.getStyleClass().remove("drag-over"));
    // The whole screen accepts drops too: dropping next to the zone should not be lost.
    setOnDragOver(this::dragOver);
    setOnDragDropped(this::dragDropped);
  }

  private void dragOver(DragEvent e) {
    if (e.getDragboard().hasFiles()) {
      e.acceptTransferModes(TransferMode.COPY, TransferMode.LINK);
      if (!dropZone.getStyleClass().contains("drag-over")) {
        dropZone.getStyleClass().add("drag-over");
      }
    }
    e.consume();
  }

  private void dragDropped(DragEvent e) {
    Dragboard board = e.getDragboard();
    boolean ok = board.hasFiles() && !board.getFiles().isEmpty();
    if (ok) {
      vm.addPaths(board.getFiles().stream().map(File::toPath).toList());
    }
    dropZone.getStyleClass().remove("drag-over");
    e.setDropCompleted(ok);
    e.consume();
  }

  private void chooseFolder() {
    DirectoryChooser chooser = new DirectoryChooser();
    chooser.setTitle(
        "Add a folder to " + Optional.ofNullable(vm.collections().selected()).orElse("Cairn"));
    File dir = chooser.showDialog(getScene().getWindow());
    if (dir != null) {
      vm.addPaths(List.of(dir.toPath()));
    }
  }

  private void chooseFiles() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Add files");
    List<File> files = chooser.showOpenMultipleDialog(getScene().getWindow());
    if (files != null && !files.isEmpty()) {
      vm.addPaths(files.stream().map(File::toPath).toList());
    }
  }

  private void chooseExportFile() {
    String name = vm.collections().selected();
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
  private void askImportDetails(Path file, dev.cairn.app.portable.ExportManifest m) {
    java.util.Map<Path, Path> roots = new java.util.LinkedHashMap<>();
    for (String r : m.roots()) {
      Path old = Path.of(r);
      if (java.nio.file.Files.isDirectory(old)) {
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

  private void askForCollectionName() {
    TextInputDialog dialog = new TextInputDialog();
    dialog.setTitle("New collection");
    dialog.setHeaderText("Name the new collection");
    dialog.setContentText("Letters, digits, '-', '_' or '.':");
    dialog.initOwner(getScene().getWindow());
    dialog
        .showAndWait()
        .ifPresent(
            name -> {
              TextInputDialog model = new TextInputDialog("onnx");
              model.setTitle("New collection");
              model.setHeaderText("Which embedding model and runtime computes its vectors?");
              model.setContentText(HealthView.EMBEDDER_FORMS);
              model.initOwner(getScene().getWindow());
              model.showAndWait().ifPresent(embedder -> vm.createCollection(name, embedder));
            });
  }

  static String label(FileState s) {
    return switch (s) {
      case PENDING -> "Waiting";
      case INDEXED -> "Indexed";
      case SKIPPED -> "Skipped";
      case FAILED -> "Failed";
      case NEEDS_OCR -> "Needs OCR";
      case MISSING -> "Missing";
      case DUPLICATE -> "Duplicate";
    };
  }

  private static String countsText(List<FileEntry> all) {
    if (all.isEmpty()) {
      return "";
    }
    long indexed = all.stream().filter(f -> f.state() == FileState.INDEXED).count();
    long skipped = all.stream().filter(f -> f.state() == FileState.SKIPPED).count();
    long failed = all.stream().filter(f -> f.state() == FileState.FAILED).count();
    return String.format(
        Locale.ROOT,
        "%s indexed · %s skipped · %s failed",
        Formats.count(indexed),
        Formats.count(skipped),
        Formats.count(failed));
  }

  private static TableColumn<FileEntry, String> column(
      String title, double width, java.util.function.Function<FileEntry, String> value) {
    TableColumn<FileEntry, String> c = new TableColumn<>(title);
    c.setPrefWidth(width);
    c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
    return c;
  }

  /** A collection in the side list: its name and figures; the nodes are made once per cell. */
  private static final class CollectionCell extends ListCell<CollectionInfo> {
    private final Label name = new Label();
    private final Label figures = Ui.muted("");
    private final VBox box = new VBox(2, name, figures);

    CollectionCell() {
      name.getStyleClass().add(Styles.TEXT_BOLD);
      figures.getStyleClass().add(Styles.TEXT_SMALL);
    }

    @Override
    protected void updateItem(CollectionInfo item, boolean empty) {
      super.updateItem(item, empty);
      setText(null);
      if (empty || item == null) {
        setGraphic(null);
        return;
      }
      name.setText(item.name());
      figures.setText(
          Formats.count(item.files())
              + " files · "
              + Formats.count(item.chunks())
              + " chunks"
              + (item.watching() ? " · watched" : ""));
      setGraphic(box);
    }
  }

  /** The node that accepts drops (for tests). */
  VBox dropZone() {
    return dropZone;
  }
}
