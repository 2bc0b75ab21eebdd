package dev.cairn.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.library.ChildJvm;
import dev.cairn.app.library.TestCorpus;
import dev.cairn.chat.embed.Embedder;
import dev.cairn.chat.embed.Embedders;
import dev.cairn.ingest.CancellationToken;
import dev.cairn.ingest.ChunkRecord;
import dev.cairn.ingest.DocumentRecord;
import dev.cairn.ingest.DocumentStore;
import dev.cairn.ingest.FileState;
import dev.cairn.ingest.IngestListener;
import dev.cairn.ingest.IngestOptions;
import dev.cairn.ingest.Ingestor;
import dev.cairn.ingest.mail.MboxMessage;
import dev.cairn.ingest.mail.MboxReader;
import dev.cairn.ingest.mail.MboxWriter;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a real {@code cairn index} process in the middle of a mailbox: the next run continues
 * inside the mailbox from the last committed batch (the messages committed before the kill keep
 * their chunks), and the collection ends with every message once, as an uninterrupted run has them.
 */
@Tag("reliability")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class MailboxCrashTest {
  static final int MESSAGES = 300;

  @Test
  void aRunKilledInsideAMailboxResumesThereAndLosesAndDuplicatesNothing(@TempDir Path tmp)
      throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("mail"));
    Path mbox = folder.resolve("archive.mbox");
    List<String> ids = generate(mbox);
    Map<String, List<String>> reference = reference(tmp, mbox);
    assertThat(reference).hasSize(MESSAGES);

    Path home = tmp.resolve("home");
    Path storeFile = home.resolve("collections/default/documents.sqlite");
    Process child =
        new ProcessBuilder(
                ChildJvm.command(
                    "dev.cairn.app.Main", "--home", home.toString(), "index", folder.toString()))
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("child.log").toFile())
            .start();
    int committed = awaitCommittedMessages(child, storeFile, 1);
    child.destroyForcibly(); // SIGKILL: nothing flushed, no shutdown hooks
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    int atKill = committedMessages(storeFile);
    assertThat(atKill).as(Files.readString(tmp.resolve("child.log"))).isBetween(1, MESSAGES - 1);
    assertThat(committed).isLessThanOrEqualTo(atKill);
    Map<String, List<Long>> chunksAtKill;
    try (DocumentStore store = DocumentStore.open(storeFile)) {
      assertThat(store.file(mbox).orElseThrow().state()).isEqualTo(FileState.PENDING);
      chunksAtKill = chunkIdsByMessage(store, mbox);
    }

    Cli.Result resumed = Cli.run("--home", home.toString(), "index", folder.toString());

    assertThat(resumed.code()).as(resumed.err()).isZero();
    try (DocumentStore store = DocumentStore.open(storeFile)) {
      assertThat(store.file(mbox).orElseThrow().state()).isEqualTo(FileState.INDEXED);
      List<DocumentRecord> messages =
          store.documents(mbox).stream().filter(d -> d.parentId() == null).toList();
      assertThat(messages.stream().map(d -> bare(d.messageId())).toList()).isEqualTo(ids);
      assertThat(textsByMessage(store, mbox)).isEqualTo(reference);
      // what was committed before the kill was not extracted again
      Map<String, List<Long>> after = chunkIdsByMessage(store, mbox);
      chunksAtKill.forEach((id, chunks) -> assertThat(after.get(id)).isEqualTo(chunks));
    }
    assertThat(Cli.run("--home", home.toString(), "validate").code()).isZero();
  }

  /** Short real Enron messages (one chunk each), copied with new Message-IDs. */
  static List<String> generate(Path mbox) throws Exception {
    List<MboxMessage> shortOnes = new ArrayList<>();
    Path enron = TestCorpus.sharedData().resolve("docs/emails_enron_sample/enron_sample.mbox");
    try (MboxReader r = MboxReader.open(enron, 0, 0, Long.MAX_VALUE)) {
      MboxMessage m;
      while ((m = r.next()) != null) {
        if (m.length() < 1500) {
          shortOnes.add(m);
        }
      }
    }
    assertThat(shortOnes).hasSizeGreaterThan(MESSAGES);
    List<String> ids = new ArrayList<>();
    try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(mbox))) {
      for (int i = 0; i < MESSAGES; i++) {
        String id = "crash" + i + "@generated.cairn";
        byte[] msg =
            MboxWriter.withHeader(
                shortOnes.get(i % shortOnes.size()).content(), "Message-ID", "<" + id + ">");
        MboxWriter.append(o, "From MAILER-DAEMON Sat Nov 21 23:57:10 2026", msg);
        ids.add(id);
      }
    }
    return ids;
  }

  /**
   * An uninterrupted run's chunk texts per message, chunked as {@code cairn index} chunks (the
   * embedder's token counter, its window less the two special tokens, as IndexingRun does).
   */
  static Map<String, List<String>> reference(Path tmp, Path mbox) throws Exception {
    try (Embedder embedder = Embedders.openDefault();
        DocumentStore store = DocumentStore.open(tmp.resolve("reference.sqlite"));
        Ingestor ing =
            new Ingestor(
                store,
                IngestOptions.builder()
                    .tokenCounter(embedder::countTokens)
                    .chunkTokens(Math.max(16, embedder.info().maxTokens() - 2))
                    .build())) {
      ing.ingest(List.of(mbox), IngestListener.NONE, new CancellationToken());
      return textsByMessage(store, mbox);
    }
  }

  /** Polls the child's store (read-only) until it has committed at least {@code n} messages. */
  static int awaitCommittedMessages(Process child, Path storeFile, int n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline) {
      if (!child.isAlive()) {
        throw new AssertionError("the indexing child ended before committing " + n + " messages");
      }
      int c = Files.exists(storeFile) ? committedMessages(storeFile) : 0;
      if (c >= n) {
        return c;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no message committed within 5 minutes");
  }

  static int committedMessages(Path storeFile) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + storeFile);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA query_only=ON");
      try (ResultSet rs = st.executeQuery("SELECT coalesce(max(messages), 0) FROM containers")) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    } catch (java.sql.SQLException e) {
      return 0; // the schema is not there yet
    }
  }

  static Map<String, List<String>> textsByMessage(DocumentStore store, Path mbox) {
    return store.chunksOfFile(mbox).stream()
        .filter(c -> c.provenance().parentDocumentId() == null)
        .collect(
            Collectors.groupingBy(
                c -> bare(c.provenance().messageId()),
                TreeMap::new,
                Collectors.mapping(ChunkRecord::text, Collectors.toList())));
  }

  static Map<String, List<Long>> chunkIdsByMessage(DocumentStore store, Path mbox) {
    return store.chunksOfFile(mbox).stream()
        .collect(
            Collectors.groupingBy(
                c -> bare(c.provenance().messageId()),
                TreeMap::new,
                Collectors.mapping(ChunkRecord::id, Collectors.toList())));
  }

  static String bare(String messageId) {
    return messageId == null ? null : messageId.replaceAll("^<|>$", "");
  }
}
