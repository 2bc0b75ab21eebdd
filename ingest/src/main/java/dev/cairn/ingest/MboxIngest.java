package dev.cairn.ingest;

import dev.cairn.ingest.mail.MboxMessage;
import dev.cairn.ingest.mail.MboxReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one mbox into the store message by message: each message is its own document (with its
 * attachments as children), extracted under its own time limit, with its own status; a broken one
 * is recorded and skipped. Messages are committed in batches ({@link #BATCH_MESSAGES} messages or
 * {@link #BATCH_TIME}, whichever comes first) together with a resume point: the offset after the
 * batch and CRC-32s of the first and the last {@link #WINDOW} bytes before it.
 *
 * <p>A run starts from the resume point when the file still has those bytes there (a crash, a
 * cancel, or mail appended at the end: only the new messages are read). When it does not (the
 * mailbox was compacted or edited), the run reads the file from the start and reconciles: a message
 * whose key (Message-ID, else content hash) is stored is kept as it is, only its place is updated,
 * so its chunks are not embedded again; new messages are added; stored ones not found again are
 * deleted at the end. A crash while reconciling resumes the reconciliation.
 *
 * <p>Memory: one message at a time (at most {@link #MAX_MESSAGE_BYTES}; a larger one is recorded
 * SKIPPED) plus one batch of chunks. Thread-safety: {@link #ingest} may run for several files at
 * once; each call has its own reader and extraction thread.
 */
final class MboxIngest {
  private static final Logger LOG = LoggerFactory.getLogger(MboxIngest.class);

  static final int BATCH_MESSAGES = 200;
  static final Duration BATCH_TIME = Duration.ofSeconds(3);
  static final int WINDOW = 64 * 1024;
  static final long MAX_MESSAGE_BYTES = 96L * 1024 * 1024;
  private static final long BATCH_CHARS = 8_000_000;
  private static final long PROGRESS_NANOS = 500_000_000L;

  /** Receives a container's commits and progress, on the calling thread. */
  interface Events {
    void committed(ContainerStore.Result r);

    void progress(ContainerProgress p);
  }

  private final ContainerStore store;
  private final FileExtractor extractor;
  private final Chunker chunker;
  private final IngestOptions options;
  private final ContainerClock clock;

  MboxIngest(
      ContainerStore store,
      FileExtractor extractor,
      Chunker chunker,
      IngestOptions options,
      ContainerClock clock) {
    this.store = store;
    this.extractor = extractor;
    this.chunker = chunker;
    this.options = options;
    this.clock = clock;
  }

  /**
   * Whether a file is an mbox to stream: {@code .mbox}/{@code .mbx}, or a file without extension
   * that starts with a From_ line or sits next to a Thunderbird {@code .msf} summary of its name.
   */
  static boolean isMbox(Path file) {
    String name = file.getFileName().toString();
    String ext = FileExtractor.extension(name);
    if (ext.equals("mbox") || ext.equals("mbx")) {
      return true;
    }
    if (!ext.isEmpty() && name.lastIndexOf('.') > 0) {
      return false;
    }
    if (Files.exists(file.resolveSibling(name + ".msf"))) {
      return true;
    }
    byte[] head = new byte[512];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      return false;
    }
    int eol = 0;
    while (eol < n && head[eol] != '\n') {
      eol++;
    }
    return eol < n && MboxReader.isFromLine(head, eol + 1);
  }

  /**
   * Brings the store up to date with one mbox.
   *
   * @return the file's final status row, or null when the run was cancelled (the file stays PENDING
   *     with its committed messages and resume point)
   */
  FileRecord ingest(ScannedFile f, Events events, CancellationToken cancel) throws IOException {
    ContainerStore.ResumePoint rp = store.resumePoint(f.key());
    Start s;
    if (rp == null) {
      long[] removed = store.reset(f, 1);
      if (removed.length > 0) {
        events.committed(new ContainerStore.Result(null, List.of(), removed));
      }
      s = new Start(0, 0, 1, false);
    } else if (verifies(f.path(), rp)) {
      s = new Start(rp.offset(), rp.messages(), rp.generation(), rp.reconciling());
      if (rp.offset() > 0) {
        LOG.info("{}: resuming at byte {} after {} messages", f.path(), rp.offset(), rp.messages());
      }
    } else {
      int gen = rp.generation() + 1;
      LOG.info("{}: changed before byte {}; reconciling by Message-ID", f.path(), rp.offset());
      store.beginReconcile(f.key(), gen);
      s = new Start(0, 0, gen, true);
    }
    return new Run(f, s, events, cancel).run();
  }

  private record Start(long offset, int messages, int generation, boolean reconciling) {}

  /** Whether the file still has the bytes the resume point was computed over. */
  static boolean verifies(Path file, ContainerStore.ResumePoint rp) throws IOException {
    long size = Files.size(file);
    if (rp.offset() == 0) {
      return true;
    }
    if (size < rp.offset()) {
      return false;
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      int w = (int) Math.min(WINDOW, rp.offset());
      if (crc(raf, 0, w) != rp.headCrc() || crc(raf, rp.offset() - w, w) != rp.tailCrc()) {
        return false;
      }
      if (size == rp.offset()) {
        return true;
      }
      byte[] from = new byte[5];
      raf.seek(rp.offset());
      raf.readFully(from);
      return new String(from, StandardCharsets.ISO_8859_1).equals("From ");
    }
  }

  static long crc(RandomAccessFile raf, long offset, int length) throws IOException {
    byte[] b = new byte[length];
    raf.seek(offset);
    raf.readFully(b);
    CRC32 crc = new CRC32();
    crc.update(b);
    return crc.getValue();
  }

  /** One run over one file. */
  private final class Run {
    final ScannedFile f;
    final Start start;
    final Events events;
    final CancellationToken cancel;
    final String name;
    final Map<String, Deque<ContainerStore.Known>> unclaimed;
    final ContainerEta eta;
    final List<ContainerStore.NewMessage> added = new ArrayList<>();
    final List<ContainerStore.Moved> moved = new ArrayList<>();
    long batchChars;
    long batchStart = System.nanoTime();
    long lastProgress;
    int messages;
    long offset;
    Long headCrc;
    ContainerStore.Result lastResult;

    Run(ScannedFile f, Start start, Events events, CancellationToken cancel) {
      this.f = f;
      this.start = start;
      this.events = events;
      this.cancel = cancel;
      this.name = f.path().getFileName().toString();
      this.unclaimed =
          start.reconciling() ? store.unclaimed(f.key(), start.generation()) : Map.of();
      this.messages = start.messages();
      this.offset = start.offset();
      this.eta = new ContainerEta(clock, start.offset());
    }

    FileRecord run() throws IOException {
      long size = Files.size(f.path());
      try (MboxReader reader = MboxReader.open(f.path(), offset, messages, MAX_MESSAGE_BYTES);
          MessageExtraction extraction =
              new MessageExtraction(extractor, options.fileTimeLimit(), options.maxTextChars());
          RandomAccessFile raf = new RandomAccessFile(f.path().toFile(), "r")) {
        progress(size, true);
        MboxMessage m;
        while ((m = reader.next()) != null) {
          if (!handle(m, extraction)) {
            // interrupted (the ingestor is closing): keep what is committed, stay PENDING
            commit(raf, FileState.PENDING, null);
            return null;
          }
          messages++;
          offset = m.end();
          if (added.size() + moved.size() >= BATCH_MESSAGES
              || batchChars >= BATCH_CHARS
              || System.nanoTime() - batchStart >= BATCH_TIME.toNanos()) {
            commit(raf, FileState.PENDING, null);
          }
          progress(size, false);
          if (cancel.isPaused() || cancel.isCancelled()) {
            commit(raf, FileState.PENDING, null);
            try {
              if (!cancel.awaitRunnable()) {
                return null;
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return null;
            }
          }
        }
        FileRecord done = finish(raf);
        progress(Math.max(size, offset), true);
        return done;
      }
    }

    /** Adds the message to the batch; false when interrupted before it was extracted. */
    private boolean handle(MboxMessage m, MessageExtraction extraction) {
      if (start.reconciling()) {
        Deque<ContainerStore.Known> same = unclaimed.get(m.key());
        ContainerStore.Known k = same == null ? null : same.poll();
        if (k != null) {
          moved.add(new ContainerStore.Moved(k, m.index(), m.offset(), m.length()));
          return true;
        }
      }
      FileState state;
      String reason = null;
      List<ExtractedDocument> docs = List.of();
      List<List<ChunkDraft>> chunks = List.of();
      if (m.oversized()) {
        state = FileState.SKIPPED;
        reason =
            "too large: " + (m.length() >> 20) + " MB > " + (MAX_MESSAGE_BYTES >> 20) + " MB limit";
      } else {
        try {
          Extraction ex = extraction.extract(m.content(), name + "#" + m.index());
          docs = ex.documents();
          chunks = new ArrayList<>();
          int total = 0;
          for (ExtractedDocument d : docs) {
            List<ChunkDraft> c = chunker.chunk(d.sections);
            chunks.add(c);
            total += c.size();
            batchChars += d.textLength();
          }
          if (total == 0) {
            state = FileState.SKIPPED;
            reason = "no text content";
            docs = List.of();
            chunks = List.of();
          } else {
            state = FileState.INDEXED;
            reason = ex.note();
          }
        } catch (UnsupportedDocumentException e) {
          if (e.state() == FileState.PENDING || Thread.currentThread().isInterrupted()) {
            return false;
          }
          state = e.state();
          reason = e.reason();
        }
      }
      if (m.truncated()) {
        String cut = "truncated: the mailbox ends inside this message";
        reason = reason == null ? cut : reason + "; " + cut;
      }
      if (state == FileState.FAILED) {
        LOG.warn(
            "{}: message {} at byte {} ({}): {}",
            f.path(),
            m.index(),
            m.offset(),
            m.messageId() == null ? "no Message-ID" : m.messageId(),
            reason);
      }
      added.add(
          new ContainerStore.NewMessage(
              m.index(),
              m.offset(),
              m.length(),
              m.key(),
              m.messageId(),
              m.contentHash(),
              state,
              reason,
              docs,
              chunks));
      return true;
    }

    private void commit(RandomAccessFile raf, FileState state, String reason) throws IOException {
      if (added.isEmpty() && moved.isEmpty() && state == FileState.PENDING) {
        return;
      }
      int w = (int) Math.min(WINDOW, offset);
      if (headCrc == null || w < WINDOW) {
        headCrc = crc(raf, 0, w);
      }
      long tail = crc(raf, offset - w, w);
      ContainerStore.ResumePoint rp =
          new ContainerStore.ResumePoint(
              offset, headCrc, tail, messages, start.generation(), start.reconciling());
      ContainerStore.Result r =
          store.commit(
              new ContainerStore.Batch(
                  f, List.copyOf(added), List.copyOf(moved), rp, state, reason));
      added.clear();
      moved.clear();
      batchChars = 0;
      batchStart = System.nanoTime();
      lastResult = r;
      events.committed(r);
    }

    private FileRecord finish(RandomAccessFile raf) throws IOException {
      commit(raf, FileState.PENDING, null);
      ContainerStore.Tally tally = store.tally(f.key());
      commit(raf, tally.state(), tally.reason());
      return lastResult.file();
    }

    private void progress(long size, boolean force) {
      long now = clock.nanoTime();
      if (!force && now - lastProgress < PROGRESS_NANOS) {
        return;
      }
      lastProgress = now;
      long readThisRun = offset - start.offset();
      int doneThisRun = messages - start.messages();
      int estimate = messages;
      if (readThisRun > 0 && doneThisRun > 0 && size > offset) {
        estimate =
            messages + (int) Math.round((size - offset) * (double) doneThisRun / readThisRun);
      } else if (size > offset && messages > 0 && offset > 0) {
        estimate = (int) Math.round(messages * (double) size / offset);
      }
      events.progress(
          new ContainerProgress(
              name,
              messages,
              estimate,
              Math.min(offset, size),
              size,
              eta.remaining(Math.min(offset, size), size)));
    }
  }
}
