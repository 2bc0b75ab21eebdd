package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmailIngestionTest {
  private static final List<String> ENRON_USERS = List.of("allen-p", "lenhart-m", "dorland-c");
  DocumentStore store;
  Path email;

  @BeforeAll
  void ingest(@TempDir Path tmp) {
    store = DocumentStore.open(tmp.resolve("documents.sqlite"));
    email = TestData.doc("tika_test_documents/email");
    List<Path> roots = new ArrayList<>();
    for (String u : ENRON_USERS) {
      roots.add(TestData.doc("emails_enron_sample/maildir/" + u));
    }
    roots.add(email.resolve("complex.mbox"));
    roots.add(email.resolve("simple.mbox"));
    roots.add(email.resolve("testPST.pst"));
    roots.add(email.resolve("testMSG_att_doc.msg"));
    roots.add(TestData.doc("apache_poi_test_data/hsmf/quick.msg"));
    roots.add(email.resolve("testRFC822_multipart_attachments.eml"));
    roots.add(TestData.doc("unstructured_example_docs/eml/fake-email-utf-16-le.eml"));
    roots.add(TestData.doc("unstructured_example_docs/eml/fake-email-utf-16-be.eml"));
    try (Ingestor ing = new Ingestor(store, IngestOptions.builder().workerThreads(2).build())) {
      IngestSummary s = ing.ingest(roots, IngestListener.NONE, new CancellationToken());
      assertThat(s.failed()).isZero();
    }
  }

  @AfterAll
  void close() {
    store.close();
  }

  /** The raw header block of an RFC 5322 message, unfolded; keys lower-case. */
  static Map<String, String> headers(Path file) throws Exception {
    String raw = Files.readString(file, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
    int end = raw.indexOf("\n\n");
    String block = end < 0 ? raw : raw.substring(0, end);
    Map<String, String> h = new LinkedHashMap<>();
    String last = null;
    for (String line : block.split("\n")) {
      if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
        h.put(last, h.get(last) + " " + line.strip());
      } else if (line.indexOf(':') > 0) {
        last = line.substring(0, line.indexOf(':')).toLowerCase(Locale.ROOT);
        h.putIfAbsent(last, line.substring(line.indexOf(':') + 1).strip());
      }
    }
    return h;
  }

  static Instant parseDate(String v) {
    String s = v.replaceAll("\\s*\\([A-Z]+\\)\\s*$", "").strip();
    return ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
  }

  @Test
  void eachEnronMessageIsOneDocumentWithTheRightSenderDateAndSubject() throws Exception {
    int checked = 0;
    List<String> mismatches = new ArrayList<>();
    for (String u : ENRON_USERS) {
      List<Path> files;
      try (Stream<Path> s = Files.walk(TestData.doc("emails_enron_sample/maildir/" + u))) {
        files = s.filter(Files::isRegularFile).toList();
      }
      for (Path f : files) {
        List<DocumentRecord> docs = store.documents(f);
        List<DocumentRecord> top = docs.stream().filter(d -> d.parentId() == null).toList();
        assertThat(top).as("top-level documents of " + f).hasSize(1);
        DocumentRecord d = top.get(0);
        Map<String, String> h = headers(f);
        checked++;
        String from = h.get("from");
        if (d.sender() == null
            || !d.sender().toLowerCase(Locale.ROOT).contains(from.toLowerCase(Locale.ROOT))) {
          mismatches.add(f + " sender " + d.sender() + " vs " + from);
        }
        if (!parseDate(h.get("date")).equals(d.date())) {
          mismatches.add(f + " date " + d.date() + " vs " + h.get("date"));
        }
        String subject = h.getOrDefault("subject", "");
        // unfolding keeps the folded line's leading blanks (RFC 5322 3.2.2): compare collapsed
        if (!subject.isBlank()
            && !subject.replaceAll("\\s+", " ").equals(d.title().replaceAll("\\s+", " "))) {
          mismatches.add(f + " subject '" + d.title() + "' vs '" + subject + "'");
        }
        String id = h.get("message-id");
        if (id != null && !id.equals(d.messageId())) {
          mismatches.add(f + " message-id " + d.messageId() + " vs " + id);
        }
      }
    }
    assertThat(checked).isEqualTo(66 + 44 + 73);
    assertThat(mismatches).as("mismatches among %d messages", checked).isEmpty();
  }

  @Test
  void mboxFilesYieldOneDocumentPerMessage() {
    // the 9.8 MB Enron + linux-s390 mbox (1,689 messages) is checked in BoundedMemoryTest (-Xmx1g)
    List<DocumentRecord> complex = store.documents(email.resolve("complex.mbox"));
    assertThat(complex).hasSize(3);
    assertThat(complex).allSatisfy(d -> assertThat(d.mediaType()).isEqualTo("message/rfc822"));
    assertThat(complex).allSatisfy(d -> assertThat(d.parentId()).isNull());
    assertThat(store.documents(email.resolve("simple.mbox")))
        .as(String.valueOf(store.file(email.resolve("simple.mbox"))))
        .hasSize(2);
  }

  @Test
  void pstMessagesAreDocumentsWithTheirMetadata() {
    List<DocumentRecord> docs = store.documents(email.resolve("testPST.pst"));
    List<DocumentRecord> messages =
        docs.stream()
            // streamed message by message (PstIngest): each message is read as MIME
            .filter(d -> d.parentId() == null && d.mediaType().equals("message/rfc822"))
            .toList();
    assertThat(messages).hasSizeGreaterThanOrEqualTo(5);
    assertThat(messages)
        .allSatisfy(
            m -> {
              assertThat(m.sender()).isNotBlank();
              assertThat(m.title()).isNotBlank();
              assertThat(m.date()).isNotNull();
              assertThat(m.messageId()).contains("@");
            });
    assertThat(messages).anySatisfy(m -> assertThat(m.title()).isEqualTo("Re: Feature Generators"));
  }

  @Test
  void msgMessagesCarryMetadataAndTheirAttachmentsAreLinkedChildDocuments() {
    List<DocumentRecord> docs = store.documents(email.resolve("testMSG_att_doc.msg"));
    DocumentRecord msg = docs.get(0);
    assertThat(msg.parentId()).isNull();
    assertThat(msg.title()).isEqualTo("test pièce jointe 1");
    assertThat(msg.sender()).isEqualTo("Nicolas1 23456");
    assertThat(msg.date()).isEqualTo(Instant.parse("2009-04-22T14:36:33Z"));
    List<DocumentRecord> attachments = docs.subList(1, docs.size());
    assertThat(attachments).extracting(DocumentRecord::title).contains("pj1.txt");
    assertThat(attachments).allSatisfy(a -> assertThat(a.parentId()).isEqualTo(msg.id()));
    List<ChunkRecord> chunks = store.chunksOfFile(email.resolve("testMSG_att_doc.msg"));
    assertThat(chunks)
        .filteredOn(c -> c.provenance().parentDocumentId() != null)
        .allSatisfy(c -> assertThat(c.provenance().parentDocumentId()).isEqualTo(msg.id()))
        .isNotEmpty();

    DocumentRecord quick =
        store.documents(TestData.doc("apache_poi_test_data/hsmf/quick.msg")).get(0);
    assertThat(quick.sender()).isEqualTo("Kevin Roast");
    assertThat(quick.title()).isEqualTo("Test the content transformer");
    assertThat(quick.date()).isNotNull();
  }

  @Test
  void emlAttachmentsBecomeChildDocumentsAndTheBodyStaysInTheMessage() {
    Path f = email.resolve("testRFC822_multipart_attachments.eml");
    List<DocumentRecord> docs = store.documents(f);
    assertThat(docs.get(0).mediaType()).isEqualTo("message/rfc822");
    assertThat(docs.subList(1, docs.size()))
        .extracting(DocumentRecord::title)
        .containsExactlyInAnyOrder("Test TxtA.txt", "Test TxtB.txt");
    List<ChunkRecord> chunks = store.chunksOfFile(f);
    assertThat(chunks.get(0).provenance().messageId()).isEqualTo(docs.get(0).messageId());
    assertThat(chunks.get(0).text()).startsWith("From: ");
  }

  @Test
  void aMessageSavedAsUtf16IsStillParsedAsAnEmail() {
    for (String f : List.of("fake-email-utf-16-le.eml", "fake-email-utf-16-be.eml")) {
      DocumentRecord d = store.documents(TestData.doc("unstructured_example_docs/eml/" + f)).get(0);
      assertThat(d.mediaType()).isEqualTo("message/rfc822");
      assertThat(d.title()).isEqualTo("Test Email");
      assertThat(d.sender()).contains("mrobinson@unstructured.io");
    }
  }

  @Test
  void senderFilterFindsOnlyThatSendersMail() {
    List<LexicalHit> hits =
        store.lexicalSearch(
            "position",
            20,
            new ChunkFilter(null, java.util.Set.of(), null, null, "heather.dunton"));
    assertThat(hits).isNotEmpty();
    for (LexicalHit h : hits) {
      assertThat(store.chunk(h.chunkId()).orElseThrow().provenance().sender())
          .containsIgnoringCase("heather.dunton");
    }
  }
}
