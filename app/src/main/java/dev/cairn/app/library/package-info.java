/**
 * The library service: collections, the indexing pipeline, search and cited answers. Plain Java (no
 * JavaFX); both the desktop window and the command line drive it through {@link
 * dev.cairn.app.library.LibraryService}, whose API carries no type of the ingest, index or chat
 * modules.
 *
 * <p>A few members are public for the evaluation harness in {@code dev.cairn.app.eval} only, and do
 * return engine types: {@code DefaultLibraryService.handle/startIndexing/embedder/indexOptions/
 * pipeline(HybridScoring)}, {@code CollectionHandle.store/openIndex/source}, {@code
 * SearchPipeline.retrieve} and its records (decision 0017). The layer rule {@code
 * ENGINE_HANDLES_STAY_IN_THE_LIBRARY} keeps the command line, the window, the servers and the
 * platform code from using the index, the document store or an embedder through them.
 */
package dev.cairn.app.library;
