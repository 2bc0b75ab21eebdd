package dev.cairn.app.gui;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import dev.cairn.app.library.ModelDownload;
import dev.cairn.app.library.ModelsReport.ModelEntry;
import dev.cairn.app.library.Source;
import java.io.File;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/**
 * The Chat screen: conversation with streamed answers and clickable numbered citations, which open
 * the cited page or message in the preview on the right. Only binds to the {@link ChatViewModel}'s
 * conversation, model picker and download view models.
 */
final class ChatView extends BorderPane {
  private final ConversationViewModel vm;
  private final ModelPickerViewModel picker;
  private final ModelDownloadViewModel download;
  private final PreviewViewModel preview;
  private final VBox conversation = new VBox(12);
  private final ScrollPane scroll = new ScrollPane(conversation);
  private final TextArea input = new TextArea();

  ChatView(ChatViewModel chat, PreviewViewModel preview) {
    this.vm = chat.conversation();
    this.picker = chat.picker();
    this.download = chat.download();
    this.preview = preview;
    setId("chat-view");

    // Top: model picker.
    ComboBox<ModelEntry> modelBox = new ComboBox<>(picker.models());
    modelBox.setId("model-picker");
    modelBox.valueProperty().bindBidirectional(picker.modelProperty());
    modelBox.setPrefWidth(380);
    modelBox.setConverter(
        new StringConverter<>() {
          @Override
          public String toString(ModelEntry m) {
            if (m == null) {
              return "";
            }
            String origin =
                switch (m.origin()) {
                  case GGUF_FILE -> "llama.cpp · ";
                  case OLLAMA -> "Ollama · ";
                  case DOWNLOAD -> "download · ";
                  case BUNDLED -> "";
                };
            return origin + m.displayName();
          }

          @Override
          public ModelEntry fromString(String s) {
            return null;
          }
        });
    modelBox.setCellFactory(
        lv ->
            new ListCell<>() {
              @Override
              protected void updateItem(ModelEntry m, boolean empty) {
                super.updateItem(m, empty);
                setText(empty || m == null ? null : modelBox.getConverter().toString(m));
              }
            });
    Button gguf = new Button("Choose GGUF file…");
    gguf.setId("choose-gguf");
    gguf.setOnAction(e -> chooseGguf());
    Button newChat = new Button("New conversation");
    newChat.setId("new-chat");
    newChat.getStyleClass().add(Styles.FLAT);
    newChat.setOnAction(e -> vm.clear());
    newChat.disableProperty().bind(vm.answeringProperty());
    Label modelLabel = new Label("Model");
    HBox top = new HBox(8, modelLabel, modelBox, gguf, new HBox(), newChat);
    HBox.setHgrow(top.getChildren().get(3), Priority.ALWAYS);
    top.setAlignment(Pos.CENTER_LEFT);

    VBox header =
        new VBox(
            8,
            top,
            noModelPanel(),
            Ui.errorBanner("model-error", picker.errorProperty()),
            Ui.errorBanner("chat-error", vm.errorProperty()));
    header.setPadding(new Insets(16, 16, 8, 16));
    setTop(header);

    // Conversation.
    conversation.setPadding(new Insets(8, 16, 8, 16));
    conversation.setFillWidth(true);
    scroll.setFitToWidth(true);
    scroll.setId("conversation");
    Label empty =
        Ui.muted(
            "Ask a question about your files. Answers cite their sources as [1], [2]… — click a"
                + " number to see the page or message it comes from.");
    empty.setPadding(new Insets(24));
    conversation.getChildren().add(empty);
    vm.messages()
        .addListener(
            (ListChangeListener<ChatMessage>)
                c -> {
                  // A new turn adds its bubble; anything else (a new conversation) rebuilds.
                  while (c.next()) {
                    if (c.wasAdded()
                        && !c.wasRemoved()
                        && c.getFrom() == vm.messages().size() - c.getAddedSize()) {
                      conversation.getChildren().remove(empty);
                      c.getAddedSubList().forEach(m -> conversation.getChildren().add(bubble(m)));
                    } else {
                      conversation.getChildren().clear();
                      if (vm.messages().isEmpty()) {
                        conversation.getChildren().add(empty);
                      }
                      vm.messages().forEach(m -> conversation.getChildren().add(bubble(m)));
                      break;
                    }
                  }
                  scrollToEnd();
                });

    // Input.
    input.setId("question");
    input.setPromptText("Ask about your files…  (Enter sends, Shift+Enter adds a line)");
    input.setPrefRowCount(2);
    input.setWrapText(true);
    input.textProperty().bindBidirectional(vm.questionProperty());
    input.setOnKeyPressed(
        e -> {
          if (e.getCode() == KeyCode.ENTER && !e.isShiftDown()) {
            e.consume();
            vm.send();
          }
        });
    HBox.setHgrow(input, Priority.ALWAYS);
    Button send = new Button("Send");
    send.setId("send");
    send.getStyleClass().add(Styles.ACCENT);
    send.setOnAction(e -> vm.send());
    send.disableProperty().bind(vm.answeringProperty());
    Button stop = new Button("Stop");
    stop.setId("stop");
    stop.getStyleClass().add(Styles.DANGER);
    stop.setOnAction(e -> vm.stop());
    stop.visibleProperty().bind(vm.answeringProperty());
    stop.managedProperty().bind(stop.visibleProperty());
    send.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    stop.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    VBox buttons = new VBox(6, send, stop);
    buttons.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    HBox inputRow = new HBox(8, input, buttons);
    inputRow.setPadding(new Insets(8, 16, 16, 16));

    BorderPane left = new BorderPane(scroll);
    left.setBottom(inputRow);
    PreviewPane previewPane = new PreviewPane(preview, "chat-");
    SplitPane split = new SplitPane(left, previewPane);
    split.setDividerPositions(0.58);
    setCenter(split);
  }

