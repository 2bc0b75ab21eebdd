package dev.cairn.ingest;

import dev.cairn.ingest.mail.MailFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the store up to date with one mail folder ({@link MailFolder}: a Maildir with its
 * Maildir++ subfolders, or an Apple Mail {@code Messages} folder of {@code .emlx} files). Each
 * message file is its own document (attachments as children) with its own status, extracted under
 * its own time limit; messages are committed in batches ({@link MboxIngest#BATCH_MESSAGES} or
 * {@link MboxIngest#BATCH_TIME}). The run compares the folder's message keys with the stored ones:
 * only messages without a row are read (new mail, or what a crashed or cancelled run had not
 * committed yet), and stored ones whose file is gone lose their documents. A renamed message (new
 * to cur, a flag change) keeps its key and is not read again.
 *
 * <p>Thread-safety: {@link #ingest} may run for several folders at once; each call has its own
 * extraction thread.
 */
final class MailFolderIngest {
  private static final Logger LOG = LoggerFactory.getLogger(MailFolderIngest.class);
  private static final long BATCH_CHARS = 8_000_000;
  private static final long PROGRESS_NANOS = 500_000_000L;

  private final MailFolderStore store;
  private final FileExtractor extractor;
  private final Chunker chunker;
  private final IngestOptions options;
  private final ContainerClock clock;

  MailFolderIngest(
      MailFolderStore store,
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
   * Brings the store up to date with one mail folder.
   *
   * @return the folder's final status row, or null when the run was cancelled (the folder stays
   *     PENDING with its committed messages)
   */
  FileRecord ingest(ScannedFile f, MboxIngest.Events events, CancellationToken cancel)
      throws IOException {
    MailFolder.Kind kind = MailFolder.kind(f.path());
    if (kind == null) {
      throw new IOException("not a Maildir or Apple Mail Messages folder: " + f.path());
    }
    return ingest(
        f,
        new Source() {
          @Override
          public String mediaType() {
            return kind.mediaType();
          }

          @Override
          public List<MailFolder.Entry> list() throws IOException {
            return MailFolder.list(f.path(), kind);
          }

          @Override
          public byte[] read(MailFolder.Entry e) throws IOException {
            return MailFolder.read(e, MboxIngest.MAX_MESSAGE_BYTES);
          }
        },
        events,
        cancel);
  }

  /**
   * A container whose messages have stable keys: a mail folder, a PST. Not thread-safe: one run.
   */
  interface Source {
    /** The media type the container's file row is stored with. */
    String mediaType();

    /** Every message now in the container, each with its stable key, sorted by key. */
    List<MailFolder.Entry> list() throws IOException;

    /** One message as RFC 822 bytes; an IOException records it FAILED with its message. */
    byte[] read(MailFolder.Entry e) throws IOException;
  }

  /**
   * Brings the store up to date with one keyed container; see {@link #ingest(ScannedFile,
   * MboxIngest.Events, CancellationToken)}.
   */
  FileRecord ingest(
      ScannedFile f, Source source, MboxIngest.Events events, CancellationToken cancel)
      throws IOException {
    String type = source.mediaType();
    List<Long> reset = new ArrayList<>();
    Map<String, MailFolderStore.Stored> stored = store.open(f, type, reset);
    if (!reset.isEmpty()) {
      events.committed(
          new ContainerStore.Result(null, List.of(), reset.stream().mapToLong(x -> x).toArray()));
    }
    List<MailFolder.Entry> entries = source.list();
    List<MailFolder.Entry> fresh = new ArrayList<>();
    long bytesTotal = 0;
    long bytesDone = 0;
    int nextOrdinal = 0;
    for (MailFolderStore.Stored s : stored.values()) {
      nextOrdinal = Math.max(nextOrdinal, s.ordinal() + 1);
    }
    for (MailFolder.Entry e : entries) {
      bytesTotal += e.size();
      if (stored.remove(e.key()) == null) {
        fresh.add(e);
      } else {
        bytesDone += e.size();
      }
    }
    // what is left in `stored` has no file any more
    List<MailFolderStore.Stored> gone = List.copyOf(stored.values());
    if (!gone.isEmpty()) {
      LOG.info("{}: {} messages deleted from the folder", f.path(), gone.size());
    }
    String name = f.path().getFileName().toString();
    int total = entries.size();
    int done = total - fresh.size();
    List<ContainerStore.NewMessage> batch = new ArrayList<>();
    List<MailFolderStore.Stored> removed = new ArrayList<>(gone);
    long batchChars = 0;
    long batchStart = System.nanoTime();
    long lastProgress = 0;
    ContainerStore.Result last = null;
    ContainerEta eta = new ContainerEta(clock, bytesDone);
    events.progress(new ContainerProgress(name, done, total, bytesDone, bytesTotal));
    try (MessageExtraction extraction =
        new MessageExtraction(extractor, options.fileTimeLimit(), options.maxTextChars())) {
      for (MailFolder.Entry e : fresh) {
        ContainerStore.NewMessage m = extract(e, nextOrdinal++, name, source, extraction);
        if (m == null) {
          commitIfAny(f, type, batch, removed, events);
          return null; // interrupted: keep what is committed, stay PENDING
        }
        batch.add(m);
        for (ExtractedDocument d : m.documents()) {
          batchChars += d.textLength();
        }
        done++;
        bytesDone += e.size();
        if (batch.size() >= MboxIngest.BATCH_MESSAGES
            || batchChars >= BATCH_CHARS
            || System.nanoTime() - batchStart >= MboxIngest.BATCH_TIME.toNanos()) {
          last = commitIfAny(f, type, batch, removed, events);
          batchChars = 0;
          batchStart = System.nanoTime();
        }
        long now = clock.nanoTime();
        if (now - lastProgress >= PROGRESS_NANOS) {
          lastProgress = now;
          events.progress(
              new ContainerProgress(
                  name, done, total, bytesDone, bytesTotal, eta.remaining(bytesDone, bytesTotal)));
        }
        if (cancel.isPaused() || cancel.isCancelled()) {
          commitIfAny(f, type, batch, removed, events);
          try {
            if (!cancel.awaitRunnable()) {
              return null;
            }
          } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            return null;
          }
        }
      }
    }
    commitIfAny(f, type, batch, removed, events);
    last = finish(f, type, store.tally(f.key()), events);
    events.progress(new ContainerProgress(name, total, total, bytesTotal, bytesTotal));
    return last.file();
  }

  private ContainerStore.Result commitIfAny(
      ScannedFile f,
      String type,
      List<ContainerStore.NewMessage> batch,
      List<MailFolderStore.Stored> removed,
      MboxIngest.Events events) {
    if (batch.isEmpty() && removed.isEmpty()) {
      return null;
    }
    ContainerStore.Result r =
        store.commit(f, type, List.copyOf(batch), List.copyOf(removed), FileState.PENDING, null);
    batch.clear();
    removed.clear();
    events.committed(r);
    return r;
  }

  private ContainerStore.Result finish(
      ScannedFile f, String type, ContainerStore.Tally tally, MboxIngest.Events events) {
    ContainerStore.Result r =
        store.commit(f, type, List.of(), List.of(), tally.state(), tally.reason());
    events.committed(r);
    return r;
  }

  /** One message's row and documents; null when interrupted before it was extracted. */
  private ContainerStore.NewMessage extract(
      MailFolder.Entry e, int ordinal, String name, Source source, MessageExtraction extraction) {
    FileState state = FileState.FAILED;
    String reason = null;
    List<ExtractedDocument> docs = List.of();
    List<List<ChunkDraft>> chunks = List.of();
    byte[] bytes = null;
    if (e.size() > MboxIngest.MAX_MESSAGE_BYTES) {
      state = FileState.SKIPPED;
      reason =
          "too large: "
              + (e.size() >> 20)
              + " MB > "
              + (MboxIngest.MAX_MESSAGE_BYTES >> 20)
              + " MB limit";
    } else {
      try {
        bytes = source.read(e);
      } catch (IOException x) {
        reason = FileExtractor.message(x);
      }
    }
    String messageId = bytes == null ? null : messageId(bytes);
    String hash = bytes == null ? "size:" + e.size() : sha256(bytes);
    if (bytes != null) {
      try {
        Extraction ex = extraction.extract(bytes, name + "/" + e.key());
        docs = ex.documents();
        chunks = new ArrayList<>();
        int count = 0;
        for (ExtractedDocument d : docs) {
          d.metadata.put("mail.folder", e.folder());
          d.metadata.put("mail.key", e.key());
          List<ChunkDraft> c = chunker.chunk(d.sections);
          chunks.add(c);
          count += c.size();
        }
        if (count == 0) {
          state = FileState.SKIPPED;
          reason = "no text content";
          docs = List.of();
          chunks = List.of();
        } else {
          state = FileState.INDEXED;
          reason = ex.note();
        }
      } catch (UnsupportedDocumentException x) {
        if (x.state() == FileState.PENDING || Thread.currentThread().isInterrupted()) {
          return null;
        }
        state = x.state();
        reason = x.reason();
      }
    }
    if (state == FileState.FAILED) {
      LOG.warn("{}: message {} ({}): {}", name, e.key(), e.path(), reason);
    }
    return new ContainerStore.NewMessage(
        ordinal, 0, e.size(), e.key(), messageId, hash, state, reason, docs, chunks);
  }

  /** The first Message-ID header, unfolded, without angle brackets; null when there is none. */
  static String messageId(byte[] rfc822) {
    String head = new String(rfc822, 0, headerEnd(rfc822), StandardCharsets.ISO_8859_1);
    String[] lines = head.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      int colon = l.indexOf(':');
      if (colon > 0 && l.substring(0, colon).strip().equalsIgnoreCase("message-id")) {
        StringBuilder v = new StringBuilder(l.substring(colon + 1).strip());
        while (i + 1 < lines.length
            && !lines[i + 1].isEmpty()
            && (lines[i + 1].charAt(0) == ' ' || lines[i + 1].charAt(0) == '\t')) {
          v.append(lines[++i].strip());
        }
        String id = v.toString().strip();
        if (id.startsWith("<") && id.indexOf('>') > 0) {
          id = id.substring(1, id.indexOf('>'));
        }
        return id.isEmpty() ? null : id;
      }
    }
    return null;
  }

  private static int headerEnd(byte[] b) {
    int limit = Math.min(b.length, 256 * 1024);
    for (int i = 0; i + 1 < limit; i++) {
      if (b[i] == '\n'
          && (b[i + 1] == '\n' || b[i + 1] == '\r' && i + 2 < limit && b[i + 2] == '\n')) {
        return i + 1;
      }
    }
    return limit;
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
