package dev.cairn.ingest.bench;

import dev.cairn.ingest.CancellationToken;
import dev.cairn.ingest.DocumentRecord;
import dev.cairn.ingest.DocumentStore;
import dev.cairn.ingest.FileRecord;
import dev.cairn.ingest.IngestChildMain;
import dev.cairn.ingest.IngestListener;
import dev.cairn.ingest.IngestOptions;
import dev.cairn.ingest.Ingestor;
import dev.cairn.ingest.TestData;
import dev.cairn.ingest.mail.MailFolder;
import dev.cairn.ingest.mail.MboxMessage;
import dev.cairn.ingest.mail.PstMessages;
import dev.cairn.ingest.mail.RealMailboxes;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The mail benchmark for the keyed containers (no embedding): {@code --format maildir} generates a
 * Maildir of N files from the 1,689 real Enron and linux-s390 messages (Message-IDs and dates
 * rewritten as {@link RealMailboxes} does for the mbox benchmark); {@code --format pst} reads the
 * real PSTs of the Tika test documents (a PST cannot be generated), each ingested {@code --repeat}
 * times into a fresh store. Both measure the reader alone, a full ingest (messages/s, peak heap), a
 * {@code kill -9} of an ingesting child JVM in the middle followed by a resume (every message once,
 * none lost), and for the Maildir 100 new files delivered to {@code new/}.
 *
 * <p>Run: {@code BENCH_JVM_OPTS=-Xmx1g ./bench mail --format maildir --messages 20000}, {@code
 * ./bench mail --format pst --repeat 20}.
 */
final class MailContainerBenchmark {
  private static final String[] PSTS = {
    "tika_test_documents/email/testPST.pst",
    "tika_test_documents/email/testPST_variousBodyTypes.pst"
  };

  private MailContainerBenchmark() {}

  static void run(String format, int count, int repeat) throws Exception {
    Path work = Files.createTempDirectory("cairn-mail-bench");
    out(
        "mail benchmark (%s): max heap %d MB, %d cores, work dir %s",
        format,
        Runtime.getRuntime().maxMemory() >> 20,
        Runtime.getRuntime().availableProcessors(),
        work);
    switch (format) {
      case "maildir" -> maildir(work, count);
      case "pst" -> pst(work, repeat);
      default ->
          throw new IllegalArgumentException(
              "unknown --format '" + format + "': mbox, maildir or pst");
    }
  }

  // ------------------------------------------------------------------------- Maildir

  private static void maildir(Path work, int count) throws Exception {
    List<MboxMessage> real = RealMailboxes.all();
    Path root = Files.createDirectories(work.resolve("mail"));
    Path dir = root.resolve("Maildir");
    long t0 = System.nanoTime();
    Set<String> ids = new HashSet<>(writeMaildir(real, dir, 0, count, "cur"));
    long size = folderBytes(dir);
    out(
        "generated a Maildir of %,d files, %.1f MB in %.1f s",
        count, size / 1e6, (System.nanoTime() - t0) / 1e9);

    t0 = System.nanoTime();
    int read = 0;
    for (MailFolder.Entry e : MailFolder.list(dir, MailFolder.Kind.MAILDIR)) {
      MailFolder.read(e, Long.MAX_VALUE);
      read++;
    }
    double readS = (System.nanoTime() - t0) / 1e9;
    out(
        "reader: %,d messages in %.1f s = %,.0f messages/s, %.0f MB/s",
        read, readS, read / readS, size / 1e6 / readS);

    resetPeaks();
    try (DocumentStore store = DocumentStore.open(work.resolve("documents.sqlite"))) {
      t0 = System.nanoTime();
      ingest(store, root);
      double s = (System.nanoTime() - t0) / 1e9;
      FileRecord f = store.file(dir).orElseThrow();
      out(
          "ingest: %,d messages in %.1f s = %.0f messages/s, %.2f MB/s; %s, %,d documents, %,d"
              + " chunks; peak heap %d MB",
          count, s, count / s, size / 1e6 / s, f.state(), f.documents(), f.chunks(), peakHeapMb());
      out("store: %.1f MB", Files.size(work.resolve("documents.sqlite")) / 1e6);

      List<String> more = writeMaildir(real, dir, count, 100, "new");
      t0 = System.nanoTime();
      ingest(store, root);
      double a = (System.nanoTime() - t0) / 1e9;
      Path aloneRoot = Files.createDirectories(work.resolve("alone"));
      writeMaildir(real, aloneRoot.resolve("Maildir"), count, 100, "new");
      double b;
      try (DocumentStore fresh = DocumentStore.open(work.resolve("alone.sqlite"))) {
        long t1 = System.nanoTime();
        ingest(fresh, aloneRoot);
        b = (System.nanoTime() - t1) / 1e9;
      }
      ids.addAll(more);
      out(
          "append 100 (new files in new/): %.2f s, %,d documents now; the same 100 alone in a"
              + " fresh store: %.2f s; a full run's average: %.2f s per 100 messages",
          a, store.file(dir).orElseThrow().documents(), b, s / count * 100);
      check("after the append", store, dir, ids);
    }
    killAndResume(work, root, dir, ids);
  }

