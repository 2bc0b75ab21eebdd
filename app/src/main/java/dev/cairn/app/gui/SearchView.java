package dev.cairn.app.gui;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.theme.Styles;
import dev.cairn.app.library.ResultItem;
import dev.cairn.app.library.SearchMode;
import java.nio.file.Path;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The Search screen. Only binds to {@link SearchViewModel}. */
final class SearchView extends BorderPane {
  private final CustomTextField query = new CustomTextField();

  SearchView(SearchViewModel vm) {
    setId("search-view");
    query.setId("query");
    query.setPromptText("Search your files — e.g. \"quarterly revenue\" or a sender's name");
    query.textProperty().bindBidirectional(vm.queryProperty());
    query.setOnAction(e -> vm.search());
    HBox.setHgrow(query, Priority.ALWAYS);
    Button go = new Button("Search");
    go.setId("search-button");
    go.getStyleClass().add(Styles.ACCENT);
    go.setOnAction(e -> vm.search());
    ProgressIndicator spinner = new ProgressIndicator();
    spinner.setPrefSize(22, 22);
    spinner.visibleProperty().bind(vm.busyProperty());
    spinner.managedProperty().bind(spinner.visibleProperty());

    ToggleGroup modes = new ToggleGroup();
    HBox modeBox = new HBox();
    String[] pills = {Styles.LEFT_PILL, Styles.CENTER_PILL, Styles.RIGHT_PILL};
    SearchMode[] order = {SearchMode.HYBRID, SearchMode.VECTOR, SearchMode.LEXICAL};
    for (int i = 0; i < order.length; i++) {
      SearchMode m = order[i];
      ToggleButton b = new ToggleButton(modeLabel(m));
      b.setId("mode-" + m.label());
      b.getStyleClass().add(pills[i]);
      b.setToggleGroup(modes);
      b.setUserData(m);
      b.setSelected(vm.modeProperty().get() == m);
      modeBox.getChildren().add(b);
    }
    modes
        .selectedToggleProperty()
        .addListener(
            (obs, old, now) -> {
              if (now == null) {
                old.setSelected(true); // one mode is always chosen
              } else {
                vm.modeProperty().set((SearchMode) now.getUserData());
              }
            });
    HBox bar = new HBox(8, query, spinner, go, modeBox);
    bar.setAlignment(Pos.CENTER_LEFT);

    // Filters.
    TextField type = new TextField();
    type.setId("filter-type");
    type.setPromptText("pdf, eml, md…");
    type.textProperty().bindBidirectional(vm.fileTypeProperty());
    type.setPrefColumnCount(8);
    TextField folder = new TextField();
    folder.setId("filter-folder");
    folder.setPromptText("/path/to/folder");
    folder.textProperty().bindBidirectional(vm.folderProperty());
    HBox.setHgrow(folder, Priority.ALWAYS);
    TextField sender = new TextField();
    sender.setId("filter-sender");
    sender.setPromptText("name or address");
    sender.textProperty().bindBidirectional(vm.senderProperty());
    DatePicker from = new DatePicker();
    from.setId("filter-from");
    from.setPromptText("from");
    from.valueProperty().bindBidirectional(vm.fromProperty());
    from.setPrefWidth(130);
    DatePicker to = new DatePicker();
    to.setId("filter-to");
    to.setPromptText("to");
    to.valueProperty().bindBidirectional(vm.toProperty());
    to.setPrefWidth(130);
    Button clear = new Button("Clear");
    clear.setOnAction(e -> vm.clearFilters());
    clear.getStyleClass().add(Styles.FLAT);
    HBox filterRow =
        new HBox(
            8,
            new Label("Type"),
            type,
            new Label("Folder"),
            folder,
            new Label("Sender"),
            sender,
            new Label("Date"),
            from,
            to,
            clear);
    filterRow.setAlignment(Pos.CENTER_LEFT);
    TitledPane filters = new TitledPane("Filters", filterRow);
    filters.setId("filters");
    filters.setExpanded(false);
    filters.getStyleClass().add(Styles.DENSE);

    Label status = Ui.status("search-status", vm.statusProperty());
    VBox top =
        new VBox(8, bar, filters, Ui.errorBanner("search-error", vm.errorProperty()), status);
    top.setPadding(new Insets(16, 16, 8, 16));
    setTop(top);

    ListView<ResultItem> results = new ListView<>(vm.results());
    results.setId("results");
    results.setPlaceholder(Ui.muted("Results appear here. Press Ctrl+K anywhere to search."));
    results.setCellFactory(lv -> new ResultCell(vm::morePassages));
    results
        .getSelectionModel()
        .selectedItemProperty()
        .addListener(
            (obs, old, now) -> {
              if (now != null) {
                vm.selectedProperty().set(now);
              }
            });
    vm.selectedProperty()
        .addListener(
            (obs, old, now) -> {
              if (now != null && results.getSelectionModel().getSelectedItem() != now) {
                results.getSelectionModel().select(now);
              }
            });
    PreviewPane preview = new PreviewPane(vm.preview(), "");
    SplitPane split = new SplitPane(results, preview);
    split.setDividerPositions(0.48);
    split.setPadding(new Insets(0, 16, 16, 16));
    setCenter(split);
  }

