package dev.cairn.app.library;

import dev.cairn.ingest.StoreException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Read-only facts of one open collection for the facade: its embedder status, the languages of its
 * documents and its files. Owns nothing; reads the collection's meta and document store only.
 */
final class CollectionReads {
  private CollectionReads() {}

  static EmbedderStatus embedder(CollectionHandle h, Path modelsDir) throws LibraryException {
    CollectionMeta m = h.meta();
    EmbedderChoice c = m.embedderChoice(modelsDir);
    return new EmbedderStatus(c.spec(), m.pendingEmbedder(), c.runtimeName());
  }

  static DocumentLanguages documentLanguages(CollectionHandle h, String collection)
      throws LibraryException {
    try {
      return new DocumentLanguages(h.store.documentsByLanguage(), h.meta().embeddingModelId());
    } catch (StoreException e) {
      throw Failures.io("cannot read the document languages of collection '" + collection + "'", e);
    }
  }

  static List<FileEntry> files(CollectionHandle h, String collection, Optional<FileState> state)
      throws LibraryException {
    Optional<dev.cairn.ingest.FileState> s =
        state.map(st -> dev.cairn.ingest.FileState.valueOf(st.name()));
    try {
      return h.store.files(s).stream().map(FileEntry::of).toList();
    } catch (StoreException e) {
      throw Failures.io("cannot list the files of collection '" + collection + "'", e);
    }
  }
}
