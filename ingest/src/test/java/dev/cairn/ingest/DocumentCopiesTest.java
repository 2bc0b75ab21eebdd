package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ingest.mail.MboxMessage;
import dev.cairn.ingest.mail.MboxWriter;
import dev.cairn.ingest.mail.RealMailboxes;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copies of one document inside different files, on real data: a message streamed from a real mbox
 * that is also a standalone {@code .eml} of the same archive (same Message-ID), and a mail
 * attachment that is also a real PDF on disk (same extracted text), are stored and embedded once,
 * are found through every place, and survive the deletion of the kept place without a re-embed.
 */
class DocumentCopiesTest {
  @TempDir Path tmp;

  static final Path S390_EML = TestData.doc("emails_mailing_list_linux_s390/eml");
  static final Path PDF =
      TestData.shared().resolve("docs/docling_test_data/pdf/sources/2305.03393v1-pg9.pdf");
  private static final Pattern MESSAGE_ID =
      Pattern.compile("(?im)^message-id:\\s*<([^>]+)>", Pattern.MULTILINE);

  private static final class Changes implements IngestListener {
    final List<Long> added = new CopyOnWriteArrayList<>();
    final List<Long> removed = new CopyOnWriteArrayList<>();

    @Override
    public void chunksAdded(List<ChunkRecord> chunks) {
      chunks.forEach(c -> added.add(c.id()));
    }

    @Override
    public void chunksRemoved(long[] ids) {
      Arrays.stream(ids).forEach(removed::add);
    }
  }

  @Test
  void aMailboxMessageAndTheSameEmlAreOneDocumentWithBothPlaces() throws Exception {
    List<MboxMessage> real = RealMailboxes.read(RealMailboxes.S390).subList(0, 3);
    MboxMessage shared = real.get(1);
    assertThat(shared.messageId()).as("the real message has a Message-ID").isNotNull();
    Path eml = emlWithMessageId(shared.messageId());

    Path mail = Files.createDirectories(tmp.resolve("home/Mail"));
    Path saved = Files.createDirectories(tmp.resolve("home/Saved"));
    Path mbox = mail.resolve("list.mbox");
    try (OutputStream out = Files.newOutputStream(mbox)) {
      for (MboxMessage m : real) {
        MboxWriter.append(out, "From MAILER-DAEMON Sat Nov 21 23:54:31 2026", m.content());
      }
    }
    Path root = tmp.resolve("home");
    try (DocumentStore store = DocumentStore.open(tmp.resolve("db.sqlite"));
        Ingestor ing = new Ingestor(store, IngestOptions.defaults())) {
      Changes run1 = new Changes();
      assertThat(ing.ingest(List.of(root), run1, new CancellationToken()).failed()).isZero();
      DocumentRecord message = messageDocument(store, mbox, shared.messageId());
      long[] messageChunks = chunkIdsOf(store, mbox, message.id());
      assertThat(messageChunks).isNotEmpty();

      // The .eml arrives later: its message is a copy, stored without chunks, embedded zero times.
      Path copy = Files.copy(eml, saved.resolve("reply.eml"));
      Changes run2 = new Changes();
      assertThat(ing.ingest(List.of(root), run2, new CancellationToken()).failed()).isZero();
      assertThat(run2.added).isEmpty();
      FileRecord row = store.file(copy).orElseThrow();
      assertThat(row.state()).isEqualTo(FileState.DUPLICATE);
      assertThat(row.reason()).isEqualTo("duplicate of " + mbox);
      assertThat(row.chunks()).isZero();
      assertThat(store.placesOf(message.id())).containsExactly(copy);
      DocumentRecord copyDoc = messageDocument(store, copy, shared.messageId());
      assertThat(copyDoc.chunks()).isZero();
      assertThat(store.placesOf(copyDoc.id()))
          .as("a copy's own places are its original's")
          .isEmpty();
      assertThat(statusOf(store, mbox, 1).reason()).isNull();

      // A folder filter on the .eml's folder finds the message's chunks: filters see every place.
      String word = firstWord(store.chunk(messageChunks[0]).orElseThrow().text());
      ChunkFilter inSaved = new ChunkFilter(saved.toString(), Set.of(), null, null, null);
      assertThat(store.lexicalSearch(word, 50, inSaved))
          .extracting(LexicalHit::chunkId)
          .containsAnyElementsOf(boxed(messageChunks));
      assertThat(Arrays.stream(messageChunks).allMatch(store.allowedChunks(inSaved)::test))
          .isTrue();
      ChunkFilter emlType = new ChunkFilter(null, Set.of("eml"), null, null, null);
      assertThat(Arrays.stream(messageChunks).allMatch(store.allowedChunks(emlType)::test))
          .isTrue();

      // The mailbox goes: the .eml takes the message's chunks over, same ids, nothing embedded.
      Files.delete(mbox);
      Changes run3 = new Changes();
      assertThat(ing.ingest(List.of(root), run3, new CancellationToken()).failed()).isZero();
      assertThat(run3.added).isEmpty();
      assertThat(run3.removed).doesNotContainAnyElementsOf(boxed(messageChunks));
      FileRecord heir = store.file(copy).orElseThrow();
      assertThat(heir.state()).isEqualTo(FileState.INDEXED);
      assertThat(heir.chunks()).isEqualTo(messageChunks.length);
      assertThat(chunkIdsOf(store, copy, copyDoc.id())).containsExactly(messageChunks);
      assertThat(store.chunk(messageChunks[0]).orElseThrow().provenance().file()).isEqualTo(copy);
      assertThat(store.placesOf(copyDoc.id())).isEmpty();
      assertThat(store.checkLexicalIndex().ok()).isTrue();
    }
  }

