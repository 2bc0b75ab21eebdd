package dev.cairn.app.gui;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import dev.cairn.app.server.ClientConfig;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** The "Connected apps" section of the Settings screen. Only binds to its view model. */
final class ConnectedAppsView extends VBox {
  // Held here: a bidirectional binding only keeps weak references to this adapter.
  private final javafx.beans.property.ObjectProperty<Integer> portValue;

  ConnectedAppsView(ConnectedAppsViewModel vm) {
    super(10);
    setId("connected-apps");
    portValue = vm.portProperty().asObject();

    Label title = new Label("Connected apps");
    title.getStyleClass().add(Styles.TITLE_4);
    title.setPadding(new Insets(8, 0, 0, 0));
    Label intro =
        Ui.muted(
            "Assistants and editors that speak MCP (Claude Desktop, VS Code) can search the"
                + " collections you tick here — read-only, on this computer only. Nothing is"
                + " shared until you tick a collection.");
    intro.setWrapText(true);

    FlowPane boxes = new FlowPane(16, 6);
    boxes.setId("connected-apps-collections");
    Runnable fill =
        () -> {
          boxes.getChildren().clear();
          for (ConnectedAppsViewModel.Row row : vm.collections()) {
            CheckBox box = new CheckBox(row.name());
            box.setId("expose-" + row.name());
            box.selectedProperty().bindBidirectional(row.exposedProperty());
            boxes.getChildren().add(box);
          }
        };
    vm.collections()
        .addListener(
            (javafx.collections.ListChangeListener<ConnectedAppsViewModel.Row>) c -> fill.run());
    fill.run();

    ToggleSwitch on = new ToggleSwitch("Local server (HTTP on 127.0.0.1)");
    on.setId("connected-apps-server");
    on.selectedProperty().bindBidirectional(vm.serverOnProperty());
    Spinner<Integer> port = new Spinner<>(1024, 65535, 7436);
    port.setId("connected-apps-port");
    port.setEditable(true);
    port.getValueFactory().valueProperty().bindBidirectional(portValue);
    port.disableProperty().bind(vm.serverOnProperty());
    HBox serverRow = new HBox(12, on, new Label("Port"), port);
    serverRow.setAlignment(Pos.CENTER_LEFT);

    ComboBox<ClientConfig.Client> client = new ComboBox<>();
    client.setId("connected-apps-client");
    client.getItems().setAll(ClientConfig.Client.values());
    client.valueProperty().bindBidirectional(vm.clientProperty());
    client.setConverter(
        new StringConverter<>() {
          @Override
          public String toString(ClientConfig.Client c) {
            return c == null ? "" : c.label();
          }

          @Override
          public ClientConfig.Client fromString(String s) {
            return null;
          }
        });
    Button copy = new Button("Copy configuration");
    copy.setId("connected-apps-copy");
    copy.setOnAction(e -> vm.copySnippet());
    HBox clientRow = new HBox(12, client, copy);
    clientRow.setAlignment(Pos.CENTER_LEFT);
    TextArea snippet = new TextArea();
    snippet.setId("connected-apps-snippet");
    snippet.setEditable(false);
    snippet.setPrefRowCount(7);
    snippet.getStyleClass().add(Styles.TEXT_SMALL);
    snippet.textProperty().bind(vm.snippetProperty());

    Label recentTitle = new Label("Last requests");
    recentTitle.getStyleClass().add(Styles.TEXT_BOLD);
    Button refresh = new Button("Refresh");
    refresh.setId("connected-apps-refresh");
    refresh.getStyleClass().add(Styles.FLAT);
    refresh.setOnAction(e -> vm.refreshRequests());
    HBox recentRow = new HBox(12, recentTitle, refresh);
    recentRow.setAlignment(Pos.CENTER_LEFT);
    ListView<String> recent = new ListView<>(vm.requests());
    recent.setId("connected-apps-requests");
    recent.setPrefHeight(140);
    recent.setPlaceholder(Ui.muted("No requests yet."));

    getChildren()
        .addAll(
            title,
            intro,
            boxes,
            serverRow,
            Ui.status("connected-apps-status", vm.statusProperty()),
            Ui.errorBanner("connected-apps-error", vm.errorProperty()),
            clientRow,
            snippet,
            recentRow,
            recent);
  }

  /** Puts {@code text} on the system clipboard (called on the UI thread). */
  static void copyToClipboard(String text) {
    ClipboardContent content = new ClipboardContent();
    content.putString(text);
    Clipboard.getSystemClipboard().setContent(content);
  }
}
