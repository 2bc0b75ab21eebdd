package dev.cairn.app.library;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Cairn's library: named collections of files under Cairn's home, their indexing pipeline
 * (ingestion → batched embedding → index), search and cited answers.
 *
 * <p><b>Ownership.</b> The service owns every open collection (document store, index), the
 * embedding model and any chat model it opened, and its executors ({@code cairn-index-N}, {@code
 * cairn-embed-N}, {@code cairn-answer-N}); {@link #close()} cancels running tasks and releases all
 * of them. The caller (window or command line) owns the service.
 *
 * <p><b>Threads.</b> Implementations are thread-safe. Methods returning a task start it in the
 * background and return at once; listeners are called on the service's threads. Other methods block
 * the calling thread (never call them on a UI thread): {@link #search} embeds the query and may
 * recompute embeddings, {@link #models()} may contact the Ollama host.
 *
 * <p>No type of the ingest, index or chat modules appears in this API.
 */
public interface LibraryService extends AutoCloseable {

  /** The default collection name used when none is given. */
  String DEFAULT_COLLECTION = "default";

  /** Cairn's home folder. */
  Path home();

  /** The collections under home, by name. */
  List<CollectionInfo> collections() throws LibraryException;

  /**
   * Creates an empty collection.
   *
   * @throws LibraryException ALREADY_EXISTS, or INVALID_REQUEST for a bad name
   */
  CollectionInfo createCollection(String name) throws LibraryException;

  /**
   * Creates an empty collection whose vectors will come from {@code embedder}, an {@link
   * EmbedderChoice} in its text form ({@code onnx}, {@code gguf:/path/model.gguf}, {@code
   * ollama:MODEL[@URL]}...).
   *
   * @throws LibraryException ALREADY_EXISTS, or INVALID_REQUEST for a bad name or embedder
   */
  CollectionInfo createCollection(String name, String embedder) throws LibraryException;

  /**
   * The embedder a collection's vectors come from, and the one an unfinished re-embed is moving it
   * to, in their text forms.
   *
   * @throws LibraryException NOT_FOUND
   */
  EmbedderStatus embedder(String collection) throws LibraryException;

  /**
   * The collection's documents per detected language and the id of its embedding model, from its
   * document store and recorded settings (read-only, loads no model).
   *
   * @throws LibraryException NOT_FOUND, IO when the document store cannot be read
   */
  DocumentLanguages documentLanguages(String collection) throws LibraryException;

  /**
   * Moves the collection to another embedding model or runtime, in the background: every stored
   * chunk is embedded with {@code embedder} into a durable spool (an interrupted re-embed resumes
   * at the next {@code reembed}, {@code rebuild} or {@code repair}), then a new index generation is
   * built from it and promoted in one step together with the collection's recorded choice. Until
   * then searches use the old index and the old model.
   *
   * @throws LibraryException NOT_FOUND, INVALID_REQUEST for a bad embedder, BUSY when another task
   *     or process is writing the collection
   */
  IndexingTask reembed(String collection, String embedder, IndexingListener listener)
      throws LibraryException;

  /**
   * Adds {@code paths} (files or folders) to the collection — creating it if missing — and indexes
   * them in the background: new and changed files are extracted, chunked, embedded and indexed,
   * unchanged ones skipped, deleted ones removed. Returns at once.
   *
   * @throws LibraryException INVALID_REQUEST when a path does not exist or the list is empty, BUSY
   *     ({@link CollectionBusyException}, at once) when the collection is being written by another
   *     task of this process or by another Cairn process
   */
  IndexingTask index(String collection, List<Path> paths, IndexingListener listener)
      throws LibraryException;

  /**
   * Re-creates the collection's vector index from its document store in the background (no file is
   * read again): every chunk is embedded into a durable spool, so an interrupted rebuild resumes
   * where it stopped, and the new index replaces the old one in one step at the end — until then
   * searches use the old one. Returns at once.
   *
   * @throws LibraryException NOT_FOUND, or BUSY ({@link CollectionBusyException}) when another task
   *     or process is writing the collection
   */
  IndexingTask rebuild(String collection, IndexingListener listener) throws LibraryException;

  /**
   * Repairs what {@link #validate} found that is safe to repair, in the background: a missing,
   * unfinished or damaged index is re-created from the document store (as {@link #rebuild}), an
   * index that lacks chunks or holds deleted ones is brought up to date.
   *
   * @throws LibraryException NOT_FOUND, or BUSY when another task or process is writing it
   */
  IndexingTask repair(String collection, IndexingListener listener) throws LibraryException;

  /** The files of a collection, optionally only those in {@code state}. */
  List<FileEntry> files(String collection, Optional<FileState> state) throws LibraryException;

  /**
   * The stored text of one file of a collection, in parts (pages, messages), from the document
   * store only: nothing outside the collection's known files can be read through it.
   *
   * @throws LibraryException NOT_FOUND for an unknown collection or a file the collection does not
   *     hold
   */
  DocumentText documentText(String collection, Path file) throws LibraryException;

  /**
   * The file the system should open for a result ({@code chunkId} of {@code file}): the file itself
   * for an ordinary document, a message's own {@code .emlx}, or, for a message inside an mbox, a
   * Maildir or a PST, that message alone as a {@code .eml} written to a private cache folder under
   * Cairn's home ({@code cache/messages}, owner-only). Blocks; call it off the UI thread.
   *
   * @throws LibraryException NOT_FOUND for an unknown collection or chunk, or a message no longer
   *     where it was indexed; IO when it cannot be read or written
   */
  Path fileToOpen(String collection, Path file, long chunkId) throws LibraryException;

  /** Searches a collection; blocks. */
  SearchResponse search(SearchRequest request) throws LibraryException;

  /**
   * As {@link #search(SearchRequest)}; {@code firstResults} (may be null) first receives an
   * unrefined result set on the calling thread — lexical hits and PQ-ordered vector candidates,
   * nothing recomputed — before the exact list is computed and returned.
   */
  SearchResponse search(
      SearchRequest request, java.util.function.Consumer<SearchResponse> firstResults)
      throws LibraryException;

  /**
   * Loads the embedding model and opens the collection's index (and embeds one query), so that the
   * first search is not a cold start. Blocks; idempotent; call it off the UI thread.
   */
  void warmUp(String collection) throws LibraryException;

  /**
   * Answers a question in the background: retrieves sources, then streams from the chosen chat
   * model, or quotes the best passages when no chat model is available (never an error for that).
   * Errors are delivered to {@link AnswerListener#onError}.
   */
  AnswerTask ask(AnswerRequest request, AnswerListener listener);

  /**
   * Storage and health figures of a collection, from its last committed state (read-only; never
   * builds an index).
   */
  CollectionHealth health(String collection) throws LibraryException;

  /**
   * Checks the collection's document store, index and cache against each other and their own
   * checksums. Read-only: it never builds, embeds or repairs (see {@link #repair}); each problem
   * names the one command that fixes it.
   */
  ValidationResult validate(String collection) throws LibraryException;

  /** The embedding and chat models available here, with the Ollama server's status. */
  ModelsReport models();

  /**
   * Chat models Cairn suggests downloading, best first, each with a pinned SHA-256. A fixed list:
   * nothing is fetched to build it.
   */
  List<ModelDownload> recommendedDownloads();

  /**
   * Downloads a chat model into {@code <home>/models} in the background, because the user asked for
   * it (Cairn never downloads on its own). The file grows as {@code <fileName>.part}; a part left
   * by a cancelled or broken download is resumed. The finished file is checked against {@link
   * ModelDownload#sha256()} — a mismatch deletes it and fails with reason CHECKSUM_MISMATCH, naming
   * both hashes — and renamed into place atomically, after which {@link #models()} lists it.
   * Returns at once; {@link ModelDownloadTask#cancel()} stops it. Any {@code http(s)} source can be
   * given, for example a local server in tests.
   *
   * @param listener progress, on the service's download thread
   * @throws LibraryException ALREADY_EXISTS when the file is already in {@code models/}, BUSY
   *     ({@link ModelDownloadException}) when the same file is being downloaded, IO when the
   *     service is closed
   */
  /**
   * Starts downloading an embedding model folder into {@code <home>/models/embeddings/<name>/},
   * each file checked against its pinned SHA-256 (progress, resume of a {@code .part} file with an
   * HTTP Range request, cancel — as {@link #downloadModel}); {@code model.properties} is written
   * last, after which the folder is the embedder choice {@code onnx:<name>}. Returns at once.
   *
   * @throws LibraryException ALREADY_EXISTS when it is downloaded already, BUSY when it is being
   *     downloaded
   */
  EmbeddingModelDownloadTask downloadEmbeddingModel(
      EmbeddingModelDownload model, ModelDownloadListener listener) throws LibraryException;

  ModelDownloadTask downloadModel(ModelDownload model, ModelDownloadListener listener)
      throws LibraryException;

  /**
   * Starts or stops watching the collection's folders for changes (persisted in settings). While
   * watched, changed, added and deleted files are re-indexed in the background a couple of seconds
   * after things go quiet.
   */
  void setWatching(String collection, boolean watch) throws LibraryException;

  /**
   * Starts watching every collection the settings list as watched. The window calls it once at
   * start-up; short-lived callers (the command line) do not.
   */
  void startWatchers() throws LibraryException;

  /** The current settings. */
  Settings settings();

  /** Replaces the settings and persists them atomically. */
  void updateSettings(Settings settings) throws LibraryException;

  /** Cancels running tasks and closes everything the service opened. Idempotent. */
  @Override
  void close();
}
