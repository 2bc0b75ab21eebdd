package dev.cairn.app.library;

import java.time.Instant;

/**
 * Storage and health figures of a collection.
 *
 * @param collection the collection
 * @param indexBytes bytes on disk of the vector index (graph, PQ codes, manifest, hot cache)
 * @param flatBytes bytes the same vectors would take stored flat as float32
 * @param storageRatio {@code indexBytes / flatBytes} (0 when empty)
 * @param documentStoreBytes bytes of the document store (texts, FTS)
 * @param chunks number of chunks in the index
 * @param files number of files known
 * @param dimensions embedding dimensions; 0 before the first indexing
 * @param embeddingModel id of the embedding model; {@code null} before the first indexing
 * @param cacheHitRate share of embedding look-ups served by the hot cache since it was opened
 * @param lastUpdated end of the last indexing run; {@code null} if never
 * @param indexNotice what is wrong with the index or what is happening to it, with the command that
 *     fixes it (for example "rebuild needed — run `cairn rebuild mail`"); {@code null} when the
 *     index is complete and nobody is writing the collection
 * @param embedder the collection's {@link EmbedderChoice} in its text form ({@code onnx}, {@code
 *     gguf:/path}, {@code ollama:NAME})
 * @param embeddingRuntime what computes its vectors and on which device, as the runtime reports it
 *     (e.g. {@code onnxruntime (CPU, 2 threads)}, {@code llama.cpp (CPU, 4 threads)}, {@code ollama
 *     http://127.0.0.1:11434}); {@code null} when the model could not be loaded
 * @param pendingEmbedder the choice an unfinished re-embed moves to; {@code null} when none
 * @param languages the languages of the chunks and whether the embedding model covers them
 */
public record CollectionHealth(
    String collection,
    long indexBytes,
    long flatBytes,
    double storageRatio,
    long documentStoreBytes,
    long chunks,
    long files,
    int dimensions,
    String embeddingModel,
    double cacheHitRate,
    Instant lastUpdated,
    String indexNotice,
    String embedder,
    String embeddingRuntime,
    String pendingEmbedder,
    LanguageCoverage languages) {

  /** Figures without the embedder's description (the default embedder) nor language figures. */
  public CollectionHealth(
      String collection,
      long indexBytes,
      long flatBytes,
      double storageRatio,
      long documentStoreBytes,
      long chunks,
      long files,
      int dimensions,
      String embeddingModel,
      double cacheHitRate,
      Instant lastUpdated,
      String indexNotice) {
    this(
        collection,
        indexBytes,
        flatBytes,
        storageRatio,
        documentStoreBytes,
        chunks,
        files,
        dimensions,
        embeddingModel,
        cacheHitRate,
        lastUpdated,
        indexNotice,
        "onnx",
        null,
        null,
        LanguageCoverage.EMPTY);
  }

  /** Figures of a collection whose index is complete and idle. */
  public CollectionHealth(
      String collection,
      long indexBytes,
      long flatBytes,
      double storageRatio,
      long documentStoreBytes,
      long chunks,
      long files,
      int dimensions,
      String embeddingModel,
      double cacheHitRate,
      Instant lastUpdated) {
    this(
        collection,
        indexBytes,
        flatBytes,
        storageRatio,
        documentStoreBytes,
        chunks,
        files,
        dimensions,
        embeddingModel,
        cacheHitRate,
        lastUpdated,
        null);
  }
}
