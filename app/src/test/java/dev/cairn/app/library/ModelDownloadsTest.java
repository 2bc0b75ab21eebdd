package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.chat.testing.RangeFileServer;
import dev.cairn.chat.testing.TinyLlamaGguf;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads a real, loadable GGUF (the tiny llama fixture) from a real HTTP server on loopback
 * through the library service, into a temporary Cairn home.
 */
class ModelDownloadsTest {
  @TempDir Path temp;
  private RangeFileServer server;
  private DefaultLibraryService service;

  @BeforeEach
  void start() throws Exception {
    Path fixture =
        TinyLlamaGguf.write(Files.createDirectories(temp.resolve("src")).resolve("tiny-chat.gguf"));
    server = RangeFileServer.serve(fixture);
    service = DefaultLibraryService.open(temp.resolve("home"), URI.create("http://127.0.0.1:1"));
  }

  @AfterEach
  void stop() {
    service.close();
    server.close();
  }

  private Path models() {
    return service.home().resolve("models");
  }

  private List<String> filesInModels() throws Exception {
    if (!Files.isDirectory(models())) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(models())) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aDownloadLandsInModelsIsCheckedAndIsThenListedAsAChatModel() throws Exception {
    assertThat(service.models().chatModels()).isEmpty();
    List<ModelDownloadProgress> progress = new CopyOnWriteArrayList<>();
    ModelDownloadTask task =
        service.downloadModel(TinyChatDownload.from(server, server.sha256()), progress::add);
    DownloadedModel done = task.await();

    assertThat(task.isDone()).isTrue();
    assertThat(done.file()).isEqualTo(models().resolve("tiny-chat.gguf"));
    assertThat(done.sha256()).isEqualTo(server.sha256());
    assertThat(Files.readAllBytes(done.file())).isEqualTo(server.content());
    assertThat(filesInModels()).containsExactly("tiny-chat.gguf");
    assertThat(progress).isNotEmpty();
    assertThat(progress.getLast().bytesDone()).isEqualTo(server.content().length);
    assertThat(progress.getLast().fraction()).isEqualTo(1.0);
    assertThat(progress).extracting(ModelDownloadProgress::bytesDone).isSorted();

    ModelsReport report = service.models();
    assertThat(report.chatModels())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.spec()).isEqualTo(done.spec());
              assertThat(m.origin()).isEqualTo(ModelsReport.Origin.GGUF_FILE);
              assertThat(m.detail()).startsWith("llama").doesNotContain("not usable");
            });
  }

  @Test
  void aWrongHashIsRefusedWithBothHashesAndLeavesNoFile() throws Exception {
    String wrong = "ab".repeat(32);
    ModelDownloadTask task = service.downloadModel(TinyChatDownload.from(server, wrong), p -> {});
    assertThatThrownBy(task::await)
        .isInstanceOfSatisfying(
            ModelDownloadException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ModelDownloadException.Reason.CHECKSUM_MISMATCH);
              assertThat(e.kind()).isEqualTo(LibraryException.Kind.CORRUPT);
            })
        .hasMessageContaining(wrong)
        .hasMessageContaining(server.sha256())
        .hasMessageContaining("deleted")
        .hasMessageContaining("try the download again");
    assertThat(filesInModels()).isEmpty();
    assertThat(service.models().chatModels()).isEmpty();
  }

  @Test
  void cancellingKeepsAResumablePartAndTheNextDownloadContinuesFromIt() throws Exception {
    ModelDownload model = TinyChatDownload.from(server, server.sha256());
    ModelDownloadTask[] first = new ModelDownloadTask[1];
    CountDownLatch started = new CountDownLatch(1);
    first[0] =
        service.downloadModel(
            model,
            p -> {
              try {
                started.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              first[0].cancel();
            });
    started.countDown();
    assertThatThrownBy(first[0]::await)
        .isInstanceOfSatisfying(
            ModelDownloadException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ModelDownloadException.Reason.CANCELLED);
              assertThat(e.kind()).isEqualTo(LibraryException.Kind.CANCELLED);
            })
        .hasMessageContaining("cancelled")
        .hasMessageContaining("continues");
    Path part = models().resolve("tiny-chat.gguf.part");
    assertThat(filesInModels()).containsExactly("tiny-chat.gguf.part");
    long kept = Files.size(part);
    assertThat(kept).isPositive().isLessThan(server.content().length);
    assertThat(service.models().chatModels()).as("a part is not a model").isEmpty();

    DownloadedModel done = service.downloadModel(model, p -> {}).await();
    assertThat(done.resumedFrom()).isEqualTo(kept);
    assertThat(server.ranges()).containsExactly("", "bytes=" + kept + "-");
    assertThat(Files.readAllBytes(done.file())).isEqualTo(server.content());
    assertThat(filesInModels()).containsExactly("tiny-chat.gguf");
  }

  @Test
  void closingTheServiceCancelsARunningDownloadAndKeepsItsPart() throws Exception {
    CountDownLatch reached = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    List<ModelDownloadException> failures = new CopyOnWriteArrayList<>();
    ModelDownloadTask task =
        service.downloadModel(
            TinyChatDownload.from(server, server.sha256()),
            new ModelDownloadListener() {
              @Override
              public void onProgress(ModelDownloadProgress p) {
                reached.countDown();
                try {
                  never.await(); // until close() interrupts the download thread
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }

              @Override
              public void onFailed(ModelDownloadException error) {
                failures.add(error);
              }
            });
    assertThat(reached.await(10, TimeUnit.SECONDS)).isTrue();
    service.close();
    assertThat(task.isDone()).isTrue();
    assertThatThrownBy(task::await)
        .isInstanceOfSatisfying(
            ModelDownloadException.class,
            e -> assertThat(e.reason()).isEqualTo(ModelDownloadException.Reason.CANCELLED));
    assertThat(failures)
        .singleElement()
        .extracting(ModelDownloadException::reason)
        .isEqualTo(ModelDownloadException.Reason.CANCELLED);
    assertThat(filesInModels()).containsExactly("tiny-chat.gguf.part");
    assertThatThrownBy(
            () -> service.downloadModel(TinyChatDownload.from(server, server.sha256()), p -> {}))
        .isInstanceOf(LibraryException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aModelAlreadyInModelsIsNotDownloadedAgain() throws Exception {
    service.downloadModel(TinyChatDownload.from(server, server.sha256()), p -> {}).await();
    assertThatThrownBy(
            () -> service.downloadModel(TinyChatDownload.from(server, server.sha256()), p -> {}))
        .isInstanceOfSatisfying(
            LibraryException.class,
            e -> assertThat(e.kind()).isEqualTo(LibraryException.Kind.ALREADY_EXISTS))
        .hasMessageContaining("already downloaded");
    assertThat(server.ranges()).hasSize(1);
  }

  @Test
  void anHttpErrorSaysWhatTheServerAnswered() throws Exception {
    ModelDownload missing =
        new ModelDownload(
            "Missing", "missing.gguf", server.missingUrl(), 0, server.sha256(), "test");
    assertThatThrownBy(() -> service.downloadModel(missing, p -> {}).await())
        .isInstanceOfSatisfying(
            ModelDownloadException.class,
            e -> assertThat(e.reason()).isEqualTo(ModelDownloadException.Reason.HTTP_STATUS))
        .hasMessageContaining("404");
    assertThat(filesInModels()).isEmpty();
  }

  @Test
  void theRecommendedDownloadsArePinnedAndNeedNoNetworkToList() {
    assertThat(service.recommendedDownloads())
        .isNotEmpty()
        .allSatisfy(
            d -> {
              assertThat(d.sha256()).matches("[0-9a-f]{64}");
              assertThat(d.sizeBytes()).isGreaterThan(100_000_000L);
              assertThat(d.url().getScheme()).isEqualTo("https");
            });
    assertThat(service.recommendedDownloads().getFirst().fileName())
        .isEqualTo(
            Path.of(service.models().recommendedDownload().spec().substring(5))
                .getFileName()
                .toString());
  }

  @Test
  void aBadDownloadDescriptionIsRefusedWhenBuilt() {
    assertThatThrownBy(
            () ->
                new ModelDownload(
                    "x", "../evil.gguf", URI.create("https://h/x.gguf"), 0, "a".repeat(64), ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("../evil.gguf");
    assertThatThrownBy(
            () ->
                new ModelDownload(
                    "x", "x.gguf", URI.create("file:///etc/passwd"), 0, "a".repeat(64), ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("file:///etc/passwd");
    assertThatThrownBy(
            () -> new ModelDownload("x", "x.gguf", URI.create("https://h/x.gguf"), 0, "abc", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("abc");
  }
}
