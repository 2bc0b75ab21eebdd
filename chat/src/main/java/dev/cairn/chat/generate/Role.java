package dev.cairn.chat.generate;

/** Who wrote a chat message. */
public enum Role {
  SYSTEM,
  USER,
  ASSISTANT;

  /** The lower-case name chat templates and Ollama use ("system", "user", "assistant"). */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
