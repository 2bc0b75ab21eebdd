package dev.cairn.app.gui;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import dev.cairn.app.library.Settings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/** The Settings screen. Only binds to {@link SettingsViewModel}. */
final class SettingsView extends ScrollPane {

  // Held here: a bidirectional binding only keeps weak references to these adapters.
  private final javafx.beans.property.ObjectProperty<Integer> threadsValue;
  private final javafx.beans.property.ObjectProperty<Integer> cacheValue;

  SettingsView(SettingsViewModel vm, ConnectedAppsViewModel connectedApps) {
    threadsValue = vm.threadsProperty().asObject();
    cacheValue = vm.hotCacheProperty().asObject();
    setId("settings-view");
    setFitToWidth(true);

    GridPane form = new GridPane(16, 10);
    ColumnConstraints labels = new ColumnConstraints();
    labels.setMinWidth(190);
    ColumnConstraints fields = new ColumnConstraints();
    fields.setHgrow(Priority.ALWAYS);
    form.getColumnConstraints().addAll(labels, fields);
    int row = 0;

    form.add(section("Models"), 0, row++, 2, 1);
    form.addRow(row++, label("Embedding model"), value("embedding-model", vm.embeddingProperty()));
    form.addRow(row++, label("Runtimes"), value("runtimes", vm.runtimesProperty()));
    ComboBox<String> chat = new ComboBox<>(vm.chatModels());
    chat.setId("settings-chat-model");
    chat.setEditable(true);
    chat.setMaxWidth(Double.MAX_VALUE);
    chat.valueProperty().bindBidirectional(vm.chatModelProperty());
    chat.setPromptText("none — answers quote the best passages");
    form.addRow(row++, label("Chat model"), chat);
    TextField host = new TextField();
    host.setId("ollama-host");
    host.textProperty().bindBidirectional(vm.ollamaHostProperty());
    form.addRow(row++, label("Ollama host"), host);
    form.addRow(row++, new Label(), value("settings-ollama-status", vm.ollamaStatusProperty()));

    form.add(section("Performance"), 0, row++, 2, 1);
    form.addRow(row++, label("Compute"), value("compute", vm.computeProperty()));
    Spinner<Integer> threads = new Spinner<>(1, 256, 1);
    threads.setId("threads");
    threads.setEditable(true);
    threads.getValueFactory().valueProperty().bindBidirectional(threadsValue);
    form.addRow(row++, label("Threads"), threads);
    Spinner<Integer> cache = new Spinner<>(0, 65536, 64, 16);
    cache.setId("hot-cache");
    cache.setEditable(true);
    cache.getValueFactory().valueProperty().bindBidirectional(cacheValue);
    Label mb = new Label("MB of hub embeddings kept in the cache");
    mb.getStyleClass().add(Styles.TEXT_MUTED);
    HBox cacheRow = new HBox(8, cache, mb);
    cacheRow.setAlignment(Pos.CENTER_LEFT);
    form.addRow(row++, label("Hot-cache budget"), cacheRow);

    form.add(section("Appearance and data"), 0, row++, 2, 1);
    ComboBox<Settings.Theme> theme = new ComboBox<>();
    theme.getItems().setAll(Settings.Theme.values());
    theme.setId("theme");
    theme.valueProperty().bindBidirectional(vm.themeProperty());
    theme.setConverter(
        new StringConverter<>() {
          @Override
          public String toString(Settings.Theme t) {
            return t == null
                ? ""
                : switch (t) {
                  case SYSTEM -> "Same as the system";
                  case LIGHT -> "Light";
                  case DARK -> "Dark";
                };
          }

          @Override
          public Settings.Theme fromString(String s) {
            return null;
          }
        });
    TextField ocr = new TextField();
    ocr.setId("settings-ocr-languages");
    ocr.setPromptText("eng (default), or e.g. eng+deu");
    ocr.textProperty().bindBidirectional(vm.ocrLanguagesProperty());
    form.addRow(row++, label("OCR languages"), ocr);
    form.addRow(row++, new Label(), value("settings-ocr-status", vm.ocrStatusProperty()));
    form.addRow(row++, label("Theme"), theme);
    form.addRow(row++, label("Data location"), value("data-location", vm.dataLocationProperty()));

    Button save = new Button("Save settings");
    save.setId("save-settings");
    save.getStyleClass().add(Styles.ACCENT);
    save.setOnAction(e -> vm.save());
    HBox actions = new HBox(12, save, Ui.status("settings-status", vm.statusProperty()));
    actions.setAlignment(Pos.CENTER_LEFT);

    Message privacy = new Message("Your files stay on this computer", SettingsViewModel.PRIVACY);
    privacy.setId("privacy");
    privacy.getStyleClass().add(Styles.SUCCESS);

    VBox page =
        new VBox(
            16,
            Ui.title("Settings"),
            privacy,
            Ui.errorBanner("settings-error", vm.errorProperty()),
            form,
            actions,
            new ConnectedAppsView(connectedApps));
    page.setPadding(new Insets(16, 24, 24, 24));
    page.setMaxWidth(900);
    setContent(page);
  }

  private static Label section(String text) {
    Label l = new Label(text);
    l.getStyleClass().add(Styles.TITLE_4);
    l.setPadding(new Insets(8, 0, 0, 0));
    return l;
  }

  private static Label label(String text) {
    Label l = new Label(text);
    l.getStyleClass().add(Styles.TEXT_BOLD);
    return l;
  }

  private static Label value(String id, javafx.beans.value.ObservableStringValue text) {
    Label l = new Label();
    l.setId(id);
    l.setWrapText(true);
    l.textProperty().bind(text);
    return l;
  }
}
