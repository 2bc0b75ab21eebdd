package dev.cairn.ingest;

/**
 * The result of checking a document store's full-text index against its chunk text ({@link
 * DocumentStore#checkLexicalIndex()}).
 *
 * @param ok whether the full-text index matches the chunks exactly
 * @param problem what is wrong, in a sentence for the user; empty when {@code ok}
 */
public record LexicalCheck(boolean ok, String problem) {
  public LexicalCheck {
    problem = problem == null ? "" : problem;
  }

  static LexicalCheck sound() {
    return new LexicalCheck(true, "");
  }
}
