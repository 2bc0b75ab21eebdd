package dev.cairn.app.library;

import dev.cairn.chat.embed.Embedder;
import dev.cairn.chat.embed.EmbeddingException;
import dev.cairn.index.EmbeddingSource;
import dev.cairn.ingest.DocumentStore;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The index's {@link EmbeddingSource} for one collection: reads chunk texts from the collection's
 * document store and embeds them with the service's embedder. Thread-safe as both are. Owns
 * neither: the collection closes the store, the service the embedder.
 */
final class StoreEmbeddingSource implements EmbeddingSource {
  private final DocumentStore store;
  private final Embedder embedder;
  private final AtomicLong embedded = new AtomicLong();

  StoreEmbeddingSource(DocumentStore store, Embedder embedder) {
    this.store = store;
    this.embedder = embedder;
  }

  @Override
  public int dimensions() {
    return embedder.info().dimensions();
  }

  @Override
  public String modelId() {
    return embedder.info().modelId();
  }

  @Override
  public float[][] embed(long[] chunkIds) throws IOException {
    List<String> texts = store.chunkTexts(chunkIds);
    if (texts.size() != chunkIds.length) {
      throw new IOException(
          "document store returned "
              + texts.size()
              + " texts for "
              + chunkIds.length
              + " chunk ids");
    }
    return embedTexts(texts);
  }

  /** Embeds texts with the collection's model, as {@link #embed} does for stored chunks. */
  float[][] embedTexts(List<String> texts) throws IOException {
    try {
      List<float[]> vectors = embedder.embed(texts);
      embedded.addAndGet(vectors.size());
      return vectors.toArray(new float[0][]);
    } catch (dev.cairn.chat.embed.EmbeddingCancelledException e) {
      InterruptedIOException io = new InterruptedIOException("embedding cancelled");
      io.initCause(e);
      throw io;
    } catch (EmbeddingException e) {
      throw new IOException("embedding failed: " + e.getMessage(), e);
    }
  }

  /** Texts embedded through this source so far. */
  long embeddedCount() {
    return embedded.get();
  }

  Embedder embedder() {
    return embedder;
  }
}
