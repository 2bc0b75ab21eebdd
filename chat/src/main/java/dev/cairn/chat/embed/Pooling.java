package dev.cairn.chat.embed;

/** How token vectors become one text vector. */
public enum Pooling {
  /** Average of the token vectors over the attention mask (all-MiniLM-L6-v2). */
  MEAN,
  /** The vector of the leading [CLS] token (bge-small-en-v1.5). */
  CLS,
  /** Decided by the remote runtime (Ollama); not known to Cairn. */
  SERVER_DEFINED
}