  /** Writes messages {@code from .. from+count} of the copy sequence as files in {@code sub}. */
  private static List<String> writeMaildir(
      List<MboxMessage> real, Path dir, long from, int count, String sub) throws Exception {
    for (String s : List.of("cur", "new", "tmp")) {
      Files.createDirectories(dir.resolve(s));
    }
    List<String> ids = new ArrayList<>(count);
    for (long serial = from; serial < from + count; serial++) {
      MboxMessage m = real.get((int) (serial % real.size()));
      int copy = (int) (serial / real.size());
      String name = "1700000000." + serial + ".bench.cairn" + (sub.equals("cur") ? ":2,S" : "");
      Files.write(dir.resolve(sub).resolve(name), RealMailboxes.copyOf(m, copy, serial));
      ids.add(
          m.messageId() != null
              ? "c" + copy + "." + m.messageId()
              : "c" + copy + ".n" + m.index() + "@generated.cairn");
    }
    return ids;
  }

  private static long folderBytes(Path dir) throws Exception {
    long n = 0;
    for (MailFolder.Entry e : MailFolder.list(dir, MailFolder.Kind.MAILDIR)) {
      n += e.size();
    }
    return n;
  }

  // ------------------------------------------------------------------------- PST

  private static void pst(Path work, int repeat) throws Exception {
    List<Path> files = new ArrayList<>();
    for (String p : PSTS) {
      files.add(TestData.doc(p));
    }
    int messages = 0;
    long bytes = 0;
    long t0 = System.nanoTime();
    for (int r = 0; r < repeat; r++) {
      for (Path p : files) {
        try (PstMessages pst = PstMessages.open(p, 64L << 20)) {
          for (MailFolder.Entry e : pst.list()) {
            pst.read(e);
            if (r == 0) {
              messages++;
            }
          }
        }
        if (r == 0) {
          bytes += Files.size(p);
        }
      }
    }
    double readS = (System.nanoTime() - t0) / 1e9;
    out(
        "PSTs: %d files, %.2f MB, %d messages; reader, %d passes: %.2f s = %,.0f messages/s",
        files.size(), bytes / 1e6, messages, repeat, readS, messages * repeat / readS);

    resetPeaks();
    Path root = Files.createDirectories(work.resolve("pst"));
    for (Path p : files) {
      Files.copy(p, root.resolve(p.getFileName()));
    }
    List<Double> times = new ArrayList<>();
    int docs = 0;
    long chunks = 0;
    for (int r = 0; r < repeat; r++) {
      Path db = work.resolve("pst" + r + ".sqlite");
      try (DocumentStore store = DocumentStore.open(db)) {
        long t1 = System.nanoTime();
        ingest(store, root);
        times.add((System.nanoTime() - t1) / 1e9);
        if (r == 0) {
          for (Path p : files) {
            FileRecord f = store.file(root.resolve(p.getFileName())).orElseThrow();
            out(
                "  %s: %s, %d documents, %d chunks",
                p.getFileName(), f.state(), f.documents(), f.chunks());
            docs += f.documents();
            chunks += f.chunks();
          }
        }
      }
      Files.delete(db);
    }
    double total = times.stream().mapToDouble(Double::doubleValue).sum();
    List<Double> sorted = times.stream().sorted().toList();
    out(
        "ingest: %d runs into fresh stores, %d messages each (%d documents, %d chunks): %.2f s in"
            + " all = %.0f messages/s; per run median %.3f s, best %.3f s, first %.3f s; peak"
            + " heap %d MB",
        repeat,
        messages,
        docs,
        chunks,
        total,
        messages * repeat / total,
        sorted.get(sorted.size() / 2),
        sorted.get(0),
        times.get(0),
        peakHeapMb());
    Path big = root.resolve(files.get(0).getFileName());
    Set<String> keys = new HashSet<>();
    try (PstMessages pst = PstMessages.open(big, 64L << 20)) {
      pst.list().forEach(e -> keys.add(e.key()));
    }
    Path one = Files.createDirectories(work.resolve("pst-one"));
    Files.copy(big, one.resolve(big.getFileName()));
    killAndResumeByKey(work, one, one.resolve(big.getFileName()), keys);
  }

