package dev.cairn.chat.prompt;

import dev.cairn.chat.generate.ChatRequest;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Builds the request that asks a chat model to answer a question only from numbered sources, citing
 * them as {@code [n]}, and to reply {@link #NO_ANSWER} when they do not contain the answer. The one
 * prompt Cairn sends; {@link CitationParser} reads the reply. Immutable and thread-safe; configure
 * with the {@code with*} methods.
 */
public final class CitedPromptBuilder {

  /** The exact sentence the model is told to use when the sources lack the answer. */
  public static final String NO_ANSWER = "The sources do not contain the answer.";

  /** Characters of each source's text put in the prompt (keeps 5 sources within 4k tokens). */
  public static final int DEFAULT_MAX_CHARS_PER_SOURCE = 1500;

  static final String SYSTEM =
      "You answer questions using only the numbered sources you are given. Cite the sources"
          + " that support each sentence with their numbers in square brackets, like [1] or"
          + " [2][3]. Do not use outside knowledge. If the sources do not contain the answer,"
          + " reply exactly: \""
          + NO_ANSWER
          + "\" Be concise.";

  private final int maxCharsPerSource;
  private final int maxTokens;
  private final Duration timeout;
  private final double temperature;

  /** 1,500 characters per source, 768 tokens, a 5-minute timeout, greedy decoding. */
  public CitedPromptBuilder() {
    this(DEFAULT_MAX_CHARS_PER_SOURCE, 768, Duration.ofMinutes(5), 0);
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

  /** Longer passages are cut and marked with "…". */
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

  /** The wall-clock limit the built requests carry. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * A complete request: the system message, then one user message with the numbered sources and the
   * question.
   *
   * @throws IllegalArgumentException when the question is blank or source numbers repeat (the
   *     request's own checks apply to the limits)
   */
  public ChatRequest build(String question, List<SourcePassage> sources) {
    return ChatRequest.builder()
        .system(SYSTEM)
        .user(userMessage(question, sources))
        .maxTokens(maxTokens)
        .temperature(temperature)
        .timeout(timeout)
        .build();
  }

  /** The user message: "Sources:", each as {@code [n] title} and its text, then the question. */
  public String userMessage(String question, List<SourcePassage> sources) {
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(sources, "sources");
    if (question.isBlank()) {
      throw new IllegalArgumentException("the question is blank");
    }
    Set<Integer> seen = new HashSet<>();
    StringBuilder sb = new StringBuilder(sources.isEmpty() ? "There are no sources.\n\n" : "");
    if (!sources.isEmpty()) {
      sb.append("Sources:\n\n");
    }
    for (SourcePassage s : sources) {
      if (!seen.add(s.number())) {
        throw new IllegalArgumentException("source number " + s.number() + " is used twice");
      }
      sb.append('[').append(s.number()).append("] ").append(s.title().strip()).append('\n');
      sb.append(cut(s.text().strip())).append("\n\n");
    }
    sb.append("Question: ").append(question.strip()).append("\nAnswer:");
    return sb.toString();
  }

  private String cut(String text) {
    return text.length() <= maxCharsPerSource ? text : text.substring(0, maxCharsPerSource) + "…";
  }
}
