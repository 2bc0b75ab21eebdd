package dev.cairn.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.FixtureLibrary;
import dev.cairn.app.library.ModelsReport;
import dev.cairn.chat.prompt.AnswerSegment;
import dev.cairn.chat.testing.ScriptedChatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat screen's three view models without a window, on test fixtures (hashing embedder,
 * scripted chat model, notes written here): their states and what they show.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChatViewModelsTest {
  private static final TaskExecutor EXECUTOR = new CurrentThreadTaskExecutor();
  @TempDir Path temp;
  private final ScriptedChatModel model = new ScriptedChatModel("tiny", "");
  private DefaultLibraryService service;
  private ChatViewModel chat;

  @BeforeEach
  void open() throws Exception {
    service = FixtureLibrary.open(temp.resolve("home"), model);
    FixtureLibrary.indexNotes(service, temp);
    CollectionsModel collections = new CollectionsModel(service, EXECUTOR);
    collections.refresh();
    chat = new ChatViewModel(service, EXECUTOR, collections, new AwtDesktopApps());
  }

  @AfterEach
  void close() {
    service.close();
  }

  private ModelsReport.ModelEntry ollamaTiny() {
    return new ModelsReport.ModelEntry(
        "ollama:tiny", "tiny", ModelsReport.Origin.OLLAMA, 0, "scripted");
  }

  @Test
  void theConversationGoesFromIdleToAnsweringAndBackWithTheAnswerReadIntoSegments()
      throws Exception {
    ConversationViewModel conversation = chat.conversation();
    List<ConversationViewModel.State> states = new CopyOnWriteArrayList<>();
    conversation.stateProperty().addListener((o, was, now) -> states.add(now));
    chat.picker().modelProperty().set(ollamaTiny());
    model.reply("Add an aliases property [1].");

    conversation.questionProperty().set("How do I add an alias?");
    conversation.send();
    assertThat(
            TestLibrary.waitFor(
                Duration.ofSeconds(30),
                () -> conversation.stateProperty().get() == ConversationViewModel.State.IDLE))
        .isTrue();
    assertThat(states)
        .containsExactly(ConversationViewModel.State.ANSWERING, ConversationViewModel.State.IDLE);
    ChatMessage answer = conversation.messages().getLast();
    assertThat(answer.state()).isEqualTo(ChatMessage.State.DONE);
    assertThat(answer.text()).isEqualTo("Add an aliases property [1].");
    assertThat(answer.segments())
        .contains(new AnswerSegment.Citation("[1]", List.of(1)))
        .last()
        .isEqualTo(new AnswerSegment.Text("."));
    assertThat(answer.detailProperty().get()).isEqualTo("scripted tiny");
    assertThat(conversation.answeringProperty().get()).isFalse();
  }

  @Test
  void stopEndsTheAnswerKeepingWhatWasWritten() throws Exception {
    ConversationViewModel conversation = chat.conversation();
    chat.picker().modelProperty().set(ollamaTiny());
    model.reply("word ".repeat(300)).pause(Duration.ofMillis(20));
    conversation.questionProperty().set("How do I add an alias?");
    conversation.send();
    ChatMessage answer = conversation.messages().getLast();
    assertThat(TestLibrary.waitFor(Duration.ofSeconds(30), () -> !answer.text().isEmpty()))
        .isTrue();
    conversation.stop();
    assertThat(
            TestLibrary.waitFor(
                Duration.ofSeconds(30),
                () -> conversation.stateProperty().get() == ConversationViewModel.State.IDLE))
        .isTrue();
    assertThat(answer.state()).isEqualTo(ChatMessage.State.STOPPED);
    assertThat(answer.detailProperty().get()).isEqualTo("Stopped.");
    assertThat(answer.text()).startsWith("word");
  }

  @Test
  void aBlankQuestionSendsNothingAndAConversationCanBeCleared() throws Exception {
    ConversationViewModel conversation = chat.conversation();
    conversation.questionProperty().set("   ");
    conversation.send();
    assertThat(conversation.messages()).isEmpty();
    assertThat(conversation.stateProperty().get()).isEqualTo(ConversationViewModel.State.IDLE);
    conversation.questionProperty().set("How long do I bake the tart?");
    conversation.send(); // extractive: the picker's default is no chat model
    assertThat(
            TestLibrary.waitFor(
                Duration.ofSeconds(30),
                () -> conversation.stateProperty().get() == ConversationViewModel.State.IDLE))
        .isTrue();
    assertThat(conversation.messages()).hasSize(2);
    conversation.clear();
    assertThat(conversation.messages()).isEmpty();
  }

  @Test
  void thePickerLoadsTheModelsAndFallsBackToExtractiveWhenThereIsNone() {
    ModelPickerViewModel picker = chat.picker();
    assertThat(picker.stateProperty().get()).isEqualTo(ModelPickerViewModel.State.NOT_LOADED);
    assertThat(picker.modelsLoadedProperty().get()).isFalse();
    picker.loadModels();
    assertThat(picker.stateProperty().get()).isEqualTo(ModelPickerViewModel.State.LOADED);
    assertThat(picker.modelsLoadedProperty().get()).isTrue();
    assertThat(picker.noChatModelProperty().get()).isTrue();
    assertThat(picker.ollamaRunningProperty().get()).isFalse();
    assertThat(picker.modelProperty().get()).isEqualTo(ModelPickerViewModel.EXTRACTIVE);
    assertThat(picker.recommendedDownloadProperty().get()).isNotNull();
  }

  @Test
  void aPickedGgufFileIsSelectedAndSavedAsTheDefault() throws Exception {
    ModelPickerViewModel picker = chat.picker();
    picker.loadModels();
    Path gguf = Files.writeString(temp.resolve("mine.gguf"), "not really a model");
    picker.useGguf(gguf);
    String spec = "gguf:" + gguf.toAbsolutePath();
    assertThat(picker.modelProperty().get().spec()).isEqualTo(spec);
    assertThat(picker.noChatModelProperty().get()).isFalse();
    assertThat(service.settings().chatModel()).isEqualTo(spec);
    assertThat(picker.errorProperty().get()).isNull();
  }

  @Test
  void theDownloadStartsIdleAndSaysSoWhenThereIsNothingToDownload() {
    ModelDownloadViewModel download = chat.download();
    assertThat(download.stateProperty().get()).isEqualTo(ModelDownloadViewModel.State.IDLE);
    download.downloadRecommended(); // the picker has not loaded: no recommendation yet
    assertThat(download.stateProperty().get()).isEqualTo(ModelDownloadViewModel.State.IDLE);
    assertThat(download.statusProperty().get()).startsWith("Cairn knows no model to download");
    download.cancelDownload(); // nothing runs: no effect
    assertThat(download.stateProperty().get()).isEqualTo(ModelDownloadViewModel.State.IDLE);
    assertThat(download.downloadingProperty().get()).isFalse();
  }

  @Test
  void settingsRefuseAChatModelNoAnswerCouldUseAndKeepTheTextFormOfAGoodOne() {
    SettingsViewModel settings = new SettingsViewModel(service, EXECUTOR, theme -> {});
    settings.load();
    settings.chatModelProperty().set("mystery-model");
    settings.save();
    assertThat(settings.errorProperty().get())
        .contains("unknown chat model 'mystery-model'")
        .contains("ollama:NAME");
    assertThat(service.settings().chatModel()).isNull();
    settings.chatModelProperty().set("ollama:llama3.2");
    settings.save();
    assertThat(settings.errorProperty().get()).isNull();
    assertThat(service.settings().chatModel()).isEqualTo("ollama:llama3.2");
  }
}
