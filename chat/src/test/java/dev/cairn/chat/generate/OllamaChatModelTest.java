package dev.cairn.chat.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.chat.testing.OllamaProtocolServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The ollama4j streamed /api/chat path against a server speaking Ollama's NDJSON. */
class OllamaChatModelTest {

  private static ChatRequest request(String... stop) {
    return ChatRequest.builder()
        .system("Answer from the sources.")
        .user("What is the answer?")
        .temperature(0)
        .maxTokens(100)
        .stop(stop)
        .timeout(Duration.ofSeconds(10))
        .build();
  }

  @Test
  void streamsTheReplyTokenByTokenAndSendsTheConversation() throws Exception {
    List<String> tokens = new CopyOnWriteArrayList<>();
    AtomicReference<ChatCompletion> done = new AtomicReference<>();
    try (OllamaProtocolServer server = OllamaProtocolServer.start();
        ChatModel m = ChatModels.ollama(server.uri(), "tiny-chat", Duration.ofSeconds(5))) {
      ChatCompletion c =
          m.stream(
                  request(),
                  new TokenHandler() {
                    @Override
                    public void onToken(String token) {
                      tokens.add(token);
                    }

                    @Override
                    public void onComplete(ChatCompletion completion) {
                      done.set(completion);
                    }

                    @Override
                    public void onError(ChatException e) {}
                  })
              .await(Duration.ofSeconds(10));
      assertThat(c.text())
          .isEqualTo("The sources say the answer is 42 [1]. Nothing else is known [2].");
      assertThat(tokens).hasSizeGreaterThan(5);
      assertThat(String.join("", tokens)).isEqualTo(c.text());
      assertThat(c.reason()).isEqualTo(FinishReason.END);
      assertThat(done.get()).isEqualTo(c);
      var body = server.requests().getLast().body();
      assertThat(body.get("stream").asBoolean()).isTrue();
      assertThat(body.get("messages")).hasSize(2);
      assertThat(body.get("messages").get(0).get("role").asText()).isEqualTo("system");
      assertThat(m.describe()).contains("tiny-chat").contains(server.uri().toString());
    }
  }

  @Test
  void stopStringsEndTheAnswerBeforeTheStopString() throws Exception {
    try (OllamaProtocolServer server = OllamaProtocolServer.start();
        ChatModel m = ChatModels.ollama(server.uri(), "tiny-chat", Duration.ofSeconds(5))) {
      ChatCompletion c = m.complete(request("[1]"));
      assertThat(c.text()).isEqualTo("The sources say the answer is 42 ");
      assertThat(server.requests().getLast().body().at("/options/stop/0").asText())
          .isEqualTo("[1]");
    }
  }

  @Test
  void cancelMidStreamEndsWithCancelledQuickly() throws Exception {
    try (OllamaProtocolServer server =
            OllamaProtocolServer.start().setDelay(Duration.ofMillis(300));
        ChatModel m = ChatModels.ollama(server.uri(), "tiny-chat", Duration.ofSeconds(5))) {
      List<String> tokens = new CopyOnWriteArrayList<>();
      ChatStream s = m.stream(request(), collecting(tokens));
      while (tokens.size() < 2) {
        Thread.sleep(10);
      }
      long t0 = System.nanoTime();
      s.cancel();
      ChatCompletion c = s.await(Duration.ofSeconds(5));
      assertThat(c.reason()).isEqualTo(FinishReason.CANCELLED);
      assertThat(c.text())
          .isNotEqualTo("The sources say the answer is 42 [1]. Nothing else is known [2].");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void aSlowServerEndsWithChatTimeoutExceptionWithinTheTimeout() {
    try (OllamaProtocolServer server =
            OllamaProtocolServer.start().setDelay(Duration.ofSeconds(10));
        ChatModel m = ChatModels.ollama(server.uri(), "tiny-chat", Duration.ofSeconds(5))) {
      ChatRequest r = ChatRequest.builder().user("hi").timeout(Duration.ofMillis(700)).build();
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> m.stream(r, TokenHandler.ignoring()).await(Duration.ofSeconds(5)))
          .isInstanceOf(ChatTimeoutException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void garbageFromTheServerIsAChatServerException() {
    try (OllamaProtocolServer server = OllamaProtocolServer.start().setGarbage(true);
        ChatModel m = ChatModels.ollama(server.uri(), "tiny-chat", Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> m.complete(request()))
          .isInstanceOf(ChatServerException.class)
          .hasMessageContaining(server.uri().toString());
    }
  }

  @Test
  void anUnknownModelIsAChatServerExceptionNamingIt() {
    try (OllamaProtocolServer server = OllamaProtocolServer.start();
        ChatModel m = ChatModels.ollama(server.uri(), "llama3.2", Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> m.complete(request()))
          .isInstanceOf(ChatServerException.class)
          .hasMessageContaining("llama3.2");
    }
  }

  private static TokenHandler collecting(List<String> tokens) {
    return new TokenHandler() {
      @Override
      public void onToken(String token) {
        tokens.add(token);
      }

      @Override
      public void onComplete(ChatCompletion completion) {}

      @Override
      public void onError(ChatException e) {}
    };
  }
}