  @Test
  void anAttachmentEqualToAFileOnDiskIsEmbeddedOnceAndTakesOverWhenTheFileGoes() throws Exception {
    Path papers = Files.createDirectories(tmp.resolve("home/Papers"));
    Path mail = Files.createDirectories(tmp.resolve("home/Mail"));
    Path onDisk = Files.copy(PDF, papers.resolve("paper.pdf"));
    Path root = tmp.resolve("home");
    try (DocumentStore store = DocumentStore.open(tmp.resolve("db.sqlite"));
        Ingestor ing = new Ingestor(store, IngestOptions.defaults())) {
      Changes run1 = new Changes();
      assertThat(ing.ingest(List.of(root), run1, new CancellationToken()).failed()).isZero();
      DocumentRecord paper = store.documents(onDisk).getFirst();
      long[] paperChunks = chunkIdsOf(store, onDisk, paper.id());
      assertThat(paperChunks).isNotEmpty();

      // A message with the paper attached, in a mailbox: the attachment is a copy of the file.
      Path mbox = mail.resolve("inbox.mbox");
      try (OutputStream out = Files.newOutputStream(mbox)) {
        MboxWriter.append(out, "From ana@example.org Mon Jan  5 10:00:00 2026", withPdf());
      }
      Changes run2 = new Changes();
      assertThat(ing.ingest(List.of(root), run2, new CancellationToken()).failed()).isZero();
      List<DocumentRecord> mailDocs = store.documents(mbox);
      DocumentRecord attachment =
          mailDocs.stream().filter(d -> d.parentId() != null).findFirst().orElseThrow();
      DocumentRecord body = mailDocs.stream().filter(d -> d.parentId() == null).findFirst().get();
      assertThat(attachment.chunks()).isZero();
      assertThat(body.chunks()).isPositive();
      assertThat(run2.added)
          .containsExactlyInAnyOrderElementsOf(boxed(chunkIdsOf(store, mbox, body.id())));
      assertThat(store.placesOf(paper.id())).containsExactly(mbox);
      assertThat(store.file(mbox).orElseThrow().state()).isEqualTo(FileState.INDEXED);
      ChunkFilter inMail = new ChunkFilter(mail.toString(), Set.of(), null, null, null);
      assertThat(Arrays.stream(paperChunks).allMatch(store.allowedChunks(inMail)::test)).isTrue();

      // The file on disk goes: the attachment keeps the paper's chunks, nothing is embedded again.
      Files.delete(onDisk);
      Changes run3 = new Changes();
      assertThat(ing.ingest(List.of(root), run3, new CancellationToken()).failed()).isZero();
      assertThat(run3.added).isEmpty();
      assertThat(run3.removed).doesNotContainAnyElementsOf(boxed(paperChunks));
      assertThat(chunkIdsOf(store, mbox, attachment.id())).containsExactly(paperChunks);
      assertThat(store.file(mbox).orElseThrow().chunks())
          .isEqualTo(store.chunksOfFile(mbox).size());
      assertThat(store.chunkCount()).isEqualTo(store.chunksOfFile(mbox).size());
    }
  }

