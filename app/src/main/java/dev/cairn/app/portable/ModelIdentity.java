package dev.cairn.app.portable;

import dev.cairn.chat.embed.Embedder;
import dev.cairn.chat.embed.Embedders;
import dev.cairn.chat.embed.EmbeddingException;

/** The embedding model identity this Cairn indexes with (what imports are checked against). */
public final class ModelIdentity {
  private ModelIdentity() {}

  /**
   * Opens the default embedder briefly and returns its model id. Slow (loads the model): call it
   * from a background thread.
   *
   * @throws PortableException IO when the bundled model cannot be loaded
   */
  public static String current() throws PortableException {
    try (Embedder e = Embedders.openDefault()) {
      return e.info().modelId();
    } catch (EmbeddingException e) {
      throw new PortableException(
          PortableException.Kind.IO, "cannot load the embedding model: " + e.getMessage(), e);
    }
  }
}
