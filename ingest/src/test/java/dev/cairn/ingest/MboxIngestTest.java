package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ingest.mail.MboxMessage;
import dev.cairn.ingest.mail.MboxWriter;
import dev.cairn.ingest.mail.RealMailboxes;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Mailboxes streamed message by message into a real store, from the real shared archives. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MboxIngestTest {
  List<MboxMessage> real;

  @BeforeAll
  void readRealMessages() throws Exception {
    real = RealMailboxes.all();
    assertThat(real).hasSize(1689);
  }

  /** Records what the listener saw. */
  static final class Recorder implements IngestListener {
    final List<ChunkRecord> added = new ArrayList<>();
    final List<Long> removed = new ArrayList<>();
    final List<ContainerProgress> containers = new ArrayList<>();
    Runnable onCommit = () -> {};

    @Override
    public void chunksAdded(List<ChunkRecord> chunks) {
      added.addAll(chunks);
      onCommit.run();
    }

    @Override
    public void chunksRemoved(long[] ids) {
      for (long id : ids) {
        removed.add(id);
      }
    }

    @Override
    public void progress(IngestProgress p) {
      if (p.container() != null) {
        containers.add(p.container());
      }
    }
  }

  static IngestSummary ingest(DocumentStore store, Path mbox, IngestListener l) {
    return ingest(store, mbox, l, new CancellationToken());
  }

  static IngestSummary ingest(
      DocumentStore store, Path mbox, IngestListener l, CancellationToken cancel) {
    try (Ingestor ing = new Ingestor(store, IngestOptions.builder().build())) {
      return ing.ingest(List.of(mbox), l, cancel);
    }
  }

  static List<DocumentRecord> messages(DocumentStore store, Path mbox) {
    return store.documents(mbox).stream().filter(d -> d.parentId() == null).toList();
  }

  @Test
  void streamingARealMailboxStoresEachMessageAsItsOwnDocument(@TempDir Path tmp) throws Exception {
    Path mbox = tmp.resolve("linux-s390.mbox");
    Files.copy(TestData.doc(RealMailboxes.S390), mbox);
    try (DocumentStore store = DocumentStore.open(tmp.resolve("documents.sqlite"))) {
      Recorder rec = new Recorder();
      IngestSummary s = ingest(store, mbox, rec);

      assertThat(s.indexed()).isEqualTo(1);
      FileRecord file = store.file(mbox).orElseThrow();
      assertThat(file.state()).isEqualTo(FileState.INDEXED);
      assertThat(file.reason()).isNull();
      List<DocumentRecord> docs = messages(store, mbox);
      assertThat(docs).hasSize(400);
      List<MboxMessage> expected = RealMailboxes.read(RealMailboxes.S390);
      for (int i = 0; i < docs.size(); i++) {
        DocumentRecord d = docs.get(i);
        assertThat(d.messageId()).isEqualTo("<" + expected.get(i).messageId() + ">");
        assertThat(d.metadata().get("container.message")).isEqualTo(i);
        assertThat(((Number) d.metadata().get("container.offset")).longValue())
            .isEqualTo(expected.get(i).offset());
        assertThat(d.sender()).isNotBlank();
        assertThat(d.date()).isNotNull();
      }
      List<ContainerMessage> rows = new ContainerStore(store).messages(mbox);
      assertThat(rows).hasSize(400).allMatch(r -> r.state() == FileState.INDEXED);
      assertThat(rec.added).hasSize(store.chunkCount());
      ContainerProgress last = rec.containers.getLast();
      assertThat(last.describe()).isEqualTo("linux-s390.mbox: 400 of 400 messages (100 %)");
      assertThat(rec.containers.getFirst().messagesDone()).isZero();
      assertThat(store.lexicalSearch("s390 kernel patch", 5, ChunkFilter.NONE)).isNotEmpty();
    }
  }

  @Test
  void brokenAndOddMessagesAreRecordedAndTheRestIsIndexed(@TempDir Path tmp) throws Exception {
    Path mbox = tmp.resolve("odd.mbox");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String from = "From someone@example.org Mon Jan  1 10:00:00 2001";
    MboxWriter.append(
        out,
        from,
        ("Subject: no id here\nFrom: a@example.org\n\nA message without any Message-ID header.\n")
            .getBytes(StandardCharsets.US_ASCII));
    MboxWriter.append(
        out,
        from,
        ("Subject: quoting\nMessage-ID: <quote@example.org>\nFrom: a@example.org\n\n"
                + "Before.\n\nFrom here on the body quotes an mbox line:\n"
                + "From old@example.org Sun Dec 31 09:00:00 2000\nstill the same message.\n")
            .getBytes(StandardCharsets.US_ASCII));
    MboxWriter.append(
        out,
        from,
        ("\nSubject: after an empty line\nFrom: b@example.org\n\nHeaders after a blank line.\n")
            .getBytes(StandardCharsets.US_ASCII));
    MboxWriter.append(out, from, latin1("ISO-8859-1", "Grüße aus Köln, Straße"));
    MboxWriter.append(out, from, latin1("KOI8-R", "Привет из Москвы"));
    MboxWriter.append(out, from, bomb());
    MboxWriter.append(
        out,
        from,
        ("Subject: after the bomb\nMessage-ID: <after@example.org>\n\nStill indexed.\n")
            .getBytes(StandardCharsets.US_ASCII));
    byte[] bytes = out.toByteArray();
    // the last message is cut in the middle of a line
    Files.write(mbox, java.util.Arrays.copyOf(bytes, bytes.length - 8));

    try (DocumentStore store = DocumentStore.open(tmp.resolve("documents.sqlite"))) {
      ingest(store, mbox, IngestListener.NONE);

      List<ContainerMessage> rows = new ContainerStore(store).messages(mbox);
      assertThat(rows).hasSize(7);
      assertThat(rows.get(0).messageId()).isNull();
      assertThat(rows.get(0).state()).isEqualTo(FileState.INDEXED);
      assertThat(rows.get(1).messageId()).isEqualTo("quote@example.org");
      assertThat(rows.get(5).state()).isEqualTo(FileState.FAILED);
      assertThat(rows.get(5).reason()).contains("zip bomb");
      assertThat(rows.get(6).state()).isEqualTo(FileState.INDEXED);
      assertThat(rows.get(6).reason()).contains("truncated");
      FileRecord file = store.file(mbox).orElseThrow();
      assertThat(file.state()).isEqualTo(FileState.INDEXED);
      assertThat(file.reason()).startsWith("1 of 7 messages not indexed (1 failed, 0 skipped)");

      String all =
          store.chunksOfFile(mbox).stream()
              .map(ChunkRecord::text)
              .collect(Collectors.joining("\n"));
      assertThat(all)
          .contains("A message without any Message-ID header")
          .contains("From old@example.org Sun Dec 31 09:00:00 2000")
          .contains("Grüße aus Köln, Straße")
          .contains("Привет из Москвы")
          .contains("Still in");
      List<DocumentRecord> docs = messages(store, mbox);
      assertThat(docs).hasSize(6);
      assertThat(docs.get(2).sender()).isEqualTo("b@example.org");
      assertThat(docs.get(2).title()).isEqualTo("after an empty line");
    }
  }

  private static byte[] latin1(String charset, String text) {
    byte[] head =
        ("Subject: charset "
                + charset
                + "\nMessage-ID: <"
                + charset
                + "@example.org>\nMIME-Version: 1.0\nContent-Type: text/plain; charset="
                + charset
                + "\nContent-Transfer-Encoding: 8bit\n\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] body = (text + "\n").getBytes(Charset.forName(charset));
    byte[] all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return all;
  }

  /** A message whose gzip attachment expands to 6 MB of text: the bomb guard stops it. */
  private static byte[] bomb() throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream z = new GZIPOutputStream(gz)) {
      byte[] line =
          "all work and no play makes a dull archive\n".getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 150_000; i++) {
        z.write(line);
      }
    }
    String b64 = Base64.getMimeEncoder().encodeToString(gz.toByteArray());
    return ("Subject: bomb\nMessage-ID: <bomb@example.org>\nMIME-Version: 1.0\n"
            + "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\n"
            + "see attachment\n--b\nContent-Type: application/gzip; name=\"notes.txt.gz\"\n"
            + "Content-Disposition: attachment; filename=\"notes.txt.gz\"\n"
            + "Content-Transfer-Encoding: base64\n\n"
            + b64
            + "\n--b--\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void mailAppendedToAMailboxIndexesOnlyTheNewMessages(@TempDir Path tmp) throws Exception {
    Path mbox = tmp.resolve("INBOX");
    Files.createFile(tmp.resolve("INBOX.msf")); // a Thunderbird folder: no extension, a summary
    List<String> ids = RealMailboxes.generate(real, 600, mbox);
    try (DocumentStore store = DocumentStore.open(tmp.resolve("documents.sqlite"))) {
      Recorder first = new Recorder();
      ingest(store, mbox, first);
      assertThat(messages(store, mbox)).hasSize(600);
      Set<Long> before = Set.copyOf(ids(first.added));

      try (OutputStream o = Files.newOutputStream(mbox, StandardOpenOption.APPEND)) {
        RealMailboxes.append(real, 600, 25, o, ids);
      }
      Recorder second = new Recorder();
      ingest(store, mbox, second);

      List<DocumentRecord> docs = messages(store, mbox);
      assertThat(docs).hasSize(625);
      assertThat(docs.stream().map(d -> bare(d.messageId())).toList()).isEqualTo(ids);
      assertThat(second.removed).isEmpty();
      Set<Long> newDocs =
          docs.subList(600, 625).stream().map(DocumentRecord::id).collect(Collectors.toSet());
      assertThat(second.added).isNotEmpty().allMatch(c -> newDocs.contains(c.documentId()));
      assertThat(ids(store.chunksOfFile(mbox))).containsAll(before);
      assertThat(second.containers.getFirst().messagesDone()).isEqualTo(600);
    }
  }

  @Test
  void aCompactedMailboxIsReconciledByMessageIdWithoutReembedding(@TempDir Path tmp)
      throws Exception {
    Path mbox = tmp.resolve("archive.mbox");
    List<String> ids = RealMailboxes.generate(real, 500, mbox);
    try (DocumentStore store = DocumentStore.open(tmp.resolve("documents.sqlite"))) {
      ingest(store, mbox, IngestListener.NONE);
      Map<String, List<String>> textsBefore = textsByMessage(store, mbox);

      // compact: drop every 7th message and rewrite the file (offsets move); flag changes too
      Set<Integer> dropped = new java.util.HashSet<>();
      List<String> keptIds = new ArrayList<>();
      try (OutputStream o = Files.newOutputStream(mbox)) {
        for (int i = 0; i < 500; i++) {
          if (i % 7 == 3) {
            dropped.add(i);
            continue;
          }
          MboxMessage m = real.get(i % real.size());
          byte[] msg = RealMailboxes.copyOf(m, i / real.size(), i);
          msg = MboxWriter.withHeader(msg, "X-Mozilla-Status", "0001");
          MboxWriter.append(o, "From - Sat Nov 21 23:57:10 2026", msg);
          keptIds.add(ids.get(i));
        }
        // and one new message at the end
        RealMailboxes.append(real, 900, 1, o, keptIds);
      }
      Recorder rec = new Recorder();
      ingest(store, mbox, rec);

      List<DocumentRecord> docs = messages(store, mbox);
      assertThat(docs.stream().map(d -> bare(d.messageId())).toList())
          .containsExactlyInAnyOrderElementsOf(keptIds);
      Map<String, List<String>> textsAfter = textsByMessage(store, mbox);
      for (String id : keptIds.subList(0, keptIds.size() - 1)) {
        assertThat(textsAfter.get(id)).isEqualTo(textsBefore.get(id));
      }
      // only the new message was chunked (and so embedded) again
      Set<String> addedFor =
          rec.added.stream().map(c -> bare(c.provenance().messageId())).collect(Collectors.toSet());
      assertThat(addedFor).containsExactly(keptIds.getLast());
      long removedMessages = dropped.size();
      assertThat(rec.removed)
          .hasSize((int) dropped.stream().mapToLong(i -> textsBefore.get(ids.get(i)).size()).sum());
      assertThat(removedMessages).isEqualTo(71);
      FileRecord file = store.file(mbox).orElseThrow();
      assertThat(file.documents()).isEqualTo(store.documents(mbox).size());
      assertThat(file.chunks()).isEqualTo(store.chunksOfFile(mbox).size());
      List<ContainerMessage> rows = new ContainerStore(store).messages(mbox);
      assertThat(rows).hasSize(keptIds.size());
      for (int i = 0; i < rows.size(); i++) {
        assertThat(rows.get(i).index()).isEqualTo(i);
      }
      // a second run over the unchanged file changes nothing
      Recorder again = new Recorder();
      Files.setLastModifiedTime(mbox, java.nio.file.attribute.FileTime.fromMillis(1000));
      ingest(store, mbox, again);
      assertThat(again.added).isEmpty();
      assertThat(again.removed).isEmpty();
    }
  }

  @Test
  void anInterruptedRunResumesFromItsLastBatchAndEndsLikeAnUninterruptedOne(@TempDir Path tmp)
      throws Exception {
    Path mbox = tmp.resolve("big.mbox");
    RealMailboxes.generate(real, 1200, mbox);
    Map<String, List<String>> reference;
    try (DocumentStore store = DocumentStore.open(tmp.resolve("reference.sqlite"))) {
      ingest(store, mbox, IngestListener.NONE);
      reference = textsByMessage(store, mbox);
    }
    try (DocumentStore store = DocumentStore.open(tmp.resolve("documents.sqlite"))) {
      CancellationToken cancel = new CancellationToken();
      Recorder first = new Recorder();
      first.onCommit = cancel::cancel; // stop after the first committed batch
      ingest(store, mbox, first, cancel);
      assertThat(store.file(mbox).orElseThrow().state()).isEqualTo(FileState.PENDING);
      int committed = messages(store, mbox).size();
      assertThat(committed).isBetween(1, 1199);
      Set<Long> keptChunks = Set.copyOf(ids(store.chunksOfFile(mbox)));

      Recorder second = new Recorder();
      ingest(store, mbox, second);

      assertThat(second.containers.getFirst().messagesDone()).isEqualTo(committed);
      assertThat(ids(second.added)).doesNotContainAnyElementsOf(keptChunks);
      assertThat(textsByMessage(store, mbox)).isEqualTo(reference);
      assertThat(messages(store, mbox)).hasSize(1200);
      FileRecord file = store.file(mbox).orElseThrow();
      assertThat(file.documents()).isEqualTo(store.documents(mbox).size());
      assertThat(file.chunks()).isEqualTo(store.chunksOfFile(mbox).size());
    }
  }

  static Map<String, List<String>> textsByMessage(DocumentStore store, Path mbox) {
    Map<String, List<String>> out = new TreeMap<>();
    for (ChunkRecord c : store.chunksOfFile(mbox)) {
      String id = bare(c.provenance().messageId());
      if (c.provenance().parentDocumentId() == null) {
        out.computeIfAbsent(id, k -> new ArrayList<>()).add(c.text());
      }
    }
    return out;
  }

  /** A Message-ID as the store keeps it ({@code <id>}) without its angle brackets. */
  static String bare(String messageId) {
    return messageId == null ? null : messageId.replaceAll("^<|>$", "");
  }

  static List<Long> ids(List<ChunkRecord> chunks) {
    return chunks.stream().map(ChunkRecord::id).toList();
  }
}
