package dev.cairn.chat.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.chat.testing.TinyLlamaGguf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generation through the real llama.cpp native code on a tiny random-weight GGUF. */
class LlamaCppChatModelTest {

  @TempDir static Path dir;
  private static ChatModel model;

  @BeforeAll
  static void open() throws Exception {
    Path gguf = TinyLlamaGguf.write(dir.resolve("tiny.gguf"));
    model = ChatModels.llamaCpp(gguf, DeviceOptions.cpu().withThreads(2).withContextSize(1024));
  }

  @AfterAll
  static void close() {
    if (model != null) {
      model.close();
    }
  }

  private static ChatRequest greedy(int maxTokens, String... stop) {
    return ChatRequest.builder()
        .system("You answer briefly.")
        .user("Say something.")
        .maxTokens(maxTokens)
        .temperature(0)
        .stop(stop)
        .timeout(Duration.ofSeconds(60))
        .build();
  }

  @Test
  void streamsTokensThatConcatenateToTheCompletionText() throws Exception {
    List<String> tokens = new CopyOnWriteArrayList<>();
    ChatStream s =
        model.stream(
            greedy(24),
            new TokenHandler() {
              @Override
              public void onToken(String token) {
                tokens.add(token);
              }

              @Override
              public void onComplete(ChatCompletion c) {}

              @Override
              public void onError(ChatException e) {}
            });
    ChatCompletion c = s.await(Duration.ofSeconds(60));
    System.out.println("tiny model said: " + c.text() + " / " + c.reason());
    assertThat(tokens).isNotEmpty();
    assertThat(String.join("", tokens)).isEqualTo(c.text());
    assertThat(c.tokens()).isBetween(1, 24);
    assertThat(c.reason()).isIn(FinishReason.LENGTH, FinishReason.END);
    assertThat(s.isDone()).isTrue();
    assertThat(model.device().description()).isEqualTo("CPU, 2 threads");
  }

  @Test
  void greedyGenerationIsDeterministicAndStopsBeforeTheStopString() throws Exception {
    ChatCompletion full = model.complete(greedy(40));
    ChatCompletion again = model.complete(greedy(40));
    assertThat(again.text()).isEqualTo(full.text());
    assertThat(full.text().length()).isGreaterThan(6);
    String stop = full.text().substring(full.text().length() / 2, full.text().length() / 2 + 2);
    int at = full.text().indexOf(stop);
    ChatCompletion stopped = model.complete(greedy(40, stop));
    assertThat(stopped.reason()).isEqualTo(FinishReason.STOP_STRING);
    assertThat(stopped.text()).isEqualTo(full.text().substring(0, at));
  }

  @Test
  void cancelMidStreamEndsWithCancelledAndFewTokens() throws Exception {
    List<String> tokens = new CopyOnWriteArrayList<>();
    ChatStream[] holder = new ChatStream[1];
    Object lock = new Object();
    ChatStream s;
    synchronized (lock) {
      s =
          model.stream(
              greedy(2000),
              new TokenHandler() {
                @Override
                public void onToken(String token) {
                  tokens.add(token);
                  if (tokens.size() == 3) {
                    synchronized (lock) {
                      holder[0].cancel();
                    }
                  }
                }

                @Override
                public void onComplete(ChatCompletion c) {}

                @Override
                public void onError(ChatException e) {}
              });
      holder[0] = s;
    }
    ChatCompletion c = s.await(Duration.ofSeconds(30));
    assertThat(c.reason()).isEqualTo(FinishReason.CANCELLED);
    assertThat(c.tokens()).isLessThan(50);
  }

  @Test
  void aTimeoutShorterThanTheAnswerEndsWithChatTimeoutException() {
    ChatRequest r =
        ChatRequest.builder()
            .user("Go on forever.")
            .maxTokens(30000)
            .temperature(0)
            .timeout(Duration.ofMillis(300))
            .build();
    assertThatThrownBy(() -> model.stream(r, TokenHandler.ignoring()).await(Duration.ofSeconds(30)))
        .isInstanceOf(ChatTimeoutException.class)
        .hasMessageContaining("PT0.3S");
  }

  @Test
  void thePromptIsBuiltWithTheModelsChatTemplate() throws Exception {
    String prompt = model.renderPrompt(greedy(5));
    assertThat(prompt)
        .isEqualTo(
            "<|im_start|>system\nYou answer briefly.<|im_end|>\n"
                + "<|im_start|>user\nSay something.<|im_end|>\n<|im_start|>assistant\n");
  }

  @Test
  void aMissingGgufIsATypedErrorNamingTheFile() {
    Path missing = dir.resolve("nope.gguf");
    assertThatThrownBy(() -> ChatModels.llamaCpp(missing, DeviceOptions.cpu()))
        .isInstanceOf(ChatModelFileException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void aTruncatedGgufIsATypedErrorNamingTheFile() throws Exception {
    Path good = TinyLlamaGguf.write(dir.resolve("whole.gguf"));
    Path cut = dir.resolve("cut.gguf");
    byte[] all = Files.readAllBytes(good);
    Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
    assertThatThrownBy(() -> ChatModels.llamaCpp(cut, DeviceOptions.cpu()))
        .isInstanceOf(ChatModelFileException.class)
        .hasMessageContaining(cut.toString())
        .hasMessageContaining("truncated");
  }

  @Test
  void anEmbeddingGgufIsRefusedAsAChatModel() throws Exception {
    Path bert =
        dev.cairn.chat.embed.ModelFiles.locate(dev.cairn.chat.embed.BundledModel.ALL_MINILM_L6_V2)
            .gguf();
    assertThatThrownBy(() -> ChatModels.llamaCpp(bert, DeviceOptions.cpu()))
        .isInstanceOf(ChatModelFileException.class)
        .hasMessageContaining("not a generative model");
  }
}
