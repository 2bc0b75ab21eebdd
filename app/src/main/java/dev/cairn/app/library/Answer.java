package dev.cairn.app.library;

import java.util.List;

/**
 * A finished answer.
 *
 * @param text the full answer text, with {@code [n]} citations referring to {@code sources}
 * @param sources the numbered sources given to the model (or quoted, when extractive)
 * @param extractive whether the answer quotes the best passages instead of a chat model's text
 * @param answeredFromSources {@code false} when the answer says the sources do not contain the
 *     answer
 * @param modelDescription which model wrote it ("llama.cpp qwen2.5-0.5b.gguf", "ollama llama3.2",
 *     or "extractive (no chat model)")
 */
public record Answer(
    String text,
    List<Source> sources,
    boolean extractive,
    boolean answeredFromSources,
    String modelDescription) {
  public Answer {
    sources = List.copyOf(sources);
  }
}
