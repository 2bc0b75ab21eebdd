package dev.cairn.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.ModelDownload;
import dev.cairn.app.library.ModelDownloadProgress;
import dev.cairn.app.library.ModelsReport;
import dev.cairn.app.library.TinyChatDownload;
import dev.cairn.chat.testing.RangeFileServer;
import dev.cairn.chat.testing.TinyLlamaGguf;
import java.net.URI;
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
 * The chat screen's model download without a window: a real library service over a temporary home,
 * a real HTTP server on loopback serving the tiny llama GGUF, and the {@link
 * CurrentThreadTaskExecutor}. The service runs the download on its own thread, so the tests wait
 * for {@code downloading} to turn false.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChatDownloadViewModelTest {
  private static final TaskExecutor EXECUTOR = new CurrentThreadTaskExecutor();
  @TempDir Path temp;
  private RangeFileServer server;
  private DefaultLibraryService service;
  private ChatViewModel chat;
  private final List<Boolean> downloading = new CopyOnWriteArrayList<>();
  private final List<String> statuses = new CopyOnWriteArrayList<>();
  private final List<Double> progress = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    Path fixture =
        TinyLlamaGguf.write(Files.createDirectories(temp.resolve("src")).resolve("tiny-chat.gguf"));
    server = RangeFileServer.serve(fixture);
    service = DefaultLibraryService.open(temp.resolve("home"), URI.create("http://127.0.0.1:1"));
    chat =
        new ChatViewModel(
            service, EXECUTOR, new CollectionsModel(service, EXECUTOR), new AwtDesktopApps());
    chat.download().downloadingProperty().addListener((o, was, now) -> downloading.add(now));
    chat.download().statusProperty().addListener((o, was, now) -> statuses.add(now));
    chat.download()
        .progressProperty()
        .addListener((o, was, now) -> progress.add(now.doubleValue()));
  }

  @AfterEach
  void stop() {
    service.close();
    server.close();
  }

  private static void downloadAndWait(ChatViewModel vm, ModelDownload d)
      throws InterruptedException {
    vm.download().download(d);
    assertThat(vm.download().downloadingProperty().get()).isTrue();
    assertThat(
            TestLibrary.waitFor(
                Duration.ofSeconds(20), () -> !vm.download().downloadingProperty().get()))
        .as("the download ended; status: %s", vm.download().statusProperty().get())
        .isTrue();
  }

  private String expectedSpec() {
    return "gguf:" + service.home().resolve("models").resolve("tiny-chat.gguf");
  }

  @Test
  void theRecommendedModelIsOfferedWithItsPinnedHashOnceTheModelsAreLoaded() {
    assertThat(chat.picker().recommendedDownloadProperty().get()).isNull();
    chat.picker().loadModels();
    assertThat(chat.picker().noChatModelProperty().get()).isTrue();
    ModelDownload offered = chat.picker().recommendedDownloadProperty().get();
    assertThat(offered).isEqualTo(service.recommendedDownloads().getFirst());
    assertThat(chat.picker().recommendedProperty().get().displayName())
        .isEqualTo(offered.displayName());
    assertThat(chat.download().downloadingProperty().get()).isFalse();
    assertThat(chat.download().statusProperty().get()).isEmpty();
  }

  @Test
  void aFinishedDownloadReportsProgressThenSelectsAndSavesTheNewModel() throws Exception {
    chat.picker().loadModels();
    assertThat(chat.picker().modelProperty().get()).isEqualTo(ModelPickerViewModel.EXTRACTIVE);

    downloadAndWait(chat, TinyChatDownload.from(server, server.sha256()));

    assertThat(downloading).containsExactly(true, false);
    assertThat(chat.download().stateProperty().get()).isEqualTo(ModelDownloadViewModel.State.DONE);
    assertThat(statuses.getFirst()).isEqualTo("Starting the download of Tiny chat…");
    assertThat(statuses.getLast()).isEqualTo("Downloaded — ready to chat with Tiny chat.");
    assertThat(progress).isSorted().contains(1.0);
    assertThat(progress).allMatch(p -> p >= 0 && p <= 1);
    assertThat(chat.download().progressProperty().get()).isEqualTo(1.0);
    assertThat(chat.download().downloadingProperty().get()).isFalse();

    assertThat(chat.picker().modelProperty().get().spec()).isEqualTo(expectedSpec());
    assertThat(chat.picker().modelProperty().get().origin())
        .isEqualTo(ModelsReport.Origin.GGUF_FILE);
    assertThat(chat.picker().models())
        .extracting(ModelsReport.ModelEntry::spec)
        .contains(expectedSpec());
    assertThat(chat.picker().noChatModelProperty().get()).isFalse();
    assertThat(service.settings().chatModel()).isEqualTo(expectedSpec());
    assertThat(chat.picker().errorProperty().get()).isNull();
  }

  @Test
  void cancellingStopsTheDownloadAndTheNextOneContinuesWhereItStopped() throws Exception {
    chat.picker().loadModels();
    chat.download()
        .progressProperty()
        .addListener(
            (o, was, now) -> {
              if (now.doubleValue() > 0 && now.doubleValue() < 1) {
                chat.download().cancelDownload();
              }
            });
    downloadAndWait(chat, TinyChatDownload.from(server, server.sha256()));

    assertThat(downloading).containsExactly(true, false);
    assertThat(chat.download().stateProperty().get())
        .isEqualTo(ModelDownloadViewModel.State.CANCELLED);
    assertThat(statuses).contains("Cancelling…");
    assertThat(statuses.getLast())
        .startsWith("Download of Tiny chat cancelled")
        .contains("continues");
    Path part = service.home().resolve("models").resolve("tiny-chat.gguf.part");
    assertThat(part).exists();
    long kept = Files.size(part);
    assertThat(chat.picker().modelProperty().get()).isEqualTo(ModelPickerViewModel.EXTRACTIVE);

    statuses.clear();
    chat.download().cancelDownload(); // nothing runs: no effect
    assertThat(statuses).isEmpty();
    ChatViewModel again =
        new ChatViewModel(
            service, EXECUTOR, new CollectionsModel(service, EXECUTOR), new AwtDesktopApps());
    List<String> againStatuses = new CopyOnWriteArrayList<>();
    again.download().statusProperty().addListener((o, was, now) -> againStatuses.add(now));
    downloadAndWait(again, TinyChatDownload.from(server, server.sha256()));
    assertThat(server.ranges()).containsExactly("", "bytes=" + kept + "-");
    assertThat(againStatuses.getLast()).startsWith("Downloaded — ready to chat");
    assertThat(again.picker().modelProperty().get().spec()).isEqualTo(expectedSpec());
  }

  @Test
  void aDamagedDownloadSaysSoWithTheNextStepAndSelectsNothing() throws Exception {
    chat.picker().loadModels();
    String wrong = "0".repeat(64);
    downloadAndWait(chat, TinyChatDownload.from(server, wrong));

    assertThat(downloading).containsExactly(true, false);
    assertThat(chat.download().stateProperty().get())
        .isEqualTo(ModelDownloadViewModel.State.FAILED);
    assertThat(chat.download().statusProperty().get())
        .contains("not the expected file")
        .contains(wrong)
        .contains(server.sha256())
        .contains("try the download again");
    assertThat(chat.download().progressProperty().get()).isZero();
    assertThat(chat.picker().modelProperty().get()).isEqualTo(ModelPickerViewModel.EXTRACTIVE);
    assertThat(Files.exists(service.home().resolve("models").resolve("tiny-chat.gguf"))).isFalse();
  }

  @Test
  void theStatusLineSaysHowFarTheDownloadIsAndWhenItIsBeingChecked() {
    ModelDownload qwen = service.recommendedDownloads().getFirst();
    long total = qwen.sizeBytes();
    assertThat(
            ModelDownloadViewModel.describeDownload(
                qwen, new ModelDownloadProgress(312L * 1024 * 1024, total, 0)))
        .isEqualTo(
            "Downloading "
                + qwen.displayName()
                + " — "
                + Formats.bytes(312L * 1024 * 1024)
                + " of "
                + Formats.bytes(total));
    assertThat(
            ModelDownloadViewModel.describeDownload(
                qwen, new ModelDownloadProgress(400L * 1024 * 1024, total, 300L * 1024 * 1024)))
        .endsWith("(continuing an earlier download)");
    assertThat(
            ModelDownloadViewModel.describeDownload(
                qwen, new ModelDownloadProgress(total - 1000, total, 0)))
        .isEqualTo("Checking " + qwen.displayName() + "…");
    assertThat(
            ModelDownloadViewModel.describeDownload(qwen, new ModelDownloadProgress(5000, -1, 0)))
        .doesNotContain(" of ");
  }
}
