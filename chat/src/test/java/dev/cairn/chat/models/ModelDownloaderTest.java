package dev.cairn.chat.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
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
  private HttpServer server;
  private byte[] payload;
  private String sha;
  private final List<String> ranges = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    payload = new byte[3 * 1024 * 1024 + 123];
    new SplittableRandom(7).nextBytes(payload);
    sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/model.gguf", this::serve);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void serve(HttpExchange ex) throws IOException {
    try (ex) {
      String range = ex.getRequestHeaders().getFirst("Range");
      ranges.add(range == null ? "" : range);
      int from = 0;
      if (range != null && range.startsWith("bytes=")) {
        from = Integer.parseInt(range.substring(6, range.indexOf('-')));
        if (from >= payload.length) {
          ex.sendResponseHeaders(416, -1);
          return;
        }
        ex.getResponseHeaders()
            .add(
                "Content-Range",
                "bytes " + from + "-" + (payload.length - 1) + "/" + payload.length);
        ex.sendResponseHeaders(206, payload.length - from);
      } else {
        ex.sendResponseHeaders(200, payload.length);
      }
      try (OutputStream out = ex.getResponseBody()) {
        out.write(payload, from, payload.length - from);
      }
    }
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  @Test
  void downloadsWithProgressAndVerifiesTheChecksum() throws Exception {
    Path target = dir.resolve("model.gguf");
    List<DownloadProgress> progress = new CopyOnWriteArrayList<>();
    DownloadResult r =
        new ModelDownloader()
            .download(
                new DownloadRequest(
                    url("/model.gguf"), target, Optional.of(sha), Duration.ofSeconds(5)),
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
                new DownloadRequest(
                    url("/model.gguf"), target, Optional.of(sha), Duration.ofSeconds(5)),
                p -> {});
    assertThat(ranges).containsExactly("bytes=" + half + "-");
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
                            url("/model.gguf"), target, Optional.of(wrong), Duration.ofSeconds(5)),
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
                            url("/missing.gguf"),
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
                        url("/model.gguf"), target, Optional.of(sha), Duration.ofSeconds(5)),
                    p -> d.cancel()))
        .isInstanceOfSatisfying(
            DownloadException.class,
            e -> assertThat(e.reason()).isEqualTo(DownloadException.Reason.CANCELLED));
    assertThat(Files.exists(target)).isFalse();
    assertThat(Files.exists(dir.resolve("model.gguf.part"))).isTrue();
  }
}