  /** Puts the keyboard focus in the query box and selects its text (Ctrl+K). */
  void focusQuery() {
    query.requestFocus();
    query.selectAll();
  }

  static String modeLabel(SearchMode m) {
    return switch (m) {
      case HYBRID -> "Hybrid";
      case VECTOR -> "Semantic";
      case LEXICAL -> "Keyword";
    };
  }

  /** A result as a card: title, where, snippet with the query words in bold, score. */
  private static final class ResultCell extends ListCell<ResultItem> {
    private final java.util.function.ToIntFunction<ResultItem> more;

    ResultCell(java.util.function.ToIntFunction<ResultItem> more) {
      this.more = more;
    }

    @Override
    protected void updateItem(ResultItem item, boolean empty) {
      super.updateItem(item, empty);
      setText(null);
      if (empty || item == null) {
        setGraphic(null);
        return;
      }
      Label title = new Label(item.rank() + ". " + PreviewViewModel.displayTitle(item));
      title.getStyleClass().add(Styles.TEXT_BOLD);
      title.setWrapText(true);
      Label score = new Label(String.format(Locale.ROOT, "%.3f", item.score()));
      score.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
      HBox head = new HBox(8, title, new HBox(), score);
      HBox.setHgrow(head.getChildren().get(1), Priority.ALWAYS);
      Label where = Ui.muted(where(item));
      where.getStyleClass().add(Styles.TEXT_SMALL);
      var snippet = Ui.highlighted(item.snippet(), item.highlightTerms());
      snippet.getStyleClass().add("snippet");
      VBox card = new VBox(3, head, where, snippet);
      if (!item.alsoIn().isEmpty()) {
        Label copies = Ui.muted(alsoIn(item));
        copies.getStyleClass().addAll(Styles.TEXT_SMALL, "also-in");
        card.getChildren().add(copies);
      }
      int others = more.applyAsInt(item);
      if (others > 0) {
        Label moreLabel =
            Ui.muted(
                item.conversation() != null
                    ? others + " more in this conversation"
                    : others
                        + (others == 1 ? " more passage" : " more passages")
                        + " in this file");
        moreLabel.getStyleClass().addAll(Styles.TEXT_SMALL, "more-passages");
        card.getChildren().add(moreLabel);
      }
      card.getStyleClass().add("result-card");
      card.setMaxWidth(Double.MAX_VALUE);
      snippet.maxWidthProperty().bind(widthProperty().subtract(40));
      title.maxWidthProperty().bind(widthProperty().subtract(100));
      setGraphic(card);
      setPrefWidth(0);
    }

    /** "also in: Documents/report.pdf, Backup/report.pdf" (parent folder and name of each copy). */
    static String alsoIn(ResultItem item) {
      return "also in: "
          + String.join(
              ", ",
              item.alsoIn().stream()
                  .map(
                      p ->
                          p.getParent() == null
                              ? p.toString()
                              : p.getParent().getFileName() + "/" + p.getFileName())
                  .toList());
    }

    private static String where(ResultItem item) {
      StringBuilder s = new StringBuilder(String.valueOf(item.path().getFileName()));
      if (item.page() > 0) {
        s.append(" · page ").append(item.page());
      }
      if (item.sender() != null) {
        s.append(" · from ").append(item.sender());
      }
      if (item.date() != null) {
        s.append(" · ").append(Formats.date(item.date()));
      }
      if (item.headingPath() != null && !item.headingPath().isBlank()) {
        s.append(" · ").append(item.headingPath());
      }
      Path parent = item.path().getParent();
      if (parent != null) {
        s.append(" — ").append(parent);
      }
      return s.toString();
    }
  }
}
