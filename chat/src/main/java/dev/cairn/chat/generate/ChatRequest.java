package dev.cairn.chat.generate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An immutable, validated generation request.
 *
 * @param messages the conversation: optional leading SYSTEM message, then USER/ASSISTANT turns
 *     ending with a USER message
 * @param maxTokens most tokens to generate ({@code 1..32768})
 * @param temperature sampling temperature; 0 means greedy (deterministic)
 * @param stop stop strings: generation ends before the first occurrence of any of them, which is
 *     not part of the answer
 * @param timeout wall-clock limit for the whole answer; exceeding it ends the stream with {@link
 *     ChatTimeoutException}
 * @param seed sampling seed (used when temperature &gt; 0)
 */
public record ChatRequest(
    List<ChatMessage> messages,
    int maxTokens,
    double temperature,
    List<String> stop,
    Duration timeout,
    int seed) {

  public ChatRequest {
    messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
    stop = List.copyOf(Objects.requireNonNull(stop, "stop"));
    Objects.requireNonNull(timeout, "timeout");
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a chat request needs at least one message");
    }
    if (messages.getLast().role() != Role.USER) {
      throw new IllegalArgumentException(
          "the last message must be from the USER, got " + messages.getLast().role());
    }
    for (int i = 1; i < messages.size(); i++) {
      if (messages.get(i).role() == Role.SYSTEM) {
        throw new IllegalArgumentException(
            "a SYSTEM message may only come first (index " + i + ")");
      }
    }
    if (maxTokens < 1 || maxTokens > 32768) {
      throw new IllegalArgumentException("maxTokens must be in 1..32768, got " + maxTokens);
    }
    if (!(temperature >= 0 && temperature <= 5)) {
      throw new IllegalArgumentException("temperature must be in 0..5, got " + temperature);
    }
    for (String s : stop) {
      if (s.isEmpty()) {
        throw new IllegalArgumentException("stop strings must not be empty");
      }
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
  }

  /** A builder with defaults: 512 tokens, temperature 0.2, no stop strings, 120 s, seed 42. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ChatRequest}; validation happens in {@link #build()}. */
  public static final class Builder {
    private final List<ChatMessage> messages = new ArrayList<>();
    private int maxTokens = 512;
    private double temperature = 0.2;
    private final List<String> stop = new ArrayList<>();
    private Duration timeout = Duration.ofSeconds(120);
    private int seed = 42;

    public Builder system(String content) {
      messages.add(ChatMessage.system(content));
      return this;
    }

    public Builder user(String content) {
      messages.add(ChatMessage.user(content));
      return this;
    }

    public Builder assistant(String content) {
      messages.add(ChatMessage.assistant(content));
      return this;
    }

    public Builder message(ChatMessage m) {
      messages.add(m);
      return this;
    }

    public Builder messages(List<ChatMessage> ms) {
      messages.addAll(ms);
      return this;
    }

    public Builder maxTokens(int n) {
      this.maxTokens = n;
      return this;
    }

    public Builder temperature(double t) {
      this.temperature = t;
      return this;
    }

    public Builder stop(String... s) {
      stop.addAll(List.of(s));
      return this;
    }

    public Builder timeout(Duration t) {
      this.timeout = t;
      return this;
    }

    public Builder seed(int s) {
      this.seed = s;
      return this;
    }

    public ChatRequest build() {
      return new ChatRequest(messages, maxTokens, temperature, stop, timeout, seed);
    }
  }
}
