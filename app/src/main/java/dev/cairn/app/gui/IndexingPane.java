package dev.cairn.app.gui;

import atlantafx.base.theme.Styles;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Library screen's running indexing task: the progress bar and its text, Pause or Resume (by
 * the {@link IndexingViewModel.State}) and Cancel; shown only while a run is busy. Only binds to
 * the {@link IndexingViewModel}.
 */
final class IndexingPane extends VBox {

  IndexingPane(IndexingViewModel vm) {
    super(4);
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
    pause.visibleProperty().bind(state.isEqualTo(IndexingViewModel.State.RUNNING));
    pause.managedProperty().bind(pause.visibleProperty());
    resume.visibleProperty().bind(state.isEqualTo(IndexingViewModel.State.PAUSED));
    resume.managedProperty().bind(resume.visibleProperty());
    HBox barRow = new HBox(8, bar, pause, resume, cancel);
    HBox.setHgrow(bar, Priority.ALWAYS);
    barRow.setAlignment(Pos.CENTER_LEFT);
    getChildren().addAll(barRow, progressText);
    setId("progress-box");
    visibleProperty().bind(vm.busyProperty());
    managedProperty().bind(visibleProperty());
  }
}
