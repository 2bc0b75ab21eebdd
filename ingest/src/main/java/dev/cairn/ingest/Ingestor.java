package dev.cairn.ingest;

import dev.cairn.ingest.mail.MailFolder;
import dev.cairn.ingest.mail.PstMessages;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
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
import java.util.concurrent.atomic.AtomicLong;
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
  private final MboxIngest mail;
  private final MailFolderIngest mailFolders;
  private final PstIngest pst;
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
    this.mail =
        new MboxIngest(
            new ContainerStore(store), extractor, chunker, options, ContainerClock.SYSTEM);
    MailFolderStore folderStore = new MailFolderStore(store);
    this.mailFolders =
        new MailFolderIngest(folderStore, extractor, chunker, options, ContainerClock.SYSTEM);
    this.pst = new PstIngest(mailFolders, folderStore);
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf =
        r -> {
          Thread t = new Thread(r, "cairn-ingest-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.workers = Executors.newFixedThreadPool(options.workerThreads(), tf);
  }

  /** Mutable counters of one run. */
  private static final class Run {
    final long start = System.nanoTime();
    final AtomicInteger done = new AtomicInteger();
    final AtomicInteger indexed = new AtomicInteger();
    final AtomicInteger unchanged = new AtomicInteger();
    final AtomicInteger skipped = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger chunksAdded = new AtomicInteger();
    final AtomicInteger chunksRemoved = new AtomicInteger();
    final AtomicLong bytesDone = new AtomicLong();
    final List<OcrJob> ocrQueue = java.util.Collections.synchronizedList(new ArrayList<>());
    int seen;
    long bytesTotal;
  }

  /** A file waiting for the OCR pass, with what the text pass learned about it. */
  private record OcrJob(ScannedFile file, String hash, OcrNeededException need) {}

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
    Run run = new Run();
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
          emit(() -> l.chunksRemoved(removed));
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
      publish(c, run, l, f);
    }
    emit(() -> l.progress(progress(run, null)));

    List<Future<?>> futures = new ArrayList<>();
    for (ScannedFile f : todo) {
      futures.add(
          workers.submit(
              () -> {
                try {
                  if (!cancel.awaitRunnable()) {
                    return;
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                if (Files.isDirectory(f.path())) {
                  processMbox(f, run, l, cancel, mailFolders::ingest);
                } else if (PstMessages.isPst(f.path())) {
                  processMbox(f, run, l, cancel, pst::ingest);
                } else if (MboxIngest.isMbox(f.path())) {
                  processMbox(f, run, l, cancel, mail::ingest);
                } else {
                  process(f, known.get(f.key()), run, l);
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
    if (!run.ocrQueue.isEmpty() && !cancel.isCancelled()) {
      runOcrPass(run, l, cancel);
    }
    return new IngestSummary(
        run.seen,
        run.indexed.get(),
        run.unchanged.get(),
        run.skipped.get(),
        run.failed.get(),
        run.chunksAdded.get(),
        run.chunksRemoved.get(),
        Duration.ofNanos(System.nanoTime() - run.start));
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

  private void process(ScannedFile f, DocumentStore.FileRow row, Run run, IngestListener l) {
    DocumentStore.Commit commit;
    try {
      IngestOutcome outcome = outcome(f, row, run);
      commit = recorder.record(f, outcome);
      if (outcome instanceof IngestOutcome.DeferredToOcr) {
        return;
      }
    } catch (StoreException e) {
      LOG.error("could not store {}: {}", f.path(), e.getMessage());
      run.failed.incrementAndGet();
      run.done.incrementAndGet();
      return;
    }
    if (commit == null) {
      run.unchanged.incrementAndGet();
      run.done.incrementAndGet();
      run.bytesDone.addAndGet(f.size());
      emit(() -> l.progress(progress(run, f.key())));
      return;
    }
    switch (commit.file().state()) {
      case INDEXED, DUPLICATE -> run.indexed.incrementAndGet();
      case SKIPPED, NEEDS_OCR -> run.skipped.incrementAndGet();
      case FAILED -> run.failed.incrementAndGet();
      case PENDING, MISSING -> {}
    }
    run.chunksAdded.addAndGet(commit.added().size());
    run.chunksRemoved.addAndGet(commit.removed().length);
    run.done.incrementAndGet();
    run.bytesDone.addAndGet(f.size());
    publish(commit, run, l, f);
  }

  /** One container ingestion: an mbox ({@link MboxIngest}) or a mail folder. */
  private interface ContainerIngest {
    FileRecord ingest(ScannedFile f, MboxIngest.Events events, CancellationToken cancel)
        throws IOException;
  }

  /**
   * Streams a container message by message ({@link MboxIngest}, {@link MailFolderIngest}),
   * committing as it goes.
   */
  private void processMbox(
      ScannedFile f, Run run, IngestListener l, CancellationToken cancel, ContainerIngest how) {
    long[] counted = {0};
    MboxIngest.Events events =
        new MboxIngest.Events() {
          @Override
          public void committed(ContainerStore.Result r) {
            run.chunksAdded.addAndGet(r.added().size());
            run.chunksRemoved.addAndGet(r.removed().length);
            emit(
                () -> {
                  if (r.removed().length > 0) {
                    l.chunksRemoved(r.removed());
                  }
                  if (!r.added().isEmpty()) {
                    l.chunksAdded(r.added());
                  }
                });
          }

          @Override
          public void progress(ContainerProgress p) {
            run.bytesDone.addAndGet(p.bytesDone() - counted[0]);
            counted[0] = p.bytesDone();
            emit(() -> l.progress(Ingestor.this.progress(run, f.key(), p)));
          }
        };
    FileRecord done;
    try {
      done = how.ingest(f, events, cancel);
    } catch (IOException | StoreException e) {
      LOG.error("could not stream mailbox {}: {}", f.path(), e.getMessage());
      run.failed.incrementAndGet();
      run.done.incrementAndGet();
      return;
    }
    if (done == null) {
      return; // cancelled: the file stays PENDING with its committed messages
    }
    switch (done.state()) {
      case INDEXED -> run.indexed.incrementAndGet();
      case SKIPPED, NEEDS_OCR -> run.skipped.incrementAndGet();
      case FAILED -> run.failed.incrementAndGet();
      case PENDING, MISSING -> {}
    }
    run.done.incrementAndGet();
    run.bytesDone.addAndGet(f.size() - counted[0]);
    emit(
        () -> {
          l.fileDone(done);
          l.progress(progress(run, f.key()));
        });
  }

  private void publish(DocumentStore.Commit c, Run run, IngestListener l, ScannedFile f) {
    emit(
        () -> {
          if (c.removed().length > 0) {
            l.chunksRemoved(c.removed());
          }
          if (!c.added().isEmpty()) {
            l.chunksAdded(c.added());
          }
          l.fileDone(c.file());
          l.progress(progress(run, f.key()));
        });
  }

  /** What one plain file comes to; writes nothing (the OCR queue aside). */
  private IngestOutcome outcome(ScannedFile f, DocumentStore.FileRow row, Run run) {
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
      return deferToOcr(f, hash, e, run);
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

  /** Queues a file for the OCR pass, or stores what can be had without OCR when it cannot run. */
  private IngestOutcome deferToOcr(ScannedFile f, String hash, OcrNeededException e, Run run) {
    String unavailable = ocr.unavailableReason();
    if (unavailable == null) {
      run.ocrQueue.add(new OcrJob(f, hash, e));
      return new IngestOutcome.DeferredToOcr();
    }
    Extraction partial = e.textPages();
    if (partial == null) {
      LOG.info("{}: {}", f.path(), unavailable);
      return new IngestOutcome.Skipped(FileState.NEEDS_OCR, unavailable, hash, e.mediaType());
    }
    String note = e.pageList() + ": " + unavailable;
    return IngestOutcome.extracted(
        hash, new Extraction(partial.mediaType(), partial.documents(), note), chunker);
  }

  /** The OCR pass: the run's queued files, after all text files, on the same workers. */
  private void runOcrPass(Run run, IngestListener l, CancellationToken cancel) {
    List<OcrJob> jobs = List.copyOf(run.ocrQueue);
    AtomicInteger ocrDone = new AtomicInteger();
    emit(() -> l.ocrProgress(new OcrProgress(jobs.size(), 0, null)));
    List<Future<?>> futures = new ArrayList<>();
    for (OcrJob job : jobs) {
      futures.add(
          workers.submit(
              () -> {
                try {
                  if (!cancel.awaitRunnable()) {
                    return;
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                ScannedFile f = job.file();
                emit(() -> l.ocrProgress(new OcrProgress(jobs.size(), ocrDone.get(), f.key())));
                DocumentStore.Commit c;
                try {
                  c = recorder.record(f, ocrOutcome(job, cancel));
                } catch (StoreException e) {
                  LOG.error("could not store {}: {}", f.path(), e.getMessage());
                  c = null;
                }
                if (c == null) {
                  return; // cancelled (the file stays PENDING) or not stored
                }
                switch (c.file().state()) {
                  case INDEXED, DUPLICATE -> run.indexed.incrementAndGet();
                  case SKIPPED, NEEDS_OCR -> run.skipped.incrementAndGet();
                  case FAILED -> run.failed.incrementAndGet();
                  default -> {}
                }
                run.chunksAdded.addAndGet(c.added().size());
                run.chunksRemoved.addAndGet(c.removed().length);
                run.done.incrementAndGet();
                run.bytesDone.addAndGet(f.size());
                int n = ocrDone.incrementAndGet();
                publish(c, run, l, f);
                emit(() -> l.ocrProgress(new OcrProgress(jobs.size(), n, null)));
              }));
    }
    for (Future<?> fu : futures) {
      try {
        fu.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel.cancel();
        return;
      } catch (ExecutionException e) {
        LOG.error("OCR worker failed", e.getCause());
      }
    }
  }

  /** What OCR made of a queued file; Cancelled when the run was cancelled while reading it. */
  private IngestOutcome ocrOutcome(OcrJob job, CancellationToken cancel) {
    ScannedFile f = job.file();
    Duration limit =
        options
            .fileTimeLimit()
            .plus(options.ocr().pageTimeout().multipliedBy(job.need().pageCount()));
    Extraction ex;
    try {
      ex =
          timed.extract(
              f.path(), f.size(), limit, cancel, b -> ocr.extract(f.path(), job.need(), b));
    } catch (UnsupportedDocumentException e) {
      if (cancel.isCancelled()) {
        return new IngestOutcome.Cancelled();
      }
      LOG.info("{}: OCR gave {}: {}", f.path(), e.state(), e.reason());
      return new IngestOutcome.Skipped(e.state(), e.reason(), job.hash(), job.need().mediaType());
    }
    return IngestOutcome.extracted(job.hash(), ex, chunker);
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

  private IngestProgress progress(Run run, String current) {
    return progress(run, current, null);
  }

  private IngestProgress progress(Run run, String current, ContainerProgress container) {
    double secs = Math.max(1e-3, (System.nanoTime() - run.start) / 1e9);
    int done = run.done.get();
    double rate = done / secs;
    long bytesDone = run.bytesDone.get();
    Duration eta = Duration.ZERO;
    if (run.bytesTotal > 0 && bytesDone > 0 && bytesDone < run.bytesTotal) {
      eta = Duration.ofMillis((long) (secs * 1000 * (run.bytesTotal - bytesDone) / bytesDone));
    }
    return new IngestProgress(
        run.seen,
        done,
        run.failed.get(),
        bytesDone,
        run.bytesTotal,
        run.chunksAdded.get(),
        rate,
        eta,
        current,
        container);
  }

  private void emit(Runnable call) {
    synchronized (listenerLock) {
      try {
        call.run();
      } catch (RuntimeException e) {
        LOG.warn("ingest listener threw {}", e.toString());
      }
    }
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
