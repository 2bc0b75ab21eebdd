package dev.cairn.app.gui;

import atlantafx.base.theme.Styles;
import dev.cairn.app.gui.LanguageNoticeViewModel.State;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The language notice ({@link LanguageNoticeViewModel}) as the Library and Index health screens
 * show it: which languages and shares, then what can be done — the download command with Copy and
 * Check again, or a Download and re-embed / Re-embed button, with progress and Cancel while the
 * model downloads. Only binds; one pane per screen, over the same view model.
 */
final class LanguageNoticePane extends VBox {

  /**
   * @param idPrefix put before every node id ({@code ""} on the Library screen, {@code "health-"}
   *     on Index health), so each screen's nodes can be looked up
   */
  LanguageNoticePane(LanguageNoticeViewModel vm, String idPrefix) {
    super(6);
    setId(idPrefix + "language-notice");
    setPadding(new Insets(10));
    setStyle(
        "-fx-border-color: -color-warning-emphasis; -fx-border-radius: 6;"
            + " -fx-background-color: -color-warning-subtle; -fx-background-radius: 6;");
    ReadOnlyObjectProperty<State> state = vm.stateProperty();

    Label title = new Label("Most of this collection is not in English");
    title.getStyleClass().add(Styles.TITLE_4);
    Label notice = new Label();
    notice.setId(idPrefix + "language-notice-text");
    notice.setWrapText(true);
    notice.textProperty().bind(vm.noticeProperty());

    Label status = Ui.status(idPrefix + "language-status", vm.statusProperty());

    TextField command = new TextField(vm.command());
    command.setId(idPrefix + "language-command");
    command.setEditable(false);
    command.setStyle("-fx-font-family: monospace;");
    HBox.setHgrow(command, Priority.ALWAYS);
    Button copy = new Button("Copy command");
    copy.setId(idPrefix + "language-copy");
    copy.setOnAction(
        e -> {
          ClipboardContent c = new ClipboardContent();
          c.putString(command.getText());
          javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
        });
    Button again = new Button("Check again");
    again.setId(idPrefix + "language-check-again");
    again.setOnAction(e -> vm.refresh());
    HBox commandRow = new HBox(8, command, copy, again);
    commandRow.setId(idPrefix + "language-command-row");
    commandRow.setAlignment(Pos.CENTER_LEFT);
    show(commandRow, state.isEqualTo(State.UNVERIFIED));

    Button act = new Button();
    act.setId(idPrefix + "language-reembed");
    act.getStyleClass().add(Styles.ACCENT);
    act.textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    (state.get() == State.DOWNLOADED ? "Re-embed with " : "Download ")
                        + vm.offer().displayName()
                        + (state.get() == State.DOWNLOADED ? "" : " and re-embed"),
                state));
    act.setOnAction(e -> vm.act());
    show(
        act,
        state
            .isEqualTo(State.DOWNLOADED)
            .or(state.isEqualTo(State.DOWNLOADABLE))
            .or(state.isEqualTo(State.FAILED))
            .or(state.isEqualTo(State.CANCELLED)));

    ProgressBar bar = new ProgressBar();
    bar.setId(idPrefix + "language-progress");
    bar.setMaxWidth(Double.MAX_VALUE);
    bar.progressProperty().bind(vm.progressProperty());
    Button cancel = new Button("Cancel");
    cancel.setId(idPrefix + "language-cancel");
    cancel.getStyleClass().add(Styles.DANGER);
    cancel.setOnAction(e -> vm.cancel());
    HBox running = new HBox(8, bar, cancel);
    running.setAlignment(Pos.CENTER_LEFT);
    HBox.setHgrow(bar, Priority.ALWAYS);
    show(running, state.isEqualTo(State.DOWNLOADING));

    getChildren().addAll(title, notice, status, commandRow, act, running);
    show(this, state.isNotEqualTo(State.HIDDEN));
  }

  private static void show(javafx.scene.Node node, BooleanBinding when) {
    node.visibleProperty().bind(when);
    node.managedProperty().bind(node.visibleProperty());
  }
}
