package dev.cairn.app.library;

import dev.cairn.chat.embed.Embedder;
import dev.cairn.index.CairnIndex;
import dev.cairn.index.IndexSettings;
import dev.cairn.index.IndexStats;
import dev.cairn.ingest.StoreException;
import dev.cairn.ingest.StoreStats;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The read-only questions about a collection: its health figures, whether its index can answer for
 * every chunk, and a full validation. Nothing here builds, embeds, reconciles or takes the writer
 * lock; what is found wrong is named with the one command that fixes it. Stateless and thread-safe.
 */
final class CollectionChecks {
  private CollectionChecks() {}

  /** The command that repairs what is safe to repair in place. */
  static String repairCommand(String collection) {
    return Failures.repairCommand(collection);
  }

  /**
   * Why the collection's vector index does not answer for all of its chunks now, in one line with
   * the fix, or empty when it does. {@code index} is the open index or {@code null}.
   */
  static Optional<String> indexNotice(CollectionHandle h, CairnIndex index) {
    Optional<CollectionLock.Holder> holder = CollectionLock.holder(h.dir);
    if (holder.isPresent()) {
      CollectionLock.Holder w = holder.get();
      String who =
          w.pid() == ProcessHandle.current().pid() ? "" : " by another Cairn (pid " + w.pid() + ")";
      return Optional.of(
          "collection '"
              + h.name
              + "' is being "
              + w.activity().participle()
              + who
              + " — results cover what was committed before");
    }
    long storeChunks = h.store.chunkCount();
    if (h.hasUnfinishedBuild()) {
      return Optional.of(
          "an indexing run of collection '"
              + h.name
              + "' was interrupted before its index was complete — rebuild needed — run "
              + Failures.rebuildCommand(h.name));
    }
    if (!h.hasIndex()) {
      return storeChunks == 0
          ? Optional.empty()
          : Optional.of(
              "collection '"
                  + h.name
                  + "' has "
                  + storeChunks
                  + " chunks but no vector index — rebuild needed — run "
                  + Failures.rebuildCommand(h.name));
    }
    if (index != null && index.size() > storeChunks) {
      return Optional.of(
          "the vector index of collection '"
              + h.name
              + "' holds "
              + index.size()
              + " chunks, its documents "
              + storeChunks
              + " (an interrupted run, or copies merged by a store upgrade; searches leave the"
              + " extra ones out) — the next indexing run removes them, or run "
              + repairCommand(h.name));
    }
    if (index != null && index.size() != storeChunks) {
      return Optional.of(
          "the vector index of collection '"
              + h.name
              + "' holds "
              + index.size()
              + " of its "
              + storeChunks
              + " chunks (an interrupted run) — run "
              + repairCommand(h.name));
    }
    return Optional.empty();
  }

  /** Opens the embedding model of a collection (which may be missing or fail to load). */
  interface EmbedderLookup {
    Embedder open() throws LibraryException;
  }

  /**
   * Health figures with the collection's model when it loads, else {@link #healthWithoutModel}
   * naming why (a model that cannot be found or loaded is reported, not thrown).
   */
  static CollectionHealth health(CollectionHandle h, EmbedderLookup model, IndexSettings options)
      throws LibraryException {
    Embedder e;
    try {
      e = model.open();
    } catch (LibraryException ex) {
      if (ex.kind() != LibraryException.Kind.MODEL_UNAVAILABLE) {
        throw ex;
      }
      return healthWithoutModel(h, ex.getMessage());
    }
    return health(h, e, options);
  }

  /** Storage and health figures; opens the committed index if there is one, never builds it. */
  static CollectionHealth health(CollectionHandle h, Embedder embedder, IndexSettings options)
      throws LibraryException {
    StoreStats s = CollectionRegistry.storeStats(h);
    CollectionMeta m = h.meta();
    long indexBytes = 0;
    long flatBytes = 0;
    double hitRate = 0;
    long chunks = s.chunks();
    String model = m.embeddingModelId();
    int dims = m.dimensions();
    String notice = null;
    CairnIndex index = null;
    try {
      index = h.openIndex(embedder, options);
    } catch (LibraryException e) {
      notice = e.getMessage();
    }
    if (index != null) {
      IndexStats st;
      try {
        st = index.stats();
      } catch (IOException e) {
        throw Failures.index("cannot read the index of collection '" + h.name + "'", h.name, e);
      }
      indexBytes = st.totalBytes();
      flatBytes = st.flatEquivalentBytes();
      hitRate = st.cacheHitRate();
      chunks = st.size();
      if (model == null) {
        // collection.json lost the model (a crash before its first update): the index knows it.
        model = st.modelId();
        dims = st.dimensions();
      }
    }
    if (notice == null) {
      notice = indexNotice(h, index).orElse(null);
    }
    if (notice == null && m.pendingEmbedder() != null) {
      notice = reembedNotice(h);
    }
    return new CollectionHealth(
        h.name,
        indexBytes,
        flatBytes,
        flatBytes == 0 ? 0 : (double) indexBytes / flatBytes,
        s.databaseBytes(),
        chunks,
        s.files(),
        dims,
        model,
        hitRate,
        m.lastUpdatedInstant(),
        notice,
        m.embedder() == null ? EmbedderChoice.DEFAULT.spec() : m.embedder(),
        embedder.info().runtime(),
        m.pendingEmbedder(),
        languages(h, model));
  }

