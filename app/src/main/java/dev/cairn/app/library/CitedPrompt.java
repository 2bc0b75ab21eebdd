package dev.cairn.app.library;

import dev.cairn.chat.generate.ChatRequest;
import java.time.Duration;
import java.util.List;

/** The prompt that asks a chat model to answer only from numbered sources, citing them as [n]. */
final class CitedPrompt {
  /** Characters of each source's text put in the prompt (keeps 5 sources within 4k tokens). */
  static final int MAX_SOURCE_CHARS = 1500;

  /** What the model is told to say when the sources do not hold the answer. */
  static final String NOT_IN_SOURCES = "The sources do not contain the answer.";

  static final String SYSTEM =
      "You answer questions using only the numbered sources you are given. Cite the sources"
          + " that support each sentence with their numbers in square brackets, like [1] or"
          + " [2][3]. Do not use outside knowledge. If the sources do not contain the answer,"
          + " reply exactly: \""
          + NOT_IN_SOURCES
          + "\" Be concise.";

  private CitedPrompt() {}

  static ChatRequest request(
      String question, List<Source> sources, int maxTokens, Duration timeout) {
    return ChatRequest.builder()
        .system(SYSTEM)
        .user(userMessage(question, sources))
        .maxTokens(maxTokens)
        .temperature(0)
        .timeout(timeout)
        .build();
  }

  static String userMessage(String question, List<Source> sources) {
    StringBuilder sb = new StringBuilder("Sources:\n\n");
    for (Source s : sources) {
      ResultItem it = s.item();
      sb.append('[').append(s.n()).append("] ");
      sb.append(
          it.title() == null || it.title().isBlank()
              ? it.path().getFileName()
              : it.title().strip());
      if (it.page() > 0) {
        sb.append(", page ").append(it.page());
      }
      sb.append('\n');
      String text = it.text().strip();
      if (text.length() > MAX_SOURCE_CHARS) {
        text = text.substring(0, MAX_SOURCE_CHARS) + "…";
      }
      sb.append(text).append("\n\n");
    }
    sb.append("Question: ").append(question.strip()).append("\nAnswer:");
    return sb.toString();
  }
}