  @Test
  void aNewStoreHasTheCopiesSchemaAndTwoMessagesOfOneMailboxAreNoCopies() throws Exception {
    List<MboxMessage> real = RealMailboxes.read(RealMailboxes.S390).subList(0, 1);
    Path mbox = Files.createDirectories(tmp.resolve("home")).resolve("twice.mbox");
    try (OutputStream out = Files.newOutputStream(mbox)) {
      for (int i = 0; i < 2; i++) {
        MboxWriter.append(
            out, "From MAILER-DAEMON Sat Nov 21 23:54:31 2026", real.get(0).content());
      }
    }
    try (DocumentStore store = DocumentStore.open(tmp.resolve("db.sqlite"));
        Ingestor ing = new Ingestor(store, IngestOptions.defaults())) {
      assertThat(store.schemaVersion()).isGreaterThanOrEqualTo(DocumentCopies.VERSION);
      ing.ingest(List.of(tmp.resolve("home")), IngestListener.NONE, new CancellationToken());
      List<DocumentRecord> docs =
          store.documents(mbox).stream().filter(d -> d.parentId() == null).toList();
      assertThat(docs).hasSize(2);
      assertThat(docs).allSatisfy(d -> assertThat(d.chunks()).isPositive());
      assertThat(store.placesOf(docs.getFirst().id())).isEmpty();
    }
  }

  /** A real-looking message: a short body and the real PDF attached (base64). */
  static byte[] withPdf() throws Exception {
    String pdf =
        Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(Files.readAllBytes(PDF));
    String msg =
        """
        From: Ana Example <ana@example.org>
        To: Ben Example <ben@example.org>
        Subject: the table structure paper
        Date: Mon, 5 Jan 2026 10:00:00 +0000
        Message-ID: <paper-attached-1@example.org>
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="b1"

        --b1
        Content-Type: text/plain; charset=utf-8

        Here is the paper on table structure recognition we talked about on Friday.

        --b1
        Content-Type: application/pdf; name="paper.pdf"
        Content-Disposition: attachment; filename="paper.pdf"
        Content-Transfer-Encoding: base64

        %s
        --b1--
        """
            .formatted(pdf);
    return msg.getBytes(StandardCharsets.US_ASCII);
  }

  static Path emlWithMessageId(String messageId) throws Exception {
    try (Stream<Path> files = Files.list(S390_EML)) {
      for (Path p : files.sorted().toList()) {
        Matcher m = MESSAGE_ID.matcher(Files.readString(p, StandardCharsets.ISO_8859_1));
        if (m.find() && m.group(1).strip().equals(bare(messageId))) {
          return p;
        }
      }
    }
    throw new AssertionError("no .eml in " + S390_EML + " has Message-ID " + messageId);
  }

  static DocumentRecord messageDocument(DocumentStore store, Path file, String messageId) {
    Optional<DocumentRecord> d =
        store.documents(file).stream()
            .filter(r -> r.parentId() == null && bare(messageId).equals(bare(r.messageId())))
            .findFirst();
    return d.orElseThrow(
        () ->
            new AssertionError(
                file
                    + " holds no message with Message-ID "
                    + messageId
                    + "; it holds "
                    + store.documents(file).stream().map(DocumentRecord::messageId).toList()));
  }

  /** A Message-ID without its angle brackets. */
  private static String bare(String messageId) {
    return messageId == null ? "" : messageId.strip().replaceAll("^<|>$", "");
  }

  private static ContainerMessage statusOf(DocumentStore store, Path mbox, int index) {
    return new ContainerStore(store).messages(mbox).get(index);
  }

  static long[] chunkIdsOf(DocumentStore store, Path file, long documentId) {
    return store.chunksOfFile(file).stream()
        .filter(c -> c.documentId() == documentId)
        .mapToLong(ChunkRecord::id)
        .toArray();
  }

  private static String firstWord(String text) {
    Matcher m = Pattern.compile("\\p{L}{5,}").matcher(text);
    assertThat(m.find()).as("a word in: " + text).isTrue();
    return m.group();
  }

  private static List<Long> boxed(long[] ids) {
    return Arrays.stream(ids).boxed().toList();
  }
}
