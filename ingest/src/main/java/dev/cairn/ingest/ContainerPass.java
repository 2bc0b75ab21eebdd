package dev.cairn.ingest;

import dev.cairn.ingest.mail.PstMessages;
import java.io.IOException;
import java.nio.file.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files that are containers of messages: a mail folder (Maildir, Apple Mail), a PST, an mbox.
 * Picks the container ingestion by the file ({@link #ingestion}) and streams it message by message
 * ({@link MboxIngest}, {@link MailFolderIngest}, {@link PstIngest}), which commit as they go;
 * counts the file and its chunk changes on the {@link IngestRun}. A container counts only INDEXED
 * as indexed (the plain-file path also counts DUPLICATE). Writes nothing itself. Moved out of
 * {@link Ingestor} unchanged (decision 0022). Thread-safe as the ingestions are.
 */
final class ContainerPass {
  private static final Logger LOG =
      LoggerFactory.getLogger(Ingestor.class); // same log category as before the move

  /** One container ingestion: an mbox ({@link MboxIngest}), a mail folder or a PST. */
  interface ContainerIngest {
    FileRecord ingest(ScannedFile f, MboxIngest.Events events, CancellationToken cancel)
        throws IOException;
  }

  private final MboxIngest mail;
  private final MailFolderIngest mailFolders;
  private final PstIngest pst;

  ContainerPass(DocumentStore store, FileExtractor extractor, Chunker chunker, IngestOptions o) {
    this.mail =
        new MboxIngest(new ContainerStore(store), extractor, chunker, o, ContainerClock.SYSTEM);
    MailFolderStore folderStore = new MailFolderStore(store);
    this.mailFolders =
        new MailFolderIngest(folderStore, extractor, chunker, o, ContainerClock.SYSTEM);
    this.pst = new PstIngest(mailFolders, folderStore);
  }

  /** The ingestion for a container file, or null for a plain file. */
  ContainerIngest ingestion(ScannedFile f) {
    if (Files.isDirectory(f.path())) {
      return mailFolders::ingest;
    } else if (PstMessages.isPst(f.path())) {
      return pst::ingest;
    } else if (MboxIngest.isMbox(f.path())) {
      return mail::ingest;
    }
    return null;
  }

  /** Streams one container, committing as it goes; counts it on the run when it is done. */
  void process(ScannedFile f, IngestRun run, CancellationToken cancel, ContainerIngest how) {
    IngestListener l = run.listener();
    long[] counted = {0};
    MboxIngest.Events events =
        new MboxIngest.Events() {
          @Override
          public void committed(ContainerStore.Result r) {
            run.chunksAdded.addAndGet(r.added().size());
            run.chunksRemoved.addAndGet(r.removed().length);
            run.emit(
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
            run.emit(() -> l.progress(run.progress(f.key(), p)));
          }
        };
    FileRecord done;
    try {
      done = how.ingest(f, events, cancel);
    } catch (IOException | StoreException e) {
      LOG.error("could not stream mailbox {}: {}", f.path(), e.getMessage());
      run.notStored();
      return;
    }
    if (done == null) {
      return; // cancelled: the file stays PENDING with its committed messages
    }
    switch (done.state()) {
      case INDEXED -> run.indexed.incrementAndGet();
      case SKIPPED, NEEDS_OCR -> run.skipped.incrementAndGet();
      case FAILED -> run.failed.incrementAndGet();
      case PENDING, MISSING, DUPLICATE -> {}
    }
    run.done.incrementAndGet();
    run.bytesDone.addAndGet(f.size() - counted[0]);
    run.emit(
        () -> {
          l.fileDone(done);
          l.progress(run.progress(f.key()));
        });
  }
}
