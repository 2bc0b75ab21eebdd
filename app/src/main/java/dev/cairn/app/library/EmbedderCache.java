package dev.cairn.app.library;

import dev.cairn.chat.embed.BundledModel;
import dev.cairn.chat.embed.EmbedResult;
import dev.cairn.chat.embed.Embedder;
import dev.cairn.chat.embed.EmbedderSpec;
import dev.cairn.chat.embed.Embedders;
import dev.cairn.chat.embed.EmbeddingException;
import dev.cairn.chat.embed.EmbeddingModelInfo;
import dev.cairn.chat.embed.ModelFiles;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The embedders of the service's collections, one per {@link EmbedderChoice}, opened on first use
 * and shared by every collection with the same choice. Each is handed out wrapped so that its
 * {@link EmbeddingModelInfo#modelId()} is the choice's {@linkplain EmbedderChoice#identity
 * identity} (model and runtime): that is what the index, the spool and {@code collection.json}
 * record and compare.
 *
 * <p>Thread-safe. Owns the embedders it opened; {@link #close()} closes them.
 */
final class EmbedderCache implements AutoCloseable {

  /** Opens the embedder of a choice (tests give deterministic ones). */
  @FunctionalInterface
  interface Opener {
    Embedder open(EmbedderChoice choice, URI defaultOllamaHost) throws EmbeddingException;
  }

  private final Map<EmbedderChoice, Embedder> open = new HashMap<>();
  private final Supplier<URI> ollamaHost;
  volatile Opener opener = EmbedderCache::openReal;
  private boolean closed;

  EmbedderCache(Supplier<URI> ollamaHost) {
    this.ollamaHost = ollamaHost;
  }

  /**
   * The embedder of {@code choice}, opening it on first use.
   *
   * @throws LibraryException MODEL_UNAVAILABLE naming the choice and what went wrong
   */
  synchronized Embedder get(EmbedderChoice choice) throws LibraryException {
    if (closed) {
      throw new LibraryException(LibraryException.Kind.IO, "the library service is closed");
    }
    Embedder e = open.get(choice);
    if (e == null) {
      Embedder raw;
      try {
        raw = opener.open(choice, ollamaHost.get());
      } catch (EmbeddingException | RuntimeException ex) {
        throw new LibraryException(
            LibraryException.Kind.MODEL_UNAVAILABLE,
            "cannot load the embedding model "
                + choice.spec()
                + " ("
                + choice.runtimeName()
                + "): "
                + Failures.message(ex),
            ex);
      }
      e = new Chosen(raw, choice);
      open.put(choice, e);
    }
    return e;
  }

  /** The real runtimes, as the choice says. */
  static Embedder openReal(EmbedderChoice choice, URI defaultOllamaHost) throws EmbeddingException {
    BundledModel bundled = BundledModel.ALL_MINILM_L6_V2;
    return switch (choice) {
      case EmbedderChoice.Onnx o when o.modelDir() == null ->
          Embedders.open(EmbedderSpec.ort(bundled));
      case EmbedderChoice.Onnx o ->
          Embedders.open(EmbedderSpec.ort(bundled), ModelFiles.folder(o.modelDir()));
      case EmbedderChoice.Gguf g when g.file() == null ->
          Embedders.open(EmbedderSpec.llamaCpp(bundled));
      case EmbedderChoice.Gguf g ->
          Embedders.open(EmbedderSpec.llamaCpp(bundled), ModelFiles.ggufFile(g.file()));
      case EmbedderChoice.Ollama ol ->
          Embedders.open(
              EmbedderSpec.ollama(ol.host() != null ? ol.host() : defaultOllamaHost, ol.model()));
    };
  }

  @Override
  public synchronized void close() {
    closed = true;
    open.values().forEach(Embedder::close);
    open.clear();
  }

  /** An embedder whose model id is its choice's identity (model and runtime). */
  static final class Chosen implements Embedder {
    private final Embedder delegate;
    private final EmbedderChoice choice;
    private final EmbeddingModelInfo info;

    Chosen(Embedder delegate, EmbedderChoice choice) {
      this.delegate = delegate;
      this.choice = choice;
      EmbeddingModelInfo i = delegate.info();
      this.info =
          new EmbeddingModelInfo(
              choice.identity(i.modelId()),
              i.displayName(),
              i.dimensions(),
              i.maxTokens(),
              i.pooling(),
              i.runtime());
    }

    EmbedderChoice choice() {
      return choice;
    }

    @Override
    public EmbeddingModelInfo info() {
      return info;
    }

    @Override
    public EmbedResult embedWithReport(List<String> texts) throws EmbeddingException {
      return delegate.embedWithReport(texts);
    }

    @Override
    public int countTokens(String text) {
      return delegate.countTokens(text);
    }

    @Override
    public int lastTruncatedCount() {
      return delegate.lastTruncatedCount();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
