package dev.cairn.app.gui;

import atlantafx.base.theme.Styles;
import java.io.File;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;

/**
 * The Library screen's drop zone: dropped folders and files, and the "Add folder…" and "Add files…"
 * choosers, go to {@link IndexingViewModel#addPaths}; it highlights while something is dragged over
 * it or over the other nodes handed to {@link #alsoAcceptDropsOn}. Only binds to the {@link
 * IndexingViewModel} and reads the selection of the {@link CollectionsModel}.
 */
final class DropZone extends VBox {
  private final CollectionsModel collections;
  private final IndexingViewModel indexing;

  DropZone(CollectionsModel collections, IndexingViewModel indexing) {
    super(6);
    this.collections = collections;
    this.indexing = indexing;
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
    getChildren().addAll(dropTitle, dropHint, dropButtons);
    setId("drop-zone");
    setAlignment(Pos.CENTER);
    getStyleClass().add("drop-zone");
    dropHint.setAlignment(Pos.CENTER);
    setOnDragOver(this::dragOver);
    setOnDragDropped(this::dragDropped);
    setOnDragExited(e -> getStyleClass().remove("drag-over"));
  }

  /** Lets {@code node} (the whole screen) accept drops too: one next to the zone is not lost. */
  void alsoAcceptDropsOn(Node node) {
    node.setOnDragOver(this::dragOver);
    node.setOnDragDropped(this::dragDropped);
  }

  private void dragOver(DragEvent e) {
    if (e.getDragboard().hasFiles()) {
      e.acceptTransferModes(TransferMode.COPY, TransferMode.LINK);
      if (!getStyleClass().contains("drag-over")) {
        getStyleClass().add("drag-over");
      }
    }
    e.consume();
  }

  private void dragDropped(DragEvent e) {
    Dragboard board = e.getDragboard();
    boolean ok = board.hasFiles() && !board.getFiles().isEmpty();
    if (ok) {
      indexing.addPaths(board.getFiles().stream().map(File::toPath).toList());
    }
    getStyleClass().remove("drag-over");
    e.setDropCompleted(ok);
    e.consume();
  }

  private void chooseFolder() {
    DirectoryChooser chooser = new DirectoryChooser();
    chooser.setTitle(
        "Add a folder to " + Optional.ofNullable(collections.selected()).orElse("Cairn"));
    File dir = chooser.showDialog(getScene().getWindow());
    if (dir != null) {
      indexing.addPaths(List.of(dir.toPath()));
    }
  }

  private void chooseFiles() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Add files");
    List<File> files = chooser.showOpenMultipleDialog(getScene().getWindow());
    if (files != null && !files.isEmpty()) {
      indexing.addPaths(files.stream().map(File::toPath).toList());
    }
  }
}
