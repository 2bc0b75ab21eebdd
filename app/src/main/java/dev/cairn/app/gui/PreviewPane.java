package dev.cairn.app.gui;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.ImageView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextFlow;

/** Shows a {@link PreviewViewModel}: PDF page image, email headers, note section or text. */
final class PreviewPane extends VBox {
  private final PreviewViewModel vm;
  private final VBox content = new VBox(10);
  private final ImageView page = new ImageView();

  PreviewPane(PreviewViewModel vm, String idPrefix) {
    this.vm = vm;
    setId(idPrefix + "preview");
    setSpacing(8);
    setPadding(new Insets(12));
    Label title = new Label();
    title.setId(idPrefix + "preview-title");
    title.getStyleClass().add(Styles.TITLE_4);
    title.setWrapText(true);
    title.textProperty().bind(vm.titleProperty());
    Label location = Ui.status(idPrefix + "preview-location", vm.locationProperty());
    location.getStyleClass().add(Styles.TEXT_SMALL);
    Button open = new Button("Open in system app");
    open.setId(idPrefix + "open-file");
    open.setOnAction(e -> vm.openInSystemApp());
    open.disableProperty().bind(vm.itemProperty().isNull());
    HBox actions = new HBox(8, open);
    actions.setAlignment(Pos.CENTER_LEFT);
    javafx.scene.layout.FlowPane alsoIn = new javafx.scene.layout.FlowPane(6, 2);
    alsoIn.setId(idPrefix + "preview-also-in");
    alsoIn.managedProperty().bind(alsoIn.visibleProperty());
    vm.itemProperty()
        .addListener(
            (obs, old, now) -> {
              alsoIn.getChildren().clear();
              alsoIn.setVisible(now != null && !now.alsoIn().isEmpty());
              if (alsoIn.isVisible()) {
                alsoIn.getChildren().add(Ui.muted("Also in:"));
                for (java.nio.file.Path copy : now.alsoIn()) {
                  javafx.scene.control.Hyperlink link =
                      new javafx.scene.control.Hyperlink(copy.toString());
                  link.getStyleClass().add("also-in-link");
                  link.setOnAction(e -> vm.openInSystemApp(copy));
                  alsoIn.getChildren().add(link);
                }
              }
            });
    alsoIn.setVisible(false);
    Label message = Ui.status(idPrefix + "preview-message", vm.messageProperty());
    var error = Ui.errorBanner(idPrefix + "preview-error", vm.errorProperty());

    page.setId(idPrefix + "preview-page");
    page.setPreserveRatio(true);
    page.setSmooth(true);
    ScrollPane scroll = new ScrollPane(content);
    scroll.setFitToWidth(true);
    scroll.getStyleClass().add(atlantafx.base.theme.Tweaks.EDGE_TO_EDGE);
    page.fitWidthProperty()
        .bind(
            Bindings.createDoubleBinding(
                () -> Math.max(200, scroll.getViewportBounds().getWidth() - 4),
                scroll.viewportBoundsProperty()));
    VBox.setVgrow(scroll, Priority.ALWAYS);

    Label empty = Ui.muted("Select a result to preview it here.");
    empty.visibleProperty().bind(vm.itemProperty().isNull());
    empty.managedProperty().bind(empty.visibleProperty());
    VBox header = new VBox(4, title, location, alsoIn, actions);
    header.visibleProperty().bind(vm.itemProperty().isNotNull());
    header.managedProperty().bind(header.visibleProperty());
    getChildren().addAll(empty, header, message, error, scroll);

    vm.itemProperty().addListener((obs, old, now) -> rebuild());
    vm.pageProperty()
        .addListener(
            (obs, old, now) ->
                page.setImage(now == null ? null : SwingFXUtils.toFXImage(now.image(), null)));
    rebuild();
  }

  private void rebuild() {
    content.getChildren().clear();
    var item = vm.itemProperty().get();
    if (item == null) {
      return;
    }
    switch (vm.kindProperty().get()) {
      case PDF_PAGE -> {
        content.getChildren().add(page);
        Label passage = new Label("Passage");
        passage.getStyleClass().add(Styles.TEXT_BOLD);
        content.getChildren().addAll(passage, body(item));
      }
      case EMAIL -> {
        GridPane headers = new GridPane(10, 4);
        headers.setId("preview-headers");
        int row = 0;
        for (PreviewViewModel.Header h : vm.headers()) {
          Label name = new Label(h.name() + ":");
          name.getStyleClass().add(Styles.TEXT_BOLD);
          Label value = new Label(h.value());
          value.setWrapText(true);
          headers.addRow(row++, name, value);
        }
        content.getChildren().addAll(headers, body(item));
        if (!vm.conversation().isEmpty()) {
          Label more = new Label("In this conversation");
          more.getStyleClass().add(Styles.TEXT_BOLD);
          VBox messages = new VBox(6);
          messages.setId("preview-conversation");
          for (var other : vm.conversation()) {
            StringBuilder who = new StringBuilder();
            if (other.sender() != null) {
              who.append(other.sender());
            }
            if (other.date() != null) {
              who.append(who.isEmpty() ? "" : " · ").append(Formats.dateTime(other.date()));
            }
            Label head = new Label(who.toString());
            head.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_BOLD);
            Label text = Ui.muted(other.snippet());
            text.setWrapText(true);
            messages.getChildren().add(new VBox(2, head, text));
          }
          content.getChildren().addAll(more, messages);
        }
      }
      case SECTION -> {
        Label section = new Label(item.headingPath().replace(" > ", " › "));
        section.getStyleClass().add(Styles.TITLE_4);
        section.setWrapText(true);
        content.getChildren().addAll(section, body(item));
      }
      case TEXT, NONE -> content.getChildren().add(body(item));
    }
  }

  private TextFlow body(dev.cairn.app.library.ResultItem item) {
    TextFlow flow = Ui.highlighted(vm.bodyProperty().get(), item.highlightTerms());
    flow.setId("preview-body");
    flow.setLineSpacing(2);
    return flow;
  }
}
