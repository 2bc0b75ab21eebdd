package dev.cairn.app.gui;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.cairn.app.library.FileEntry;
import dev.cairn.app.library.FileState;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The Library screen's files: a header with the counts by state and the state filter, then the
 * table of the selected collection's files. Only binds to the {@link FileListViewModel}.
 */
final class FileTablePane extends VBox {

  FileTablePane(FileListViewModel vm) {
    super(12);
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
            new TableCell<>() {
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
    getChildren().addAll(filesHeader, table);
    VBox.setVgrow(table, Priority.ALWAYS);
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
      String title, double width, Function<FileEntry, String> value) {
    TableColumn<FileEntry, String> c = new TableColumn<>(title);
    c.setPrefWidth(width);
    c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
    return c;
  }
}
