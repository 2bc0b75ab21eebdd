package dev.cairn.chat.prompt;

import dev.cairn.chat.generate.ChatMessage;
import dev.cairn.chat.generate.ChatRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Builds the messages that ask a model to answer a question only from numbered sources, citing them
 * as {@code [n]}, and to say {@link #NO_ANSWER} when they do not contain the answer. Immutable and
 * thread-safe; configure with the {@code with*} methods.
 */
public final class CitedPromptBuilder {

  /** The exact sentence the model is told to use when the sources lack the answer. */
  public static final String NO_ANSWER = "The sources do not contain the answer.";

  private static final String SYSTEM =
      "You answer questions using only the numbered sources the user gives you. "
          + "Cite every statement with the number of its source in square brackets, like [1] or "
          + "[2][3]. Do not use any knowledge that is not in the sources. If the sources do not "
          + "contain the answer, reply exactly: "
          + NO_ANSWER
          + " Be concise.";

  private final int maxCharsPerSource;
  private final int maxTokens;
  private final Duration timeout;
  private final double temperature;

  public CitedPromptBuilder() {
    this(2000, 512, Duration.ofSeconds(120), 0.1);
  }

  private CitedPromptBuilder(
      int maxCharsPerSource, int maxTokens, Duration timeout, double temperature) {
    if (maxCharsPerSource < 50) {
      throw new IllegalArgumentException(
          "maxCharsPerSource must be >= 50, got " + maxCharsPerSource);
    }
    this.maxCharsPerSource = maxCharsPerSource;
    this.maxTokens = maxTokens;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.temperature = temperature;
  }

  /** Longer passages are cut (at a word boundary) and marked with "…". */
  public CitedPromptBuilder withMaxCharsPerSource(int n) {
    return new CitedPromptBuilder(n, maxTokens, timeout, temperature);
  }

  public CitedPromptBuilder withMaxTokens(int n) {
    return new CitedPromptBuilder(maxCharsPerSource, n, timeout, temperature);
  }

  public CitedPromptBuilder withTimeout(Duration t) {
    return new CitedPromptBuilder(maxCharsPerSource, maxTokens, t, temperature);
  }

  public CitedPromptBuilder withTemperature(double t) {
    return new CitedPromptBuilder(maxCharsPerSource, maxTokens, timeout, t);
  }

  /**
   * The system and user messages.
   *
   * @throws IllegalArgumentException when the question is blank or source numbers repeat
   */
  public List<ChatMessage> messages(String question, List<SourcePassage> sources) {
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(sources, "sources");
    if (question.isBlank()) {
      throw new IllegalArgumentException("the question is blank");
    }
    Set<Integer> seen = new HashSet<>();
    StringBuilder user = new StringBuilder();
    if (sources.isEmpty()) {
      user.append("There are no sources.\n\n");
    } else {
      user.append("Sources:\n\n");
    }
    for (SourcePassage s : sources) {
      if (!seen.add(s.number())) {
        throw new IllegalArgumentException("source number " + s.number() + " is used twice");
      }
      user.append('[').append(s.number()).append(']');
      if (!s.title().isBlank()) {
        user.append(' ').append(s.title().strip());
      }
      user.append('\n').append(cut(s.text().strip())).append("\n\n");
    }
    user.append("Question: ").append(question.strip()).append('\n');
    user.append("Answer using only the sources above, with [n] citations.");
    List<ChatMessage> out = new ArrayList<>();
    out.add(ChatMessage.system(SYSTEM));
    out.add(ChatMessage.user(user.toString()));
    return out;
  }

  /** A complete request (messages plus this builder's limits). */
  public ChatRequest build(String question, List<SourcePassage> sources) {
    return ChatRequest.builder()
        .messages(messages(question, sources))
        .maxTokens(maxTokens)
        .temperature(temperature)
        .timeout(timeout)
        .build();
  }

  private String cut(String text) {
    if (text.length() <= maxCharsPerSource) {
      return text;
    }
    int end = text.lastIndexOf(' ', maxCharsPerSource);
    if (end < maxCharsPerSource / 2) {
      end = maxCharsPerSource;
    }
    return text.substring(0, end) + " …";
  }
}
