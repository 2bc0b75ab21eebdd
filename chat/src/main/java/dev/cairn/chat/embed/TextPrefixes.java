package dev.cairn.chat.embed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;

/**
 * The instruction prefixes some embedding models were trained with: e5 models expect {@code "query:
 * "} before a search query and {@code "passage: "} before a text that is searched, and give weaker
 * vectors without them. A model folder names them in its {@code model.properties} ({@code
 * queryPrefix}, {@code passagePrefix}); {@link Embedders#open(EmbedderSpec, ModelFiles)} then wraps
 * the runtime's embedder in a {@link PrefixedEmbedder}. Immutable.
 *
 * @param query put before every query ({@link Embedder#embedQuery}); empty for none
 * @param passage put before every stored text ({@link Embedder#embed}); empty for none
 */
public record TextPrefixes(String query, String passage) {

  /** No prefixes (every bundled model). */
  public static final TextPrefixes NONE = new TextPrefixes("", "");

  /** {@code model.properties} key of the query prefix. */
  public static final String QUERY_KEY = "queryPrefix";

  /** {@code model.properties} key of the passage prefix. */
  public static final String PASSAGE_KEY = "passagePrefix";

  /** Longest prefix accepted: an instruction, not a text. */
  static final int MAX_LENGTH = 200;

  public TextPrefixes {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(passage, "passage");
    if (query.length() > MAX_LENGTH || passage.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "a text prefix is at most "
              + MAX_LENGTH
              + " characters, got "
              + query.length()
              + " (query) and "
              + passage.length()
              + " (passage)");
    }
  }

  /** Whether both prefixes are empty. */
  public boolean isNone() {
    return query.isEmpty() && passage.isEmpty();
  }

  /**
   * The prefixes a model folder's properties name (keys {@value #QUERY_KEY} and {@value
   * #PASSAGE_KEY}; a missing key is no prefix). Values are taken as written, trailing space
   * included ({@code queryPrefix=query:\u0020} in a properties file needs the space escaped or kept
   * before the line end).
   */
  public static TextPrefixes of(Properties p) {
    return new TextPrefixes(p.getProperty(QUERY_KEY, ""), p.getProperty(PASSAGE_KEY, ""));
  }

  /**
   * The prefixes of the model folder {@code dir}; {@link #NONE} when it has no {@code
   * model.properties}.
   *
   * @throws ModelFileException when the properties cannot be read or a prefix is too long
   */
  public static TextPrefixes ofFolder(Path dir) throws ModelFileException {
    Path file = dir.resolve(ModelFiles.PROPERTIES);
    if (!Files.isRegularFile(file)) {
      return NONE;
    }
    try {
      return of(ModelFiles.readProperties(file));
    } catch (IllegalArgumentException e) {
      throw new ModelFileException(file, "model properties " + file + ": " + e.getMessage(), e);
    }
  }
}
