package dev.cairn.chat.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.chat.testing.RangeFileServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a real HTTP server on loopback that honours Range requests. */
class ModelDownloaderTest {

  @TempDir Path dir;
  private RangeFileServer server;
  private byte[] payload;
  private String sha;

  @BeforeEach
  void start() throws Exception {
    payload = new byte[3 * 1024 * 1024 + 123];
    new SplittableRandom(7).nextBytes(payload);
    server = RangeFileServer.serve("model.gguf", payload);
    sha = server.sha256();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void downloadsWithProgressAndVerifiesTheChecksum() throws Exception {
    Path target = dir.resolve("model.gguf");
    List<DownloadProgress> progress = new CopyOnWriteArrayList<>();
    DownloadResult r =
        new ModelDownloader()
            .download(
                new DownloadRequest(server.url(), target, Optional.of(sha), Duration.ofSeconds(5)),
                progress::add);
    assertThat(r.verified()).isTrue();
    assertThat(r.sha256()).isEqualTo(sha);
    assertThat(Files.readAllBytes(target)).isEqualTo(payload);
    assertThat(progress.size()).isGreaterThan(5);
    assertThat(progress.getLast().fraction()).isEqualTo(1.0);
    assertThat(Files.exists(dir.resolve("model.gguf.part"))).isFalse();
  }

  @Test
  void resumesAPartialDownloadWithARangeRequest() throws Exception {
    Path target = dir.resolve("model.gguf");
    int half = payload.length / 2;
    Files.write(dir.resolve("model.gguf.part"), java.util.Arrays.copyOf(payload, half));
    DownloadResult r =
        new ModelDownloader()
            .download(
                new DownloadRequest(server.url(), target, Optional.of(sha), Duration.ofSeconds(5)),
                p -> {});
    assertThat(server.ranges()).containsExactly("bytes=" + half + "-");
    assertThat(r.resumedFrom()).isEqualTo(half);
    assertThat(Files.readAllBytes(target)).isEqualTo(payload);
  }

  @Test
  void aChecksumMismatchDeletesThePartAndSaysBothHashes() throws Exception {
    Path target = dir.resolve("model.gguf");
    String wrong = "0".repeat(64);
    assertThatThrownBy(
            () ->
                new ModelDownloader()
                    .download(
                        new DownloadRequest(
                            server.url(), target, Optional.of(wrong), Duration.ofSeconds(5)),
                        p -> {}))
        .isInstanceOfSatisfying(
            DownloadException.class,
            e -> assertThat(e.reason()).isEqualTo(DownloadException.Reason.CHECKSUM_MISMATCH))
        .hasMessageContaining(sha)
        .hasMessageContaining(wrong);
    assertThat(Files.exists(target)).isFalse();
    assertThat(Files.exists(dir.resolve("model.gguf.part"))).isFalse();
  }

  @Test
  void anHttpErrorIsTyped() {
    assertThatThrownBy(
            () ->
                new ModelDownloader()
                    .download(
                        new DownloadRequest(
                            server.missingUrl(),
                            dir.resolve("x.gguf"),
                            Optional.empty(),
                            Duration.ofSeconds(5)),
                        p -> {}))
        .isInstanceOfSatisfying(
            DownloadException.class,
            e -> assertThat(e.reason()).isEqualTo(DownloadException.Reason.HTTP_STATUS))
        .hasMessageContaining("404");
  }

  @Test
  void cancelStopsTheDownloadAndKeepsThePartForResume() {
    ModelDownloader d = new ModelDownloader();
    Path target = dir.resolve("model.gguf");
    assertThatThrownBy(
            () ->
                d.download(
                    new DownloadRequest(
                        server.url(), target, Optional.of(sha), Duration.ofSeconds(5)),
                    p -> d.cancel()))
        .isInstanceOfSatisfying(
            DownloadException.class,
            e -> assertThat(e.reason()).isEqualTo(DownloadException.Reason.CANCELLED));
    assertThat(Files.exists(target)).isFalse();
    assertThat(Files.exists(dir.resolve("model.gguf.part"))).isTrue();
  }
}
