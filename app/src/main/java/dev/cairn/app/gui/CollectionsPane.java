package dev.cairn.app.gui;

import atlantafx.base.theme.Styles;
import dev.cairn.app.library.CollectionInfo;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Library screen's side column: the collections list (kept in step with the {@link
 * CollectionsModel}'s selection both ways), "New collection…" with its two dialogs, and the {@link
 * ExportImportPane} below. Only binds to the {@link CollectionsModel} and the {@link
 * CollectionActionsViewModel}.
 */
final class CollectionsPane extends VBox {
  private final CollectionActionsViewModel actions;

  CollectionsPane(
      CollectionsModel collections,
      CollectionActionsViewModel actions,
      ExportImportViewModel exportImport) {
    super(8);
    this.actions = actions;
    ListView<CollectionInfo> list = new ListView<>(collections.collections());
    list.setId("collections");
    list.setPrefWidth(220);
    list.getStyleClass().add(Styles.DENSE);
    list.setPlaceholder(Ui.muted("No collections yet.\nDrop a folder to start one."));
    list.setCellFactory(lv -> new CollectionCell());
    collections
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
              if (now != null && !now.name().equals(collections.selected())) {
                collections.select(now.name());
              }
            });
    Button newCollection = new Button("New collection…");
    newCollection.setId("new-collection");
    newCollection.setMaxWidth(Double.MAX_VALUE);
    newCollection.setOnAction(e -> askForCollectionName());
    Label listTitle = new Label("Collections");
    listTitle.getStyleClass().add(Styles.TITLE_4);
    getChildren()
        .addAll(listTitle, list, newCollection, new ExportImportPane(collections, exportImport));
    VBox.setVgrow(list, Priority.ALWAYS);
    setPadding(new Insets(16, 8, 16, 16));
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
              model.showAndWait().ifPresent(embedder -> actions.createCollection(name, embedder));
            });
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
}
