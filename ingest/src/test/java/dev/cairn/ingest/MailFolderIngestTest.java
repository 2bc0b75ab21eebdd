package dev.cairn.ingest;

import static dev.cairn.ingest.MboxIngestTest.ids;
import static dev.cairn.ingest.MboxIngestTest.ingest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ingest.MboxIngestTest.Recorder;
import dev.cairn.ingest.mail.MailFolder;
import dev.cairn.ingest.mail.MboxMessage;
import dev.cairn.ingest.mail.RealMailboxes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maildir (with Maildir++ subfolders) and Apple Mail {@code Messages} folders indexed as one
 * container each, built in the test from the real shared messages and Tika's real {@code .emlx}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailFolderIngestTest {
  List<MboxMessage> enron;

  @BeforeAll
  void readRealMessages() throws Exception {
    enron = RealMailboxes.read(RealMailboxes.ENRON);
    assertThat(enron).hasSizeGreaterThan(300);
  }

  /** A Maildir of {@code inbox} real messages (half in new/, half in cur/) and a .Sent folder. */
  Path maildir(Path tmp, int inbox) throws Exception {
    Path md = tmp.resolve("Maildir");
    for (String sub : List.of("cur", "new", "tmp", ".Sent/cur", ".Sent/new", ".Sent/tmp")) {
      Files.createDirectories(md.resolve(sub));
    }
    for (int i = 0; i < inbox; i++) {
      String unique = "1700000" + String.format("%03d", i) + ".M" + i + "P42.cairn";
      Path p =
          i % 2 == 0
              ? md.resolve("new").resolve(unique)
              : md.resolve("cur").resolve(unique + ":2,S");
      Files.write(p, real(i));
    }
    Path plain = TestData.doc("emails_edge_cases_mikel_mail/plain_emails");
    List<Path> sent;
    try (Stream<Path> s = Files.list(plain)) {
      sent = s.filter(p -> p.toString().endsWith(".eml")).sorted().limit(5).toList();
    }
    for (int i = 0; i < sent.size(); i++) {
      Files.copy(sent.get(i), md.resolve(".Sent/cur").resolve("1600000" + i + ".M1P1.cairn:2,S"));
    }
    // a delivery in progress: never read
    Files.write(md.resolve("tmp/1800000000.M9P9.cairn"), real(inbox));
    return md;
  }

  /** Real message {@code i} with a Message-ID of its own (most Enron messages have none). */
  byte[] real(int i) {
    return RealMailboxes.copyOf(enron.get(i), 0, i);
  }

  /** The Message-ID of {@link #real(int)}, without angle brackets. */
  String id(int i) {
    return MailFolderIngest.messageId(real(i));
  }

  static List<DocumentRecord> messages(DocumentStore store, Path folder) {
    return store.documents(folder).stream().filter(d -> d.parentId() == null).toList();
  }

  @Test
  void aMaildirIsOneContainerWithEachMessageItsOwnDocument(@TempDir Path tmp) throws Exception {
    Path md = maildir(tmp, 20);
    assertThat(MailFolder.kind(md)).isEqualTo(MailFolder.Kind.MAILDIR);
    try (DocumentStore store = DocumentStore.open(tmp.resolve("documents.sqlite"))) {
      Recorder rec = new Recorder();
      IngestSummary s = ingest(store, tmp, rec);

      assertThat(s.indexed()).isEqualTo(1);
      assertThat(store.files(java.util.Optional.empty())).hasSize(1);
      FileRecord file = store.file(md).orElseThrow();
      assertThat(file.state()).isEqualTo(FileState.INDEXED);
      assertThat(file.reason()).isNull();
      List<DocumentRecord> docs = messages(store, md);
      assertThat(docs).hasSize(25);
      assertThat(docs).allMatch(d -> "message/rfc822".equals(d.mediaType()));
      assertThat(docs.stream().filter(d -> "Sent".equals(d.metadata().get("mail.folder"))))
          .hasSize(5);
      assertThat(docs.stream().filter(d -> "".equals(d.metadata().get("mail.folder")))).hasSize(20);
      Set<String> ids =
          docs.stream().map(d -> MboxIngestTest.bare(d.messageId())).collect(Collectors.toSet());
      for (int i = 0; i < 20; i++) {
        assertThat(ids).contains(id(i));
      }
      assertThat(ids).doesNotContain(id(20)); // the one in tmp/
      List<ContainerMessage> rows = new ContainerStore(store).messages(md);
      assertThat(rows).hasSize(25).allMatch(r -> r.state() == FileState.INDEXED);
      assertThat(rec.added).hasSize(store.chunkCount());
      assertThat(file.chunks()).isEqualTo(store.chunkCount());
      assertThat(file.documents()).isEqualTo(store.documents(md).size());
      assertThat(rec.containers.getLast().describe())
          .isEqualTo("Maildir: 25 of 25 messages (100 %)");
      assertThat(store.lexicalSearch("enron", 5, ChunkFilter.NONE)).isNotEmpty();
    }
  }

  @Test
  void anAddedMessageIsTheOnlyOneReadAndADeletedOneLosesItsDocument(@TempDir Path tmp)
      throws Exception {
    Path md = maildir(tmp, 10);
    try (DocumentStore store = DocumentStore.open(tmp.resolve("documents.sqlite"))) {
      ingest(store, md, IngestListener.NONE);
      Set<Long> before = Set.copyOf(ids(store.chunksOfFile(md)));
      assertThat(messages(store, md)).hasSize(15);

      // a client reads the mail: new/ to cur/ with a flag; nothing is read again
      Path fresh;
      try (Stream<Path> s = Files.list(md.resolve("new"))) {
        fresh = s.sorted().findFirst().orElseThrow();
      }
      Files.move(fresh, md.resolve("cur").resolve(fresh.getFileName() + ":2,S"));
      Recorder moved = new Recorder();
      ingest(store, md, moved);
      assertThat(moved.added).isEmpty();
      assertThat(moved.removed).isEmpty();
      assertThat(Set.copyOf(ids(store.chunksOfFile(md)))).isEqualTo(before);

      // new mail delivered: only it is read
      Files.write(md.resolve("new/1900000000.M1P1.cairn"), real(50));
      Recorder added = new Recorder();
      ingest(store, md, added);
      assertThat(added.added).isNotEmpty();
      assertThat(added.added.stream().map(ChunkRecord::documentId).distinct()).hasSize(1);
      assertThat(added.added.getFirst().provenance().messageId()).isEqualTo("<" + id(50) + ">");
      assertThat(added.removed).isEmpty();
      assertThat(ids(store.chunksOfFile(md))).containsAll(before);
      assertThat(messages(store, md)).hasSize(16);

      // a message deleted: its document and chunks go, the rest stay
      DocumentRecord victim =
          messages(store, md).stream()
              .filter(d -> ("<" + id(1) + ">").equals(d.messageId()))
              .findFirst()
              .orElseThrow();
      List<Long> victimChunks =
          store.chunksOfFile(md).stream()
              .filter(c -> c.documentId() == victim.id())
              .map(ChunkRecord::id)
              .toList();
      try (Stream<Path> s = Files.list(md.resolve("cur"))) {
        Files.delete(
            s.filter(p -> p.getFileName().toString().startsWith("1700000001."))
                .findFirst()
                .orElseThrow());
      }
      Recorder deleted = new Recorder();
      ingest(store, md, deleted);
      assertThat(deleted.added).isEmpty();
      assertThat(deleted.removed).containsExactlyInAnyOrderElementsOf(victimChunks);
      assertThat(messages(store, md)).hasSize(15).noneMatch(d -> d.id() == victim.id());
      FileRecord file = store.file(md).orElseThrow();
      assertThat(file.documents()).isEqualTo(store.documents(md).size());
      assertThat(file.chunks()).isEqualTo(store.chunksOfFile(md).size());
      assertThat(new ContainerStore(store).messages(md)).hasSize(15);
    }
  }

  @Test
  void aChangedMessagePathFromTheWatcherIndexesTheWholeFolderNotTheFile(@TempDir Path tmp)
      throws Exception {
    Path md = maildir(tmp, 4);
    try (DocumentStore store = DocumentStore.open(tmp.resolve("documents.sqlite"))) {
      ingest(store, md, IngestListener.NONE);
      Path added = md.resolve(".Sent/new/1900000001.M2P2.cairn");
      Files.write(added, real(60));
      Recorder rec = new Recorder();
      ingest(store, added, rec); // what the folder watcher reports
      assertThat(store.files(java.util.Optional.empty()))
          .extracting(FileRecord::path)
          .containsExactly(md);
      assertThat(messages(store, md)).hasSize(10);
      assertThat(rec.added.stream().map(ChunkRecord::documentId).distinct()).hasSize(1);
      assertThat(MailFolder.enclosing(added)).isEqualTo(md);
    }
  }

  @Test
  void theFolderWatcherSeesMailDeliveredIntoAMaildirPlusPlusSubfolder(@TempDir Path tmp)
      throws Exception {
    Path md = maildir(tmp, 2);
    java.util.concurrent.BlockingQueue<Set<Path>> batches =
        new java.util.concurrent.LinkedBlockingQueue<>();
    try (FolderWatcher w =
        new FolderWatcher(List.of(tmp), java.time.Duration.ofMillis(200), batches::add)) {
      Path added = md.resolve(".Sent/new/1900000002.M3P3.cairn");
      Files.write(added, real(61));
      java.util.Set<Path> seen = new java.util.HashSet<>();
      while (!seen.contains(added)) {
        Set<Path> b = batches.poll(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(b).as("the watcher reported nothing for %s within 30 s", added).isNotNull();
        seen.addAll(b);
      }
      assertThat(MailFolder.enclosing(added)).isEqualTo(md);
    }
  }

  @Test
  void anInterruptedFolderRunResumesWithTheMessagesNotYetCommitted(@TempDir Path tmp)
      throws Exception {
    Path md = maildir(tmp, 300);
    try (DocumentStore store = DocumentStore.open(tmp.resolve("documents.sqlite"))) {
      CancellationToken cancel = new CancellationToken();
      Recorder first = new Recorder();
      first.onCommit = cancel::cancel; // stop after the first committed batch
      ingest(store, md, first, cancel);
      assertThat(store.file(md).orElseThrow().state()).isEqualTo(FileState.PENDING);
      int committed = messages(store, md).size();
      assertThat(committed).isBetween(1, 304);
      Set<Long> kept = Set.copyOf(ids(store.chunksOfFile(md)));

      Recorder second = new Recorder();
      ingest(store, md, second);

      assertThat(second.containers.getFirst().messagesDone()).isEqualTo(committed);
      assertThat(ids(second.added)).doesNotContainAnyElementsOf(kept);
      List<DocumentRecord> docs = messages(store, md);
      assertThat(docs).hasSize(305);
      // no message twice: the 300 inbox copies have distinct Message-IDs
      assertThat(
              docs.stream()
                  .filter(d -> "".equals(d.metadata().get("mail.folder")))
                  .map(DocumentRecord::messageId)
                  .distinct())
          .hasSize(300);
      assertThat(new ContainerStore(store).messages(md)).hasSize(305);
      FileRecord file = store.file(md).orElseThrow();
      assertThat(file.state()).isEqualTo(FileState.INDEXED);
      assertThat(file.documents()).isEqualTo(store.documents(md).size());
      assertThat(file.chunks()).isEqualTo(store.chunksOfFile(md).size());
    }
  }

  @Test
  void anAppleMailMessagesFolderIndexesItsEmlxFilesAndRecordsABrokenOne(@TempDir Path tmp)
      throws Exception {
    Path messages = tmp.resolve("Mail/V10/Account/INBOX.mbox/1A2B/Data/Messages");
    Files.createDirectories(messages);
    Files.copy(
        TestData.doc("tika_test_documents/email/testEMLX.emlx"), messages.resolve("101.emlx"));
    byte[] real = real(7);
    byte[] emlx =
        concat(
            (real.length + "\n").getBytes(StandardCharsets.US_ASCII),
            real,
            "<?xml version=\"1.0\"?><plist version=\"1.0\"><dict/></plist>\n"
                .getBytes(StandardCharsets.US_ASCII));
    Files.write(messages.resolve("102.partial.emlx"), emlx);
    Files.write(
        messages.resolve("103.emlx"),
        "99999\nFrom: a@b\n\nshort".getBytes(StandardCharsets.US_ASCII));
    Files.writeString(messages.resolve("notes.txt"), "not a message");
    assertThat(MailFolder.kind(messages)).isEqualTo(MailFolder.Kind.EMLX);
    try (DocumentStore store = DocumentStore.open(tmp.resolve("documents.sqlite"))) {
      ingest(store, tmp.resolve("Mail"), IngestListener.NONE);

      assertThat(store.files(java.util.Optional.empty()))
          .extracting(FileRecord::path)
          .containsExactly(messages);
      FileRecord file = store.file(messages).orElseThrow();
      assertThat(file.state()).isEqualTo(FileState.INDEXED);
      assertThat(file.reason())
          .startsWith("1 of 3 messages not indexed (1 failed, 0 skipped); first: message")
          .contains("byte count 99999 is past the end of the file");
      List<DocumentRecord> docs = messages(store, messages);
      assertThat(docs).hasSize(2).allMatch(d -> "INBOX".equals(d.metadata().get("mail.folder")));
      assertThat(docs)
          .extracting(DocumentRecord::title)
          .contains("[jira] Commented: (TIKA-461) RFC822 messages not parsed");
      assertThat(docs.stream().map(DocumentRecord::messageId)).contains("<" + id(7) + ">");
      // the plist after the message is not part of its text
      assertThat(store.chunksOfFile(messages)).noneMatch(c -> c.text().contains("<key>flags"));
      List<ContainerMessage> rows = new ContainerStore(store).messages(messages);
      assertThat(rows)
          .extracting(ContainerMessage::state)
          .containsOnly(FileState.INDEXED, FileState.FAILED);
    }
  }

  static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
