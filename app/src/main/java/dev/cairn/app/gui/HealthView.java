package dev.cairn.app.gui;

import atlantafx.base.theme.Styles;
import dev.cairn.app.library.CollectionHealth;
import dev.cairn.app.library.Remedy;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The Index health screen. Only binds to {@link HealthViewModel}. */
final class HealthView extends ScrollPane {
  private static final double BAR_WIDTH = 460;

  private final HealthViewModel vm;
  private final GridPane figures = new GridPane(24, 8);
  private final Region indexBar = new Region();
  private final Region flatBar = new Region();
  private final Label indexBarLabel = new Label();
  private final Label flatBarLabel = new Label();

  HealthView(HealthViewModel vm, LanguageNoticeViewModel languageNotice) {
    this.vm = vm;
    setId("health-view");
    setFitToWidth(true);

    Label heading = Ui.title("");
    heading
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    "Index health"
                        + (vm.collections().selected() == null
                            ? ""
                            : " — " + vm.collections().selected()),
                vm.collections().selectedProperty()));
    Label ratio = new Label();
    ratio.setId("ratio-text");
    ratio.setWrapText(true);
    ratio.getStyleClass().add(Styles.TEXT_BOLD);
    ratio.textProperty().bind(vm.ratioTextProperty());

    indexBar.getStyleClass().add("bar-index");
    flatBar.getStyleClass().add("bar-flat");
    indexBar.setId("bar-index");
    flatBar.setId("bar-flat");
    for (Region r : new Region[] {indexBar, flatBar}) {
      r.setMinHeight(22);
      r.setPrefHeight(22);
    }
    GridPane chart = new GridPane(12, 8);
    chart.setId("size-chart");
    chart.addRow(0, new Label("Cairn index"), indexBar, indexBarLabel);
    chart.addRow(1, new Label("Conventional vector store"), flatBar, flatBarLabel);
    chart.setAlignment(Pos.CENTER_LEFT);

    figures.setId("health-figures");

    Button validate = new Button("Validate");
    validate.setId("validate");
    validate.setOnAction(e -> vm.validate());
    validate
        .disableProperty()
        .bind(vm.validatingProperty().or(vm.collections().selectedProperty().isNull()));
    // offered when validation names `cairn validate --repair` as the fix
    Button repair = new Button("Repair");
    repair.setId("repair");
    repair.getStyleClass().add(Styles.ACCENT);
    repair.setOnAction(e -> vm.repair());
    repair.visibleProperty().bind(vm.remedyProperty().isEqualTo(Remedy.REPAIR));
    repair.managedProperty().bind(repair.visibleProperty());
    repair.disableProperty().bind(vm.rebuildingProperty());
    Button rebuild = new Button("Rebuild index");
    rebuild.setId("rebuild");
    rebuild.getStyleClass().add(Styles.DANGER);
    rebuild.setOnAction(e -> vm.rebuild());
    rebuild
        .disableProperty()
        .bind(vm.rebuildingProperty().or(vm.collections().selectedProperty().isNull()));
    Button reembed = new Button("Change embedding model…");
    reembed.setId("reembed");
    reembed.setOnAction(e -> askForEmbedder(vm));
    reembed
        .disableProperty()
        .bind(vm.rebuildingProperty().or(vm.collections().selectedProperty().isNull()));
    Button refresh = new Button("Refresh");
    refresh.setOnAction(e -> vm.refresh());
    refresh.getStyleClass().add(Styles.FLAT);
    Label rebuilding = Ui.muted("Working on the index — progress shows on the Library screen.");
    rebuilding.visibleProperty().bind(vm.rebuildingProperty());
    rebuilding.managedProperty().bind(rebuilding.visibleProperty());
    HBox actions = new HBox(8, validate, repair, rebuild, reembed, refresh, rebuilding);
    actions.setAlignment(Pos.CENTER_LEFT);
    Label validation = Ui.status("validation", vm.validationProperty());
    ListView<String> problems = new ListView<>(vm.problems());
    problems.setId("problems");
    problems.setPrefHeight(140);
    problems.visibleProperty().bind(Bindings.isNotEmpty(vm.problems()));
    problems.managedProperty().bind(problems.visibleProperty());

    VBox page =
        new VBox(
            16,
            heading,
            Ui.errorBanner("health-error", vm.errorProperty()),
            ratio,
            new LanguageNoticePane(languageNotice, "health-"),
            chart,
            figures,
            actions,
            validation,
            problems);
    page.setPadding(new Insets(16, 24, 24, 24));
    setContent(page);
    vm.healthProperty().addListener((obs, old, now) -> show(now));
    show(vm.healthProperty().get());
  }

  private void show(CollectionHealth h) {
    figures.getChildren().clear();
    boolean has = h != null && h.flatBytes() > 0;
    indexBar.getParent().setVisible(has);
    indexBar.getParent().setManaged(has);
    if (h == null) {
      return;
    }
    if (has) {
      double max = Math.max(h.indexBytes(), h.flatBytes());
      indexBar.setPrefWidth(Math.max(3, BAR_WIDTH * h.indexBytes() / max));
      indexBar.setMaxWidth(indexBar.getPrefWidth());
      flatBar.setPrefWidth(Math.max(3, BAR_WIDTH * h.flatBytes() / max));
      flatBar.setMaxWidth(flatBar.getPrefWidth());
      indexBarLabel.setText(Formats.bytes(h.indexBytes()));
      flatBarLabel.setText(Formats.bytes(h.flatBytes()));
    }
    int row = 0;
    row = figure(row, "Chunks", Formats.count(h.chunks()));
    row = figure(row, "Files", Formats.count(h.files()));
    row = figure(row, "Index on disk", Formats.bytes(h.indexBytes()));
    row = figure(row, "Document store", Formats.bytes(h.documentStoreBytes()));
    row =
        figure(
            row,
            "Embedding model",
            h.embeddingModel() == null
                ? "none yet"
                : h.embeddingModel() + " (" + h.dimensions() + " dimensions)");
    row =
        figure(
            row,
            "Runtime",
            h.embedder()
                + " — "
                + (h.embeddingRuntime() == null ? "model not loaded" : h.embeddingRuntime()));
    if (h.pendingEmbedder() != null) {
      row = figure(row, "Re-embedding to", h.pendingEmbedder() + " (unfinished)");
    }
    row =
        figure(row, "Cache hit rate", Formats.percent(h.cacheHitRate()) + " of embedding look-ups");
    row = figure(row, "Last update", Formats.dateTime(h.lastUpdated()));
    if (!h.languages().chunksByLanguage().isEmpty()) {
      row = figure(row, "Languages", h.languages().summary());
    }
  }

  private void askForEmbedder(HealthViewModel vm) {
    CollectionHealth h = vm.healthProperty().get();
    javafx.scene.control.TextInputDialog dialog =
        new javafx.scene.control.TextInputDialog(h == null ? "onnx" : h.embedder());
    dialog.setTitle("Change embedding model");
    dialog.setHeaderText(
        "Embed every chunk again with another model or runtime.\n"
            + "The current index answers searches until the new one is complete.");
    dialog.setContentText(EMBEDDER_FORMS);
    dialog.initOwner(getScene().getWindow());
    dialog.showAndWait().ifPresent(vm::reembed);
  }

  /** The embedder choices in words (shared with the Library screen's new-collection dialog). */
  static final String EMBEDDER_FORMS =
      "onnx (ONNX Runtime, default), gguf (llama.cpp), onnx:FOLDER, gguf:/path/model.gguf,"
          + " ollama:MODEL[@http://host:port]:";

  private int figure(int row, String name, String value) {
    Label n = new Label(name);
    n.getStyleClass().add(Styles.TEXT_MUTED);
    Label v = new Label(value);
    v.setId("figure-" + name.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
    figures.addRow(row, n, v);
    return row + 1;
  }
}