  /** Figures when the collection's embedding model cannot be loaded: the index is not opened. */
  static CollectionHealth healthWithoutModel(CollectionHandle h, String why)
      throws LibraryException {
    StoreStats s = CollectionRegistry.storeStats(h);
    CollectionMeta m = h.meta();
    return new CollectionHealth(
        h.name,
        0,
        0,
        0,
        s.databaseBytes(),
        s.chunks(),
        s.files(),
        m.dimensions(),
        m.embeddingModelId(),
        0,
        m.lastUpdatedInstant(),
        why,
        m.embedder() == null ? EmbedderChoice.DEFAULT.spec() : m.embedder(),
        null,
        m.pendingEmbedder(),
        languages(h, m.embeddingModelId()));
  }

  private static String reembedNotice(CollectionHandle h) {
    return "a re-embed to "
        + h.meta().pendingEmbedder()
        + " is unfinished — run `cairn reembed "
        + h.name
        + " --embedder "
        + h.meta().pendingEmbedder()
        + "` to finish it (searches use "
        + (h.meta().embedder() == null ? "onnx" : h.meta().embedder())
        + " until then)";
  }

  private static LanguageCoverage languages(CollectionHandle h, String model)
      throws LibraryException {
    try {
      return LanguageCoverage.of(h.store.chunksByLanguage(), model);
    } catch (StoreException e) {
      throw Failures.io("cannot read the languages of collection '" + h.name + "'", e);
    }
  }

  /**
   * Checks the document store, the index (file checksums and structure) and that both hold the same
   * chunks. Read-only.
   */
  static ValidationResult validate(CollectionHandle h, Embedder embedder, IndexSettings options) {
    List<String> problems = new ArrayList<>();
    Optional<CollectionLock.Holder> writer = CollectionLock.holder(h.dir);
    if (writer.isPresent()) {
      problems.add(indexNotice(h, null).orElseThrow() + "; validate again when it finishes");
      return new ValidationResult(false, problems);
    }
    checkDocumentStore(h, problems);
    long storeChunks = h.store.chunkCount();
    if (h.hasUnfinishedBuild()) {
      problems.add(indexNotice(h, null).orElseThrow());
    }
    if (!h.hasIndex()) {
      if (storeChunks > 0 && !h.hasUnfinishedBuild()) {
        problems.add(indexNotice(h, null).orElseThrow());
      }
      return new ValidationResult(problems.isEmpty(), problems);
    }
    CairnIndex index;
    try {
      index = h.openIndex(embedder, options);
    } catch (LibraryException e) {
      problems.add(e.getMessage());
      return new ValidationResult(false, problems);
    }
    try {
      for (String p : index.validate().problems()) {
        problems.add(
            "index of collection '"
                + h.name
                + "': "
                + p
                + " — rebuild needed — run "
                + Failures.rebuildCommand(h.name));
      }
    } catch (IOException e) {
      problems.add(Failures.index("cannot read the index", h.name, e).getMessage());
    }
    long[] storeIds = h.store.allChunkIds();
    long[] indexIds = index.chunkIds().clone();
    Arrays.sort(storeIds);
    Arrays.sort(indexIds);
    if (!Arrays.equals(storeIds, indexIds)) {
      problems.add(
          "the index of collection '"
              + h.name
              + "' holds "
              + indexIds.length
              + " chunks but the document store "
              + storeIds.length
              + tornDelta(h, index)
              + " — run "
              + repairCommand(h.name));
    }
    return new ValidationResult(problems.isEmpty(), problems);
  }

  /** Why the index may lack chunks when its delta file ends in a torn write, or "". */
  private static String tornDelta(CollectionHandle h, CairnIndex index) {
    long torn = index.deltaTornBytes();
    return torn == 0
        ? ""
        : " (the last "
            + torn
            + " bytes of "
            + h.indexDir().resolve("delta.log")
            + " are not a whole change: a write cut short or damage)";
  }

  /** The document store's own checks (SQLite integrity, full-text index against the chunks). */
  private static void checkDocumentStore(CollectionHandle h, List<String> problems) {
    try {
      var check = h.store.checkLexicalIndex();
      if (!check.ok()) {
        problems.add(check.problem() + " — run " + repairCommand(h.name));
      }
    } catch (StoreException e) {
      problems.add(
          "the document store "
              + h.store.file()
              + " cannot be checked ("
              + e.getMessage()
              + ") — run "
              + repairCommand(h.name));
    }
  }
}
