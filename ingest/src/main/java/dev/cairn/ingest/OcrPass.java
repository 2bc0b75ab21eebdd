package dev.cairn.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of one run that only OCR can read: queued while the text pass runs ({@link #defer}),
 * then read by {@link OcrExtractor} on the ingestor's workers after every other file ({@link
 * #run}), each under the per-file limit plus {@link OcrOptions#pageTimeout()} per page, with {@link
 * IngestListener#ocrProgress} events. Without Tesseract, {@link #defer} stores what the file has
 * without OCR instead (NEEDS_OCR, or INDEXED with a note). Writes only through the {@link
 * OutcomeRecorder}. Moved out of {@link Ingestor} unchanged (decision 0022). One instance per run;
 * {@link #defer} is thread-safe, {@link #run} is called once, after the text pass.
 */
final class OcrPass {
  private static final Logger LOG =
      LoggerFactory.getLogger(Ingestor.class); // same log category as before the move

  /** A file waiting for the OCR pass, with what the text pass learned about it. */
  private record OcrJob(ScannedFile file, String hash, OcrNeededException need) {}

  private final IngestOptions options;
  private final OcrExtractor ocr;
  private final TimedExtraction timed;
  private final OutcomeRecorder recorder;
  private final Chunker chunker;
  private final List<OcrJob> queue = Collections.synchronizedList(new ArrayList<>());

  OcrPass(
      IngestOptions options,
      OcrExtractor ocr,
      TimedExtraction timed,
      OutcomeRecorder recorder,
      Chunker chunker) {
    this.options = options;
    this.ocr = ocr;
    this.timed = timed;
    this.recorder = recorder;
    this.chunker = chunker;
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  /** Queues a file for the OCR pass, or stores what can be had without OCR when it cannot run. */
  IngestOutcome defer(ScannedFile f, String hash, OcrNeededException e) {
    String unavailable = ocr.unavailableReason();
    if (unavailable == null) {
      queue.add(new OcrJob(f, hash, e));
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

  /** The OCR pass: the run's queued files, after all text files, on the given workers. */
  void run(ExecutorService workers, IngestRun run, CancellationToken cancel) {
    IngestListener l = run.listener();
    List<OcrJob> jobs = List.copyOf(queue);
    AtomicInteger ocrDone = new AtomicInteger();
    run.emit(() -> l.ocrProgress(new OcrProgress(jobs.size(), 0, null)));
    List<Future<?>> futures = new ArrayList<>();
    for (OcrJob job : jobs) {
      futures.add(
          workers.submit(
              () -> {
                if (!cancel.mayGoOn()) {
                  return;
                }
                ScannedFile f = job.file();
                run.emit(() -> l.ocrProgress(new OcrProgress(jobs.size(), ocrDone.get(), f.key())));
                DocumentStore.Commit c;
                try {
                  c = recorder.record(f, outcome(job, cancel));
                } catch (StoreException e) {
                  LOG.error("could not store {}: {}", f.path(), e.getMessage());
                  c = null;
                }
                if (c == null) {
                  return; // cancelled (the file stays PENDING) or not stored
                }
                int n = ocrDone.incrementAndGet();
                run.fileCommitted(c, f);
                run.emit(() -> l.ocrProgress(new OcrProgress(jobs.size(), n, null)));
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
  private IngestOutcome outcome(OcrJob job, CancellationToken cancel) {
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
}
