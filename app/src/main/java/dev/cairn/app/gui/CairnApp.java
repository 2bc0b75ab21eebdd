package dev.cairn.app.gui;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

/** The Cairn desktop window. */
public final class CairnApp extends Application {

  @Override
  public void start(Stage stage) {
    Label welcome = new Label("Drop a folder here to index it.");
    welcome.setId("welcome");
    BorderPane root = new BorderPane(welcome);
    stage.setTitle("Cairn");
    stage.setScene(new Scene(root, 1100, 720));
    stage.show();
  }
}
