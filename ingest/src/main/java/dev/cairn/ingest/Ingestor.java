package dev.cairn.ingest;

import dev.cairn.ingest.mail.MailFolder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the store up to date with folders (or single files): scans, skips what did not change
 * (same size and mtime, or same SHA-256), extracts and chunks the rest on its own worker threads
 * ({@code cairn-ingest-N}), and writes every file's changes in one transaction, so a crash or kill
 * at any moment leaves each file either fully old or fully new. Files under a root that no longer
 * exist lose their documents and chunks; a root that does not exist removes everything stored under
 * it (that is how the {@link FolderWatcher}'s deletions reach the store).
 *
 * <p>Each extraction runs on its own daemon thread ({@code cairn-extract-N}) under the time limit,
 * which applies to a file and, inside a container (a mailbox, a PST), to each of its parts: a
 * mailbox of thousands of messages runs as long as every message is extracted in time. A parse that
 * overruns is abandoned (its thread is interrupted and its parser aborted at the next SAX event); a
 * container keeps the parts extracted before the stalled one (noted "partly extracted"), anything
 * else is recorded FAILED "timed out after 60 s".
 *
 * <p>Files that only OCR can read (images, PDFs with pages without a text layer) wait until every
 * other file of the run is done, then go through {@link OcrExtractor} on the same workers, with
 * their own {@link IngestListener#ocrProgress} events, a time limit of the per-file limit plus
 * {@link OcrOptions#pageTimeout()} per page, and a cancel that stops within a page (the file stays
 * PENDING). Without Tesseract they are stored as {@link FileState#NEEDS_OCR} (or INDEXED with a
 * note, when some pages had text).
 *
 * <p>Thread-safety: {@link #ingest} may be called from any thread but runs one call at a time
 * (later calls wait). The ingestor does not own the store; {@link #close()} stops its threads.
 */
public final class Ingestor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Ingestor.class);

  private final DocumentStore store;
  private final IngestOptions options;
  private final FileExtractor extractor = new FileExtractor();
  private final OcrExtractor ocr;
  private final TimedExtraction timed;
  private final OutcomeRecorder recorder;
  private final Chunker chunker;
  private final ContainerPass containers;
  private final ExecutorService workers;
  private final ReentrantLock runLock = new ReentrantLock();
  private final Object listenerLock = new Object();

  public Ingestor(DocumentStore store, IngestOptions options) {
    this.store = store;
    this.options = options;
    this.ocr = new OcrExtractor(options.ocr());
    this.timed = new TimedExtraction(options, extractor);
    this.recorder = new OutcomeRecorder(store);
    this.chunker =
        new Chunker(options.tokenCounter(), options.chunkTokens(), options.overlapTokens());
    this.containers = new ContainerPass(store, extractor, chunker, options);
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf =
        r -> {
          Thread t = new Thread(r, "cairn-ingest-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.workers = Executors.newFixedThreadPool(options.workerThreads(), tf);
  }

  /**
   * Ingests the given folders and/or files. Blocking; call it from a background thread.
   *
   * @param roots folders or files; non-existent ones remove what the store has under them
   * @param listener receives progress and commit events (serialized, after each commit)
   * @param cancel stops (or pauses) the run between files; unfinished files stay PENDING
   */
  public IngestSummary ingest(List<Path> roots, IngestListener listener, CancellationToken cancel) {
    IngestListener l = listener == null ? IngestListener.NONE : listener;
    CancellationToken token = cancel == null ? new CancellationToken() : cancel;
    runLock.lock();
    try {
      return run(roots, l, token);
    } finally {
      runLock.unlock();
    }
  }

  private IngestSummary run(List<Path> roots, IngestListener l, CancellationToken cancel) {
    IngestRun run = new IngestRun(l, listenerLock);
    OcrPass ocrPass = new OcrPass(options, ocr, timed, recorder, chunker);
    List<Path> absRoots =
        roots.stream()
            .map(p -> p.toAbsolutePath().normalize())
            // a changed message file inside a Maildir or Messages folder: the folder is the unit
            .map(p -> Objects.requireNonNullElse(MailFolder.enclosing(p), p))
            .distinct()
            .toList();
    FileScanner.Result scan = FileScanner.scan(absRoots, options, store.file());
    Map<String, DocumentStore.FileRow> known = store.fileRows();

    // deletions: stored files under a root that the scan did not find
    Set<String> present = new HashSet<>();
    scan.files().forEach(f -> present.add(f.key()));
    scan.problems().forEach(p -> present.add(p.path().toString()));
    for (String path : known.keySet()) {
      if (!present.contains(path) && underAny(path, absRoots)) {
        long[] removed = store.removeFile(path);
        run.chunksRemoved.addAndGet(removed.length);
        if (removed.length > 0) {
          run.emit(() -> l.chunksRemoved(removed));
        }
        LOG.info("removed {} ({} chunks): file no longer exists", path, removed.length);
      }
    }

    List<ScannedFile> todo = new ArrayList<>();
    List<ScannedFile> fresh = new ArrayList<>();
    for (ScannedFile f : scan.files()) {
      DocumentStore.FileRow row = known.get(f.key());
      if (row != null
          && row.state() != FileState.PENDING
          && row.size() == f.size()
          && row.mtimeMs() == f.mtimeMs()) {
        run.unchanged.incrementAndGet();
        run.done.incrementAndGet();
      } else {
        todo.add(f);
        run.bytesTotal += f.size();
        if (row == null) {
          fresh.add(f);
        }
      }
    }
    run.seen = scan.files().size() + scan.problems().size();
    store.markPending(fresh);
    for (FileScanner.Problem p : scan.problems()) {
      ScannedFile f = new ScannedFile(p.path(), 0, 0);
      DocumentStore.Commit c = recorder.record(f, new IngestOutcome.Failed(p.reason()));
      run.failed.incrementAndGet();
      run.done.incrementAndGet();
      run.publish(c, f);
    }
    run.emit(() -> l.progress(run.progress(null)));

    List<Future<?>> futures = new ArrayList<>();
    for (ScannedFile f : todo) {
      futures.add(
          workers.submit(
              () -> {
                if (!cancel.mayGoOn()) {
                  return;
                }
                ContainerPass.ContainerIngest container = containers.ingestion(f);
                if (container != null) {
                  containers.process(f, run, cancel, container);
                } else {
                  process(f, known.get(f.key()), run, ocrPass);
                }
              }));
    }
    for (Future<?> fu : futures) {
      try {
        fu.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel.cancel();
        break;
      } catch (ExecutionException e) {
        LOG.error("ingestion worker failed", e.getCause());
      }
    }
    if (!ocrPass.isEmpty() && !cancel.isCancelled()) {
      ocrPass.run(workers, run, cancel);
    }
    return run.summary();
  }

  private static boolean underAny(String path, List<Path> roots) {
    for (Path r : roots) {
      String root = r.toString();
      if (path.equals(root)
          || path.startsWith(
              root.endsWith(java.io.File.separator) ? root : root + java.io.File.separator)) {
        return true;
      }
    }
    return false;
  }

  private void process(ScannedFile f, DocumentStore.FileRow row, IngestRun run, OcrPass ocrPass) {
    DocumentStore.Commit commit;
    try {
      IngestOutcome outcome = outcome(f, row, ocrPass);
      commit = recorder.record(f, outcome);
      if (outcome instanceof IngestOutcome.DeferredToOcr) {
        return;
      }
    } catch (StoreException e) {
      LOG.error("could not store {}: {}", f.path(), e.getMessage());
      run.notStored();
      return;
    }
    if (commit == null) {
      run.unchanged.incrementAndGet();
      run.done.incrementAndGet();
      run.bytesDone.addAndGet(f.size());
      run.emit(() -> run.listener().progress(run.progress(f.key())));
      return;
    }
    run.fileCommitted(commit, f);
  }

  /** What one plain file comes to; writes nothing (the OCR queue aside). */
  private IngestOutcome outcome(ScannedFile f, DocumentStore.FileRow row, OcrPass ocrPass) {
    if (f.size() > options.maxFileBytes()) {
      return new IngestOutcome.Skipped(
          FileState.SKIPPED, tooLarge(f.size(), options.maxFileBytes()), null, null);
    }
    String hash;
    try {
      hash = sha256(f.path());
    } catch (AccessDeniedException e) {
      return new IngestOutcome.Failed("permission denied");
    } catch (IOException e) {
      if (!Files.exists(f.path())) {
        return new IngestOutcome.Disappeared();
      }
      return new IngestOutcome.Failed("unreadable: " + FileExtractor.message(e));
    }
    if (row != null && row.state() != FileState.PENDING && hash.equals(row.hash())) {
      return new IngestOutcome.Unchanged();
    }
    if (f.size() == 0) {
      return new IngestOutcome.Skipped(FileState.SKIPPED, "empty file", hash, null);
    }
    Extraction ex;
    try {
      ex = timed.extract(f.path(), f.size());
    } catch (OcrNeededException e) {
      return ocrPass.defer(f, hash, e);
    } catch (UnsupportedDocumentException e) {
      if (e.state() == FileState.FAILED) {
        LOG.warn("{}: {}", f.path(), e.reason());
      } else {
        LOG.info("{}: skipped, {}", f.path(), e.reason());
      }
      return new IngestOutcome.Skipped(e.state(), e.reason(), hash, null);
    }
    return IngestOutcome.extracted(hash, ex, chunker);
  }

  static String tooLarge(long size, long limit) {
    return "too large: " + mb(size) + " > " + mb(limit) + " limit";
  }

  private static String mb(long bytes) {
    if (bytes >= 1024L * 1024) {
      return (bytes / (1024L * 1024)) + " MB";
    }
    if (bytes >= 1024) {
      return (bytes / 1024) + " KB";
    }
    return bytes + " bytes";
  }

  static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Stops the worker threads (waiting up to 10 s for a file in progress). Idempotent. */
  @Override
  public void close() {
    workers.shutdownNow();
    try {
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("ingest workers still busy after 10 s; abandoning them");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
