package dev.cairn.ingest.bench;

import dev.cairn.ingest.CancellationToken;
import dev.cairn.ingest.ChunkRecord;
import dev.cairn.ingest.DocumentStore;
import dev.cairn.ingest.FileRecord;
import dev.cairn.ingest.IngestListener;
import dev.cairn.ingest.IngestOptions;
import dev.cairn.ingest.Ingestor;
import dev.cairn.ingest.mail.MboxMessage;
import dev.cairn.ingest.mail.MboxReader;
import dev.cairn.ingest.mail.MboxWriter;
import dev.cairn.ingest.mail.RealMailboxes;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Mailbox streaming benchmark (no embedding): generates a big mbox from the 1,689 real messages of
 * the shared Enron and linux-s390 archives (Message-IDs and dates rewritten, so every copy is a
 * distinct message), then measures the reader alone, a full ingest (messages/s, MB/s, chunks, peak
 * heap), appending 100 messages, and a compaction (every 10th message removed).
 *
 * <p>Run: {@code BENCH_JVM_OPTS=-Xmx1g ./bench mail [--messages 50000]}; {@code --format maildir}
 * or {@code --format pst [--repeat 20]} runs {@link MailContainerBenchmark} instead; {@code --write
 * FILE} only writes the generated mailbox of {@code --messages} messages to FILE.
 */
public final class MboxBenchmark {
  private MboxBenchmark() {}

  public static void main(String[] args) throws Exception {
    int count = 50_000;
    String format = "mbox";
    int repeat = 20;
    Path write = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--messages" -> count = Integer.parseInt(args[++i]);
        case "--format" -> format = args[++i];
        case "--repeat" -> repeat = Integer.parseInt(args[++i]);
        case "--write" -> write = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
      }
    }
    if (write != null) {
      // only the generated mailbox, for the end-to-end benchmark (packaging/bench-mail-e2e.sh):
      // message i is the same bytes whatever the count, so a bigger count appends to a smaller one
      List<String> ids = RealMailboxes.generate(RealMailboxes.all(), count, write);
      out("wrote %,d messages, %.1f MB to %s", ids.size(), Files.size(write) / 1e6, write);
      return;
    }
    if (!format.equals("mbox")) {
      MailContainerBenchmark.run(format, count, repeat);
      return;
    }
    Path work = Files.createTempDirectory("cairn-mail-bench");
    Path mbox = work.resolve("archive.mbox");
    out(
        "mailbox benchmark: %,d messages, max heap %d MB, %d cores, work dir %s",
        count,
        Runtime.getRuntime().maxMemory() >> 20,
        Runtime.getRuntime().availableProcessors(),
        work);
    List<MboxMessage> real = RealMailboxes.all();
    long t0 = System.nanoTime();
    List<String> ids = RealMailboxes.generate(real, count, mbox);
    long size = Files.size(mbox);
    out(
        "generated %,d messages, %.1f MB in %.1f s",
        ids.size(), size / 1e6, (System.nanoTime() - t0) / 1e9);

    // 1. the reader alone
    t0 = System.nanoTime();
    int read = 0;
    try (MboxReader r = MboxReader.open(mbox, 0, 0, 96L << 20)) {
      while (r.next() != null) {
        read++;
      }
    }
    double readS = (System.nanoTime() - t0) / 1e9;
    out(
        "reader: %,d messages in %.1f s = %,.0f messages/s, %.0f MB/s",
        read, readS, read / readS, size / 1e6 / readS);

    // 2. full ingest into a fresh store
    resetPeaks();
    AtomicLong chunks = new AtomicLong();
    IngestListener counting =
        new IngestListener() {
          @Override
          public void chunksAdded(List<ChunkRecord> c) {
            chunks.addAndGet(c.size());
          }
        };
    try (DocumentStore store = DocumentStore.open(work.resolve("documents.sqlite"))) {
      t0 = System.nanoTime();
      ingest(store, mbox, counting);
      double s = (System.nanoTime() - t0) / 1e9;
      FileRecord f = store.file(mbox).orElseThrow();
      out(
          "ingest: %,d messages in %.1f s = %.0f messages/s, %.2f MB/s; %s, %,d documents, %,d"
              + " chunks; peak heap %d MB",
          count, s, count / s, size / 1e6 / s, f.state(), f.documents(), f.chunks(), peakHeapMb());
      out("store: %.1f MB", Files.size(work.resolve("documents.sqlite")) / 1e6);
      double perMessage = s / count;

      // 3. append 100 messages
      List<String> more = new ArrayList<>();
      try (OutputStream o = Files.newOutputStream(mbox, StandardOpenOption.APPEND)) {
        RealMailboxes.append(real, count, 100, o, more);
      }
      chunks.set(0);
      t0 = System.nanoTime();
      ingest(store, mbox, counting);
      double a = (System.nanoTime() - t0) / 1e9;
      long appendedChunks = chunks.get();
      // the same 100 messages as a mailbox of their own, into a fresh store: the proportional cost
      Path alone = work.resolve("alone.mbox");
      try (OutputStream o = Files.newOutputStream(alone)) {
        RealMailboxes.append(real, count, 100, o, new ArrayList<>());
      }
      double b;
      try (DocumentStore fresh = DocumentStore.open(work.resolve("alone.sqlite"))) {
        long t1 = System.nanoTime();
        ingest(fresh, alone, IngestListener.NONE);
        b = (System.nanoTime() - t1) / 1e9;
      }
      out(
          "append 100: %.2f s (%,d chunks added); the same 100 messages alone in a fresh store:"
              + " %.2f s; a full run's average: %.2f s per 100 messages",
          a, appendedChunks, b, perMessage * 100);

      // 4. compaction: every 10th message removed, the rest rewritten at new offsets
      Path compacted = work.resolve("compacted.tmp");
      int kept = 0;
      try (MboxReader r = MboxReader.open(mbox, 0, 0, 96L << 20);
          OutputStream o = new BufferedOutputStream(Files.newOutputStream(compacted), 1 << 20)) {
        MboxMessage m;
        while ((m = r.next()) != null) {
          if (m.index() % 10 != 5) {
            MboxWriter.append(o, "From MAILER-DAEMON Sat Nov 21 23:57:10 2026", m.content());
            kept++;
          }
        }
      }
      Files.move(compacted, mbox, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      chunks.set(0);
      AtomicLong removed = new AtomicLong();
      IngestListener both =
          new IngestListener() {
            @Override
            public void chunksAdded(List<ChunkRecord> c) {
              chunks.addAndGet(c.size());
            }

            @Override
            public void chunksRemoved(long[] ids) {
              removed.addAndGet(ids.length);
            }
          };
      t0 = System.nanoTime();
      ingest(store, mbox, both);
      double c = (System.nanoTime() - t0) / 1e9;
      out(
          "compaction: %,d of %,d messages kept, reconciled in %.1f s; %,d chunks added, %,d"
              + " removed; %,d documents now",
          kept,
          count + 100,
          c,
          chunks.get(),
          removed.get(),
          store.file(mbox).orElseThrow().documents());
    }
  }

  private static void ingest(DocumentStore store, Path mbox, IngestListener l) {
    try (Ingestor ing = new Ingestor(store, IngestOptions.builder().build())) {
      ing.ingest(List.of(mbox), l, new CancellationToken());
    }
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
  }

  private static long peakHeapMb() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum >> 20;
  }

  private static void out(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