  private Node noModelPanel() {
    Message panel =
        new Message(
            "No chat model yet",
            "Answers quote the best passages from your files until you add a model.");
    panel.setId("no-model-panel");
    panel.getStyleClass().add(Styles.WARNING);
    Label ollama = new Label();
    ollama.setId("ollama-status");
    ollama.setWrapText(true);
    ollama.textProperty().bind(picker.ollamaStatusProperty());
    Button pick = new Button("Choose a GGUF file…");
    pick.setId("panel-choose-gguf");
    pick.setOnAction(e -> chooseGguf());
    Button downloadButton = new Button();
    downloadButton.setId("download-recommended");
    downloadButton.getStyleClass().add(Styles.ACCENT);
    // model names hold underscores ("Q4_K_M"): not keyboard mnemonics
    downloadButton.setMnemonicParsing(false);
    downloadButton
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> {
                  ModelDownload d = picker.recommendedDownloadProperty().get();
                  return d == null
                      ? ""
                      : "Download "
                          + d.displayName()
                          + (d.sizeBytes() > 0 ? " (" + Formats.bytes(d.sizeBytes()) + ")" : "");
                },
                picker.recommendedDownloadProperty()));
    downloadButton.visibleProperty().bind(picker.recommendedDownloadProperty().isNotNull());
    downloadButton.managedProperty().bind(downloadButton.visibleProperty());
    downloadButton.disableProperty().bind(download.downloadingProperty());
    downloadButton.setOnAction(e -> download.downloadRecommended());
    Hyperlink page = new Hyperlink("Open the download page in the browser");
    page.setId("download-page");
    page.visibleProperty().bind(downloadButton.visibleProperty());
    page.managedProperty().bind(page.visibleProperty());
    page.setOnAction(e -> download.openRecommendedPage());
    ProgressBar progress = new ProgressBar();
    progress.setId("download-progress");
    progress.setPrefWidth(320);
    progress.progressProperty().bind(download.progressProperty());
    Button cancel = new Button("Cancel");
    cancel.setId("cancel-download");
    cancel.setOnAction(e -> download.cancelDownload());
    HBox progressRow = new HBox(8, progress, cancel);
    progressRow.setAlignment(Pos.CENTER_LEFT);
    progressRow.visibleProperty().bind(download.downloadingProperty());
    progressRow.managedProperty().bind(progressRow.visibleProperty());
    Label downloadHint = Ui.status("download-hint", download.statusProperty());
    VBox box =
        new VBox(
            6,
            panel,
            ollama,
            new FlowPane(8, 4, pick, downloadButton, page),
            progressRow,
            downloadHint);
    box.setId("no-model-box");
    box.visibleProperty().bind(picker.noChatModelProperty());
    box.managedProperty().bind(box.visibleProperty());
    return box;
  }

  private Node bubble(ChatMessage m) {
    VBox bubble = new VBox(6);
    bubble
        .getStyleClass()
        .addAll("chat-bubble", m.role() == ChatMessage.Role.USER ? "user" : "assistant");
    bubble.setMaxWidth(Double.MAX_VALUE);
    if (m.role() == ChatMessage.Role.USER) {
      Label text = new Label(m.text());
      text.setWrapText(true);
      text.getStyleClass().add("user-text");
      bubble.getChildren().add(text);
      HBox row = new HBox(bubble);
      row.setAlignment(Pos.CENTER_RIGHT);
      return row;
    }
    AnswerTextFlow flow = new AnswerTextFlow(m, this::citation);
    FlowPane sources = new FlowPane(6, 4);
    sources.getStyleClass().add("answer-sources");
    Label detail = new Label();
    detail.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
    detail.setWrapText(true);
    detail.textProperty().bind(m.detailProperty());
    // The text grows in place as tokens arrive (AnswerTextFlow); the source links only change
    // with the sources, so a link stays the same node (and clickable) while the answer streams.
    m.textProperty().addListener((obs, old, now) -> scrollToEnd());
    m.sources().addListener((ListChangeListener<Source>) c -> renderSources(sources, m));
    renderSources(sources, m);
    m.stateProperty()
        .addListener(
            (obs, old, now) -> {
              if (now == ChatMessage.State.FAILED) {
                detail.getStyleClass().add(Styles.DANGER);
              }
            });
    bubble.getChildren().addAll(flow, sources, detail);
    return bubble;
  }

  private void renderSources(FlowPane pane, ChatMessage m) {
    pane.getChildren().clear();
    for (Source s : m.sources()) {
      Hyperlink link =
          citation(
              s,
              "["
                  + s.n()
                  + "] "
                  + PreviewViewModel.displayTitle(s.item())
                  + (s.item().page() > 0 ? ", p. " + s.item().page() : ""));
      link.getStyleClass().add(Styles.TEXT_SMALL);
      pane.getChildren().add(link);
    }
  }

  private Hyperlink citation(Source source, String label) {
    Hyperlink link = new Hyperlink(label);
    link.getStyleClass().add("citation");
    link.setUserData(source.n());
    link.setTooltip(new Tooltip(PreviewViewModel.location(source.item())));
    link.setOnAction(e -> preview.show(source.item()));
    return link;
  }

  private void scrollToEnd() {
    scroll.layout();
    scroll.setVvalue(1.0);
  }

  private void chooseGguf() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Choose a chat model (GGUF)");
    chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("GGUF models", "*.gguf"));
    File file = chooser.showOpenDialog(getScene().getWindow());
    if (file != null) {
      picker.useGguf(file.toPath());
    }
  }

  /** Puts the keyboard focus in the question box. */
  void focusInput() {
    input.requestFocus();
  }
}
