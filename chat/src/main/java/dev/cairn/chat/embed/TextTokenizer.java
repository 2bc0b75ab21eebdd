package dev.cairn.chat.embed;

/**
 * What the client-side embedders need of a tokenizer: counting pieces, and encoding with truncation
 * at a whole word so that a runtime which tokenizes text itself (llama.cpp, Ollama) sees exactly
 * the kept words ({@link WordPieceTokenizer.Encoding#keptText()}).
 *
 * <p>Implementations are immutable and thread-safe; {@link #close()} releases native memory where
 * there is any and is idempotent.
 */
public interface TextTokenizer extends AutoCloseable {

  /** Pieces of the whole text including the special tokens, without truncation. */
  int countTokens(String text);

  /** Tokenizes, truncating to {@code maxTokens} pieces (specials included) at a word boundary. */
  WordPieceTokenizer.Encoding encode(String text, int maxTokens);

  /** The id that pads a batch. */
  int padId();

  @Override
  default void close() {}

  /**
   * The tokenizer of a model's files: Cairn's own WordPiece for the bundled models, Hugging Face
   * tokenizers (through DJL) for a model folder that asks for it.
   */
  static TextTokenizer load(ModelFiles files) throws ModelFileException {
    return files.hfTokenizer()
        ? HfTokenizer.load(files.tokenizer())
        : WordPieceTokenizer.load(files.tokenizer());
  }
}
