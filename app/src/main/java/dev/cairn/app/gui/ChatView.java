package dev.cairn.app.gui;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import dev.cairn.app.library.ModelDownload;
import dev.cairn.app.library.ModelsReport.ModelEntry;
import dev.cairn.app.library.Source;
import java.io.File;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/**
 * The Chat screen: conversation with streamed answers and clickable numbered citations, which open
 * the cited page or message in the preview on the right. Only binds to {@link ChatViewModel}.
 */
final class ChatView extends BorderPane {
  private static final Pattern CITATION = Pattern.compile("\\[(\\d{1,2})]");

  private final ChatViewModel vm;
  private final PreviewViewModel preview;
  private final VBox conversation = new VBox(12);
  private final ScrollPane scroll = new ScrollPane(conversation);
  private final TextArea input = new TextArea();

  ChatView(ChatViewModel vm, PreviewViewModel preview) {
    this.vm = vm;
    this.preview = preview;
    setId("chat-view");

    // Top: model picker.
    ComboBox<ModelEntry> picker = new ComboBox<>(vm.models());
    picker.setId("model-picker");
    picker.valueProperty().bindBidirectional(vm.modelProperty());
    picker.setPrefWidth(380);
    picker.setConverter(
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
    picker.setCellFactory(
        lv ->
            new ListCell<>() {
              @Override
              protected void updateItem(ModelEntry m, boolean empty) {
                super.updateItem(m, empty);
                setText(empty || m == null ? null : picker.getConverter().toString(m));
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
    HBox top = new HBox(8, modelLabel, picker, gguf, new HBox(), newChat);
    HBox.setHgrow(top.getChildren().get(3), Priority.ALWAYS);
    top.setAlignment(Pos.CENTER_LEFT);

    VBox header =
        new VBox(8, top, noModelPanel(), Ui.errorBanner("chat-error", vm.errorProperty()));
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
                  conversation.getChildren().clear();
                  if (vm.messages().isEmpty()) {
                    conversation.getChildren().add(empty);
                  }
                  for (ChatMessage m : vm.messages()) {
                    conversation.getChildren().add(bubble(m));
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
    ollama.textProperty().bind(vm.ollamaStatusProperty());
    Button pick = new Button("Choose a GGUF file…");
    pick.setId("panel-choose-gguf");
    pick.setOnAction(e -> chooseGguf());
    Button download = new Button();
    download.setId("download-recommended");
    download.getStyleClass().add(Styles.ACCENT);
    // model names hold underscores ("Q4_K_M"): not keyboard mnemonics
    download.setMnemonicParsing(false);
    download
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> {
                  ModelDownload d = vm.recommendedModelProperty().get();
                  return d == null
                      ? ""
                      : "Download "
                          + d.displayName()
                          + (d.sizeBytes() > 0 ? " (" + Formats.bytes(d.sizeBytes()) + ")" : "");
                },
                vm.recommendedModelProperty()));
    download.visibleProperty().bind(vm.recommendedModelProperty().isNotNull());
    download.managedProperty().bind(download.visibleProperty());
    download.disableProperty().bind(vm.downloadingProperty());
    download.setOnAction(e -> vm.downloadRecommended());
    Hyperlink page = new Hyperlink("Open the download page in the browser");
    page.setId("download-page");
    page.visibleProperty().bind(download.visibleProperty());
    page.managedProperty().bind(page.visibleProperty());
    page.setOnAction(e -> vm.openRecommendedPage());
    ProgressBar progress = new ProgressBar();
    progress.setId("download-progress");
    progress.setPrefWidth(320);
    progress.progressProperty().bind(vm.downloadProgressProperty());
    Button cancel = new Button("Cancel");
    cancel.setId("cancel-download");
    cancel.setOnAction(e -> vm.cancelDownload());
    HBox progressRow = new HBox(8, progress, cancel);
    progressRow.setAlignment(Pos.CENTER_LEFT);
    progressRow.visibleProperty().bind(vm.downloadingProperty());
    progressRow.managedProperty().bind(progressRow.visibleProperty());
    Label downloadHint = Ui.status("download-hint", vm.downloadStatusProperty());
    VBox box =
        new VBox(
            6, panel, ollama, new FlowPane(8, 4, pick, download, page), progressRow, downloadHint);
    box.setId("no-model-box");
    box.visibleProperty().bind(vm.noChatModelProperty());
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
    TextFlow flow = new TextFlow();
    flow.getStyleClass().add("answer-text");
    flow.setLineSpacing(2);
    FlowPane sources = new FlowPane(6, 4);
    sources.getStyleClass().add("answer-sources");
    Label detail = new Label();
    detail.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
    detail.setWrapText(true);
    detail.textProperty().bind(m.detailProperty());
    // The text is re-rendered as tokens arrive; the source links only when the sources change,
    // so a link stays the same node (and clickable) while the answer streams.
    m.textProperty()
        .addListener(
            (obs, old, now) -> {
              renderAnswer(flow, m);
              scrollToEnd();
            });
    m.sources()
        .addListener(
            (ListChangeListener<Source>)
                c -> {
                  renderSources(sources, m);
                  renderAnswer(flow, m);
                });
    renderAnswer(flow, m);
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

  /** Answer text as plain text with every valid {@code [n]} as a link to that source. */
  private void renderAnswer(TextFlow flow, ChatMessage m) {
    flow.getChildren().clear();
    String text = m.text();
    if (text.isEmpty() && m.state() == ChatMessage.State.STREAMING) {
      flow.getChildren().add(new Text("…"));
      return;
    }
    Matcher matcher = CITATION.matcher(text);
    int at = 0;
    while (matcher.find()) {
      int n = Integer.parseInt(matcher.group(1));
      Source source = m.source(n);
      if (source == null) {
        continue;
      }
      if (matcher.start() > at) {
        flow.getChildren().add(new Text(text.substring(at, matcher.start())));
      }
      flow.getChildren().add(citation(source, "[" + n + "]"));
      at = matcher.end();
    }
    if (at < text.length()) {
      flow.getChildren().add(new Text(text.substring(at)));
    }
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
      vm.useGguf(file.toPath());
    }
  }

  /** Puts the keyboard focus in the question box. */
  void focusInput() {
    input.requestFocus();
  }
}