  // ------------------------------------------------------------------------- kill -9

  /** A child JVM ingests {@code root}; killed half-way through; then resumed in this JVM. */
  private static void killAndResume(Path work, Path root, Path container, Set<String> ids)
      throws Exception {
    Path db = work.resolve("killed.sqlite");
    int atKill = killChild(db, root, container, ids.size());
    try (DocumentStore store = DocumentStore.open(db)) {
      long t0 = System.nanoTime();
      ingest(store, root);
      out(
          "resume: %.1f s for the %,d messages not committed before the kill",
          (System.nanoTime() - t0) / 1e9, ids.size() - atKill);
      check("after kill -9 and resume", store, container, ids);
    }
  }

  /** As {@link #killAndResume} for a container whose messages are checked by key. */
  private static void killAndResumeByKey(Path work, Path root, Path container, Set<String> keys)
      throws Exception {
    Path db = work.resolve("killed-pst.sqlite");
    int atKill = killChild(db, root, container, keys.size());
    try (DocumentStore store = DocumentStore.open(db)) {
      ingest(store, root);
    }
    Set<String> stored = new HashSet<>();
    int rows = 0;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT m.message_key FROM container_messages m JOIN files f ON f.id = m.file_id"
                    + " WHERE f.path = ?")) {
      ps.setString(1, container.toAbsolutePath().toString());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          stored.add(rs.getString(1));
          rows++;
        }
      }
    }
    out(
        "after kill -9 (%d of %d committed) and resume: %d message rows, %d distinct keys, %s",
        atKill,
        keys.size(),
        rows,
        stored.size(),
        rows == keys.size() && stored.equals(keys)
            ? "every message once"
            : "MISMATCH: expected the keys " + keys);
  }

  /**
   * Starts {@link IngestChildMain} under {@code -Xmx1g}, kills it (SIGKILL) once it has committed a
   * batch of {@code container}, and returns the messages committed at the kill.
   */
  private static int killChild(Path db, Path root, Path container, int total) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(IngestChildMain.class.getName());
    cmd.add(db.toString());
    cmd.add(root.toString());
    Process child =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(db.resolveSibling(db.getFileName() + ".log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    int committed = 0;
    while (child.isAlive() && System.nanoTime() < deadline) {
      committed = committedMessages(db, container);
      if (committed >= Math.max(1, total / 2)) {
        break;
      }
      Thread.sleep(20);
    }
    boolean alive = child.isAlive();
    child.destroyForcibly();
    child.waitFor(60, TimeUnit.SECONDS);
    int atKill = committedMessages(db, container);
    out(
        alive && atKill < total
            ? "kill -9 of the ingesting child after %,d of %,d messages were committed"
            : "the child had committed %,d of %,d messages and ended before the kill landed"
                + " (the container is committed in too few batches to kill inside it)",
        atKill,
        total);
    return atKill;
  }

  private static int committedMessages(Path db, Path container) {
    if (!Files.exists(db)) {
      return 0;
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM container_messages m JOIN files f ON f.id = m.file_id"
                    + " WHERE f.path = ?")) {
      ps.setString(1, container.toAbsolutePath().toString());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    } catch (SQLException e) {
      return 0; // the schema is not there yet, or the database is busy
    }
  }

  /** Every expected Message-ID exactly once among the container's messages. */
  private static void check(String when, DocumentStore store, Path container, Set<String> ids) {
    List<String> got =
        store.documents(container).stream()
            .filter(d -> d.parentId() == null)
            .map(DocumentRecord::messageId)
            .map(m -> m == null ? null : m.replaceAll("^<|>$", ""))
            .toList();
    Set<String> distinct = new HashSet<>(got);
    Set<String> lost = new HashSet<>(ids);
    lost.removeAll(distinct);
    out(
        "%s: %,d messages stored, %,d distinct, %,d duplicated, %,d lost",
        when, got.size(), distinct.size(), got.size() - distinct.size(), lost.size());
  }

  // ------------------------------------------------------------------------- helpers

  private static void ingest(DocumentStore store, Path root) {
    try (Ingestor ing = new Ingestor(store, IngestOptions.builder().build())) {
      ing.ingest(List.of(root), IngestListener.NONE, new CancellationToken());
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
