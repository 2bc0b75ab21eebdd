package dev.cairn.chat.embed;

/** The embedding call was cancelled by interrupting the calling thread. */
public class EmbeddingCancelledException extends EmbeddingException {
  private static final long serialVersionUID = 1L;

  public EmbeddingCancelledException(int done, int total) {
    super("embedding cancelled after " + done + " of " + total + " texts");
  }
}
