package dev.cairn.chat.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.chat.testing.OllamaProtocolServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ollama4j /api/embed path against a server speaking Ollama's real wire format. */
class OllamaEmbedderTest {

  private static Embedder local;

  @BeforeAll
  static void openLocal() throws Exception {
    local = Embedders.openDefault();
  }

  @AfterAll
  static void closeLocal() {
    local.close();
  }

  private static EmbedderSpec spec(URI host) {
    return EmbedderSpec.ollama(host, "all-minilm")
        .withTimeout(Duration.ofSeconds(10))
        .withRetries(0);
  }

  @Test
  void embedsInBatchedRequestsAndMatchesTheLocalModel() throws Exception {
    List<String> texts = List.of("first text", "a second, longer text about proteins", "", "x");
    try (OllamaProtocolServer server = OllamaProtocolServer.start().setEmbedder(local);
        Embedder e = Embedders.open(spec(server.uri()).withBatchSize(32))) {
      assertThat(e.info().modelId()).isEqualTo("ollama:all-minilm");
      assertThat(e.info().dimensions()).isEqualTo(384);
      List<float[]> remote = e.embed(texts);
      List<float[]> direct = local.embed(texts);
      for (int i = 0; i < texts.size(); i++) {
        assertThat(Embedders.cosine(remote.get(i), direct.get(i))).isGreaterThan(0.99999);
      }
      long embedCalls =
          server.requests().stream().filter(r -> r.path().equals("/api/embed")).count();
      assertThat(embedCalls).isEqualTo(2); // the dimension probe, then one batch of four
      assertThat(server.requests().getLast().body().get("input")).hasSize(4);
    }
  }

  @Test
  void aServerThatIsDownIsATypedErrorWithinTheTimeout() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    URI down = URI.create("http://127.0.0.1:" + port);
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> Embedders.open(spec(down)))
        .isInstanceOf(EmbeddingServerException.class)
        .hasMessageContaining(down.toString());
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(6));
  }

  @Test
  void aSlowServerTimesOutWithinTheTimeout() {
    try (OllamaProtocolServer server =
        OllamaProtocolServer.start().setEmbedder(local).setDelay(Duration.ofSeconds(10))) {
      long t0 = System.nanoTime();
      assertThatThrownBy(
              () -> Embedders.open(spec(server.uri()).withTimeout(Duration.ofMillis(800))))
          .isInstanceOfSatisfying(
              EmbeddingServerException.class, e -> assertThat(e.timedOut()).isTrue());
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void aFailedRequestIsRetriedAndThenSucceeds() throws Exception {
    try (OllamaProtocolServer server = OllamaProtocolServer.start().setEmbedder(local);
        Embedder e = Embedders.open(spec(server.uri()).withRetries(1))) {
      server.failNext(1);
      assertThat(e.embed(List.of("retry me"))).hasSize(1);
      long embedCalls =
          server.requests().stream().filter(r -> r.path().equals("/api/embed")).count();
      assertThat(embedCalls).isEqualTo(3); // probe, failed attempt, retry
    }
  }

  @Test
  void aServerErrorWithoutRetriesIsATypedErrorWithTheServersMessage() throws Exception {
    try (OllamaProtocolServer server = OllamaProtocolServer.start().setEmbedder(local);
        Embedder e = Embedders.open(spec(server.uri()))) {
      server.failNext(1);
      assertThatThrownBy(() -> e.embed(List.of("x")))
          .isInstanceOf(EmbeddingServerException.class)
          .hasMessageContaining("unexpectedly stopped");
    }
  }

  @Test
  void garbageFromTheServerIsATypedError() {
    try (OllamaProtocolServer server = OllamaProtocolServer.start().setGarbage(true)) {
      assertThatThrownBy(() -> Embedders.open(spec(server.uri())))
          .isInstanceOf(EmbeddingServerException.class)
          .hasMessageContaining(server.uri().toString());
    }
  }

  @Test
  void anUnknownModelIsATypedErrorNamingTheModel() {
    try (OllamaProtocolServer server = OllamaProtocolServer.start().setEmbedder(local)) {
      assertThatThrownBy(
              () ->
                  Embedders.open(
                      EmbedderSpec.ollama(server.uri(), "nomic-embed-text").withRetries(0)))
          .isInstanceOf(EmbeddingServerException.class)
          .hasMessageContaining("nomic-embed-text");
    }
  }
}
