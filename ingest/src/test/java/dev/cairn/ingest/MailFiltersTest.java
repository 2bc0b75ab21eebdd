package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ingest.mail.MboxMessage;
import dev.cairn.ingest.mail.MboxWriter;
import dev.cairn.ingest.mail.RealMailboxes;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mail filters (sender, recipients, mail folder, date, has-attachment) on real messages: eight
 * linux-s390 list messages streamed from an mbox, three real messages (one with an attachment) in a
 * Thunderbird subfolder mbox, and six real Enron messages in a Maildir with a {@code .Work}
 * subfolder. Each filter is checked on both sides of a search: inside the keyword SQL ({@code
 * lexicalSearch}) and as the chunk predicate the vector index applies during its traversal ({@code
 * allowedChunks}), against what the real headers say.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailFiltersTest {
  /** linux-s390 list messages: file name, sender address, date (UTC). */
  static final List<String> LIST =
      List.of("0002", "0003", "0046", "0075", "0100", "0147", "0151", "0165");

  Path tmp;
  DocumentStore store;
  Path lists;
  Path attachments;
  Path maildir;
  Map<Long, DocumentRecord> docs = new HashMap<>();
  Map<Long, Long> chunkDoc = new HashMap<>();

  @BeforeAll
  void indexRealMail(@TempDir Path root) throws Exception {
    tmp = root;
    Path s390 = TestData.doc("emails_mailing_list_linux_s390/eml");
    Path mail = Files.createDirectories(tmp.resolve("docs/Mail"));
    lists = mail.resolve("lists.mbox");
    try (OutputStream out = Files.newOutputStream(lists)) {
      for (String n : LIST) {
        MboxWriter.append(
            out,
            "From MAILER-DAEMON Thu Jul  9 10:00:00 2026",
            Files.readAllBytes(s390.resolve(n + ".eml")));
      }
    }
    Path mikel = TestData.doc("emails_edge_cases_mikel_mail");
    attachments = Files.createDirectories(mail.resolve("Archives.sbd")).resolve("Old.mbox");
    try (OutputStream out = Files.newOutputStream(attachments)) {
      for (String n :
          List.of(
              "attachment_emails/attachment_content_disposition.eml",
              "plain_emails/basic_email.eml",
              "plain_emails/mix_caps_content_type.eml")) {
        MboxWriter.append(
            out,
            "From MAILER-DAEMON Mon Jun  6 22:21:22 2005",
            Files.readAllBytes(mikel.resolve(n)));
      }
    }
    maildir = tmp.resolve("docs/Maildir");
    for (String sub : List.of("cur", "new", "tmp", ".Work/cur", ".Work/new", ".Work/tmp")) {
      Files.createDirectories(maildir.resolve(sub));
    }
    List<MboxMessage> enron = RealMailboxes.read(RealMailboxes.ENRON);
    for (int i = 0; i < 6; i++) {
      Path dir = maildir.resolve(i < 3 ? "cur" : ".Work/cur");
      Files.write(
          dir.resolve("170000000" + i + ".M" + i + "P1.cairn:2,S"),
          RealMailboxes.copyOf(enron.get(i), 0, i));
    }
    store = DocumentStore.open(tmp.resolve("documents.sqlite"));
    try (Ingestor ing = new Ingestor(store, IngestOptions.builder().build())) {
      IngestSummary s =
          ing.ingest(List.of(tmp.resolve("docs")), IngestListener.NONE, new CancellationToken());
      assertThat(s.failed()).isZero();
    }
    for (Path p : List.of(lists, attachments, maildir)) {
      for (DocumentRecord d : store.documents(p)) {
        docs.put(d.id(), d);
      }
      for (ChunkRecord c : store.chunksOfFile(p)) {
        chunkDoc.put(c.id(), c.documentId());
      }
    }
    assertThat(messages(d -> d.file().equals(lists))).hasSize(LIST.size());
    assertThat(messages(d -> d.file().equals(maildir))).hasSize(6);
  }

  @AfterAll
  void close() {
    store.close();
  }

  /** The outermost message of a document. */
  DocumentRecord message(long documentId) {
    DocumentRecord d = docs.get(documentId);
    while (d.parentId() != null) {
      d = docs.get(d.parentId());
    }
    return d;
  }

  List<DocumentRecord> messages(Predicate<DocumentRecord> p) {
    return docs.values().stream().filter(d -> d.parentId() == null).filter(p).toList();
  }

  /** The chunks of the messages (with their attachments) that satisfy {@code p}. */
  Set<Long> chunksOfMessages(Predicate<DocumentRecord> p) {
    return chunkDoc.entrySet().stream()
        .filter(e -> p.test(message(e.getValue())))
        .map(Map.Entry::getKey)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The chunks the vector index may visit under {@code f}. */
  Set<Long> allowed(ChunkFilter f) {
    LongPredicate p = store.allowedChunks(f);
    return chunkDoc.keySet().stream()
        .filter(p::test)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static ChunkFilter mail(String sender, String recipient, String folder, boolean attachment) {
    return new ChunkFilter(null, Set.of(), null, null, sender, null, recipient, folder, attachment);
  }

  static ChunkFilter dated(Instant from, Instant to) {
    return new ChunkFilter(null, Set.of(), from, to, null, null, null, null, false);
  }

  Set<String> subjects(List<LexicalHit> hits) {
    return hits.stream()
        .map(h -> message(chunkDoc.get(h.chunkId())).title())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void fromKeepsOnlyTheSendersMessagesInBothSearches() {
    ChunkFilter f = mail("SCHLAMEUSS@linux.ibm.com", null, null, false);
    Set<Long> expected =
        chunksOfMessages(d -> d.sender() != null && d.sender().contains("schlameuss@"));
    assertThat(messages(d -> d.sender() != null && d.sender().contains("schlameuss@")))
        .as("0002 and 0003 are Christoph Schlameuss's")
        .hasSize(2);
    assertThat(allowed(f)).isEqualTo(expected);
    List<LexicalHit> hits = store.lexicalSearch("s390 KVM patch", 50, f);
    assertThat(hits).isNotEmpty();
    assertThat(hits).allSatisfy(h -> assertThat(expected).contains(h.chunkId()));
    // a name works as well as the address; nobody else matches
    assertThat(allowed(mail("Thomas Gleixner", null, null, false)))
        .isEqualTo(chunksOfMessages(d -> d.sender().contains("tglx@kernel.org")))
        .isNotEmpty();
    assertThat(allowed(mail("nobody@nowhere.example", null, null, false))).isEmpty();
  }

  @Test
  void toMatchesToAndCc() {
    // hca@linux.ibm.com is in To of 0100 and in Cc of 0002, 0003, 0046 and 0165
    Set<String> expected =
        Set.of("0002", "0003", "0046", "0100", "0165").stream()
            .map(this::subjectOf)
            .collect(Collectors.toCollection(TreeSet::new));
    ChunkFilter f = mail(null, "hca@linux.ibm.com", null, false);
    Set<String> allowedSubjects =
        allowed(f).stream()
            .map(id -> message(chunkDoc.get(id)).title())
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(allowedSubjects).isEqualTo(expected);
    assertThat(subjects(store.lexicalSearch("s390", 100, f))).isSubsetOf(expected).isNotEmpty();
  }

  String subjectOf(String listMessage) {
    int i = LIST.indexOf(listMessage);
    return messages(d -> d.file().equals(lists)).stream()
        .filter(d -> d.metadata().get("container.message").equals(i))
        .findFirst()
        .orElseThrow()
        .title();
  }

  @Test
  void folderMatchesWholeSegmentsOfTheMailFolder() {
    Set<Long> work =
        chunksOfMessages(
            d -> d.file().equals(maildir) && "Work".equals(d.metadata().get("mail.folder")));
    Set<Long> inbox =
        chunksOfMessages(
            d -> d.file().equals(maildir) && "".equals(d.metadata().get("mail.folder")));
    assertThat(work).isNotEmpty();
    assertThat(inbox).isNotEmpty();
    assertThat(allowed(mail(null, null, "work", false))).isEqualTo(work);
    assertThat(allowed(mail(null, null, "INBOX", false))).isEqualTo(inbox);
    // an mbox is the folder of its name, below its Thunderbird .sbd parents
    Set<Long> old = chunksOfMessages(d -> d.file().equals(attachments));
    assertThat(allowed(mail(null, null, "Archives", false))).isEqualTo(old);
    assertThat(allowed(mail(null, null, "archives/old", false))).isEqualTo(old);
    assertThat(allowed(mail(null, null, "old", false))).isEqualTo(old);
    assertThat(allowed(mail(null, null, "lists", false)))
        .isEqualTo(chunksOfMessages(d -> d.file().equals(lists)));
    assertThat(allowed(mail(null, null, "arch", false))).as("not a whole segment").isEmpty();
    List<LexicalHit> hits = store.lexicalSearch("the", 100, mail(null, null, "work", false));
    assertThat(hits).isNotEmpty().allSatisfy(h -> assertThat(work).contains(h.chunkId()));
  }

  @Test
  void afterAndBeforeUseTheMessageDate() {
    // UTC dates of the list messages: 0002, 0003, 0046 on 9 July; 0075, 0100 on 10 July;
    // 0147 on 11 July; 0151 on 12 July; 0165 on 13 July 2026
    Instant jul10 = Instant.parse("2026-07-10T00:00:00Z");
    Instant jul11 = Instant.parse("2026-07-11T00:00:00Z");
    Instant jul12 = Instant.parse("2026-07-12T00:00:00Z");
    assertThat(listMessagesAllowed(dated(jul11, null))).containsExactly("0147", "0151", "0165");
    assertThat(listMessagesAllowed(dated(null, jul10))).containsExactly("0002", "0003", "0046");
    assertThat(listMessagesAllowed(dated(jul10, jul12))).containsExactly("0075", "0100", "0147");
    // Enron's 2000-2001 and the 2005/2008/2010 messages are all before 2026
    assertThat(allowed(dated(null, jul10)))
        .containsAll(chunksOfMessages(d -> d.file().equals(maildir)))
        .containsAll(chunksOfMessages(d -> d.file().equals(attachments)));
  }

  Set<String> listMessagesAllowed(ChunkFilter f) {
    Set<Long> ids = allowed(f);
    Set<String> out = new TreeSet<>();
    for (String n : LIST) {
      String subject = subjectOf(n);
      if (chunksOfMessages(d -> d.file().equals(lists) && d.title().equals(subject)).stream()
          .anyMatch(ids::contains)) {
        out.add(n);
      }
    }
    return out;
  }

  @Test
  void hasAttachmentKeepsTheMessageWithItsAttachmentAndTheAttachmentItself() {
    Set<Long> allowed = allowed(mail(null, null, null, true));
    Set<Long> expected = chunksOfMessages(d -> d.title().equals("testing"));
    assertThat(expected).isNotEmpty();
    assertThat(allowed).isEqualTo(expected);
    // the attachment (api.rb) is a child document; its chunks pass with its message's
    assertThat(allowed).anyMatch(id -> docs.get(chunkDoc.get(id)).parentId() != null);
    // and the attachment's own words (api.rb: puts "Hello, world!") are found under the filter
    List<LexicalHit> hits =
        store.lexicalSearch("puts hello world", 10, mail(null, null, null, true));
    assertThat(hits).isNotEmpty().allSatisfy(h -> assertThat(expected).contains(h.chunkId()));
  }

  @Test
  void filtersCombineAndTheKeywordSearchFillsItsKFromTheFilteredMessages() {
    ChunkFilter sentToHeikoAfterJul10 =
        new ChunkFilter(
            null,
            Set.of(),
            Instant.parse("2026-07-10T00:00:00Z"),
            null,
            null,
            null,
            "hca@linux.ibm.com",
            "lists",
            false);
    assertThat(listMessagesAllowed(sentToHeikoAfterJul10)).containsExactly("0100", "0165");
    ChunkFilter fromFreudeToHeiko =
        new ChunkFilter(null, Set.of(), null, null, "freude", null, "hca@", "lists", false);
    assertThat(listMessagesAllowed(fromFreudeToHeiko)).containsExactly("0100");
    assertThat(allowed(mail("freude", null, "work", false))).as("no such message").isEmpty();
    assertThat(allowed(mail("freude", null, null, true))).as("0100 has no attachment").isEmpty();

    // the filter is inside the SQL: k hits come back although the unfiltered best k are others
    Set<Long> work =
        chunksOfMessages(
            d -> d.file().equals(maildir) && "Work".equals(d.metadata().get("mail.folder")));
    List<LexicalHit> unfiltered = store.lexicalSearch("the", 3, ChunkFilter.NONE);
    List<LexicalHit> filtered = store.lexicalSearch("the", 3, mail(null, null, "work", false));
    assertThat(filtered).hasSize(Math.min(3, work.size()));
    assertThat(filtered).allSatisfy(h -> assertThat(work).contains(h.chunkId()));
    assertThat(unfiltered).hasSize(3);
  }

  @Test
  void aStoreFromBeforeTheMailFiltersIsFilledFromItsStoredMessagesOnOpen() throws Exception {
    Path copy = Files.createDirectories(tmp.resolve("copy")).resolve("documents.sqlite");
    store.copyTo(copy);
    List<String> ingested = metaRows(copy);
    assertThat(ingested).hasSize(docs.size()); // every document here is mail
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
        Statement st = c.createStatement()) {
      st.execute("DROP TABLE message_meta");
      st.execute("PRAGMA user_version=5");
    }
    List<String> steps = new ArrayList<>();
    try (DocumentStore old =
        DocumentStore.open(
            copy, (v, step, done, total) -> steps.add(v + " " + step + " " + done + "/" + total))) {
      assertThat(old.schemaVersion()).isEqualTo(DocumentStore.SCHEMA_VERSION);
      assertThat(
              old.allowedChunks(mail(null, "hca@linux.ibm.com", "lists", false))
                  .test(allowed(mail(null, "hca@linux.ibm.com", "lists", false)).iterator().next()))
          .isTrue();
    }
    assertThat(steps).isNotEmpty().allMatch(s -> s.startsWith("6 "));
    assertThat(metaRows(copy)).as("the upgrade writes what ingest wrote").isEqualTo(ingested);
  }

  static List<String> metaRows(Path db) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT document_id, sender, recipients, sent_ms, folder, has_attachment"
                    + " FROM message_meta ORDER BY document_id")) {
      while (rs.next()) {
        rows.add(
            rs.getLong(1)
                + "|"
                + rs.getString(2)
                + "|"
                + rs.getString(3)
                + "|"
                + rs.getObject(4)
                + "|"
                + rs.getString(5)
                + "|"
                + rs.getInt(6));
      }
    }
    return rows;
  }
}
