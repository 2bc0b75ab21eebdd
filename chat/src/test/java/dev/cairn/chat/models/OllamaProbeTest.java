package dev.cairn.chat.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.chat.testing.OllamaProtocolServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OllamaProbeTest {

  @Test
  void findsARunningOllamaWithItsVersionAndModels() {
    try (OllamaProtocolServer server = OllamaProtocolServer.start()) {
      OllamaStatus s = OllamaProbe.probe(server.uri(), Duration.ofSeconds(15));
      assertThat(s.running()).as(s.problem()).isTrue();
      assertThat(s.version()).isEqualTo("0.12.0");
      assertThat(s.problem()).isEmpty();
      assertThat(s.models())
          .extracting(OllamaStatus.OllamaModel::name)
          .containsExactly(OllamaProtocolServer.EMBED_MODEL, OllamaProtocolServer.CHAT_MODEL);
      assertThat(s.models().get(0).looksLikeEmbeddingModel()).isTrue();
      assertThat(s.models().get(1).looksLikeEmbeddingModel()).isFalse();
      assertThat(s.models().get(1).family()).isEqualTo("llama");
    }
  }

  @Test
  void reportsAnOllamaThatIsNotRunning() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    URI host = URI.create("http://127.0.0.1:" + port);
    OllamaStatus s = OllamaProbe.probe(host, Duration.ofSeconds(1));
    assertThat(s.running()).isFalse();
    assertThat(s.models()).isEmpty();
    assertThat(s.problem()).contains(host.toString()).contains("/api/version");
  }

  @Test
  void reportsASlowOllamaWithinTheTimeout() {
    try (OllamaProtocolServer server =
        OllamaProtocolServer.start().setDelay(Duration.ofSeconds(10))) {
      long t0 = System.nanoTime();
      OllamaStatus s = OllamaProbe.probe(server.uri(), Duration.ofMillis(500));
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
      assertThat(s.running()).isFalse();
      assertThat(s.problem()).contains("did not answer");
    }
  }

  @Test
  void reportsAServerAnsweringGarbage() {
    try (OllamaProtocolServer server = OllamaProtocolServer.start().setGarbage(true)) {
      OllamaStatus s = OllamaProbe.probe(server.uri(), Duration.ofSeconds(5));
      assertThat(s.running()).isFalse();
      assertThat(s.problem()).contains(server.uri().toString());
    }
  }
}
