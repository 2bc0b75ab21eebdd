package dev.cairn.ingest;

import static dev.cairn.ingest.MboxIngestTest.ids;
import static dev.cairn.ingest.MboxIngestTest.ingest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ingest.ContainerEtaTest.DrivenClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outlook PST files streamed message by message, from Tika's real test files. */
class PstIngestTest {
  static final String PST = "tika_test_documents/email/testPST.pst";
  static final String VARIOUS = "tika_test_documents/email/testPST_variousBodyTypes.pst";

  static List<DocumentRecord> messages(DocumentStore store, Path file) {
    return store.documents(file).stream().filter(d -> d.parentId() == null).toList();
  }

  static Path copy(Path tmp, String relative) throws Exception {
    Path p = tmp.resolve(Path.of(relative).getFileName().toString());
    Files.copy(TestData.doc(relative), p);
    return p;
  }

  @Test
  void eachPstMessageIsItsOwnDocumentWithItsHeadersAndFolder(@TempDir Path tmp) throws Exception {
    Path pst = copy(tmp, PST);
    try (DocumentStore store = DocumentStore.open(tmp.resolve("documents.sqlite"))) {
      MboxIngestTest.Recorder rec = new MboxIngestTest.Recorder();
      IngestSummary s = ingest(store, pst, rec);

      assertThat(s.indexed()).isEqualTo(1);
      FileRecord file = store.file(pst).orElseThrow();
      assertThat(file.state()).isEqualTo(FileState.INDEXED);
      assertThat(file.reason()).isNull();
      List<DocumentRecord> docs = messages(store, pst);
      assertThat(docs).hasSize(7);
      assertThat(docs)
          .allSatisfy(
              d -> {
                assertThat(d.mediaType()).isEqualTo("message/rfc822");
                assertThat(d.title()).isNotBlank();
                assertThat(d.sender()).isNotBlank();
                assertThat(d.recipients()).isNotBlank();
                assertThat(d.date()).isNotNull();
                assertThat(d.messageId()).contains("@");
                assertThat(d.metadata().get("mail.folder")).isEqualTo(""); // the top folder
                assertThat(d.metadata().get("mail.key")).asString().matches("\\d+");
              });
      DocumentRecord first =
          docs.stream()
              .filter(d -> d.title().equals("Re: Feature Generators"))
              .findFirst()
              .orElseThrow();
      assertThat(first.sender()).contains("kottmann@gmail.com");
      assertThat(first.recipients()).contains("users@opennlp.apache.org");
      assertThat(first.date()).isEqualTo(java.time.Instant.parse("2014-02-26T07:51:02Z"));
      assertThat(first.messageId()).isEqualTo("<530D9CAC.5080901@gmail.com>");
      assertThat(new ContainerStore(store).messages(pst))
          .hasSize(7)
          .allMatch(m -> m.state() == FileState.INDEXED);
      assertThat(store.lexicalSearch("Couchbase webinar", 3, ChunkFilter.NONE)).isNotEmpty();
      assertThat(rec.containers.getLast().describe())
          .isEqualTo("testPST.pst: 7 of 7 messages (100 %)");
      assertThat(file.chunks()).isEqualTo(store.chunkCount());

      MboxIngestTest.Recorder again = new MboxIngestTest.Recorder();
      IngestSummary unchanged = ingest(store, pst, again);
      assertThat(unchanged.unchanged()).isEqualTo(1);
      assertThat(again.added).isEmpty();
    }
  }

  @Test
  void aMessageAttachedToAPstMessageIsItsChildWithItsOwnAttachment(@TempDir Path tmp)
      throws Exception {
    // "FW: First email" in the real testPST.pst forwards "First email" as an attached item
    // (Outlook's embedded message), which itself carries a DOCX
    Path pst = copy(tmp, PST);
    try (DocumentStore store = DocumentStore.open(tmp.resolve("documents.sqlite"))) {
      ingest(store, pst, IngestListener.NONE);
      List<DocumentRecord> docs = store.documents(pst);
      DocumentRecord forward =
          docs.stream()
              .filter(d -> d.parentId() == null && d.title().equals("FW: First email"))
              .findFirst()
              .orElseThrow();
      DocumentRecord attached = childOf(docs, forward);
      assertThat(attached.mediaType()).isEqualTo("message/rfc822");
      assertThat(attached.title()).isEqualTo("First email");
      assertThat(attached.sender()).contains("Luis Filipe da Cruz Nassif");
      assertThat(attached.messageId()).contains("@pf.gov.br").isNotEqualTo(forward.messageId());
      DocumentRecord docx = childOf(docs, attached);
      assertThat(docx.title()).isEqualTo("attachment.docx");
      List<ChunkRecord> chunks = store.chunksOfFile(pst);
      assertThat(chunks)
          .filteredOn(c -> c.documentId() == attached.id())
          .anySatisfy(c -> assertThat(c.text()).contains("Docx file attached."));
      assertThat(chunks)
          .filteredOn(c -> c.documentId() == docx.id())
          .anySatisfy(c -> assertThat(c.text()).contains("This is a docx attachment."));
      assertThat(messages(store, pst))
          .as("still 7 messages: the attached one is a child")
          .hasSize(7);
    }
  }

  private static DocumentRecord childOf(List<DocumentRecord> docs, DocumentRecord parent) {
    return docs.stream()
        .filter(d -> Long.valueOf(parent.id()).equals(d.parentId()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no child of " + parent.title() + ": " + docs));
  }

  @Test
  void aPstFolderPathIsKeptBelowOutlooksTopFolder(@TempDir Path tmp) throws Exception {
    Path pst = copy(tmp, VARIOUS);
    try (DocumentStore store = DocumentStore.open(tmp.resolve("documents.sqlite"))) {
      ingest(store, pst, IngestListener.NONE);
      List<DocumentRecord> docs = messages(store, pst);
      assertThat(docs)
          .hasSize(4)
          .allMatch(d -> "Inbox/tmp".equals(d.metadata().get("mail.folder")));
      assertThat(docs)
          .extracting(DocumentRecord::title)
          .contains("original email", "FW: original email");
      assertThat(docs).allMatch(d -> d.chunks() > 0);
    }
  }

  @Test
  void aCancelledPstRunResumesWithTheMessagesNotYetCommitted(@TempDir Path tmp) throws Exception {
    Path pst = copy(tmp, PST);
    IngestOptions options = IngestOptions.builder().build();
    try (DocumentStore store = DocumentStore.open(tmp.resolve("documents.sqlite"))) {
      MailFolderStore folders = new MailFolderStore(store);
      // a clock one second later at every reading: progress after every message
      MailFolderIngest keyed =
          new MailFolderIngest(
              folders,
              new FileExtractor(),
              new Chunker(options.tokenCounter(), options.chunkTokens(), options.overlapTokens()),
              options,
              new DrivenClock(Duration.ofSeconds(1)));
      PstIngest ingest = new PstIngest(keyed, folders);
      ScannedFile f =
          new ScannedFile(pst, Files.size(pst), Files.getLastModifiedTime(pst).toMillis());
      CancellationToken cancel = new CancellationToken();
      List<ChunkRecord> firstAdded = new ArrayList<>();
      FileRecord stopped =
          ingest.ingest(
              f,
              events(
                  firstAdded,
                  p -> {
                    if (p.messagesDone() >= 3) {
                      cancel.cancel();
                    }
                  }),
              cancel);
      assertThat(stopped).isNull();
      assertThat(store.file(pst).orElseThrow().state()).isEqualTo(FileState.PENDING);
      int committed = new ContainerStore(store).messages(pst).size();
      assertThat(committed).isBetween(3, 6);
      Set<Long> kept = Set.copyOf(ids(store.chunksOfFile(pst)));
      assertThat(kept).containsExactlyInAnyOrderElementsOf(ids(firstAdded));

      List<ChunkRecord> secondAdded = new ArrayList<>();
      List<ContainerProgress> second = new ArrayList<>();
      FileRecord done = ingest.ingest(f, events(secondAdded, second::add), new CancellationToken());

      assertThat(done.state()).isEqualTo(FileState.INDEXED);
      assertThat(second.getFirst().messagesDone()).isEqualTo(committed);
      assertThat(ids(secondAdded)).isNotEmpty().doesNotContainAnyElementsOf(kept);
      List<DocumentRecord> docs = messages(store, pst);
      assertThat(docs).hasSize(7);
      assertThat(docs.stream().map(DocumentRecord::messageId).distinct()).hasSize(7);
      FileRecord file = store.file(pst).orElseThrow();
      assertThat(file.documents()).isEqualTo(store.documents(pst).size());
      assertThat(file.chunks()).isEqualTo(store.chunksOfFile(pst).size());
    }
  }

  static MboxIngest.Events events(
      List<ChunkRecord> added, java.util.function.Consumer<ContainerProgress> progress) {
    return new MboxIngest.Events() {
      @Override
      public void committed(ContainerStore.Result r) {
        added.addAll(r.added());
      }

      @Override
      public void progress(ContainerProgress p) {
        progress.accept(p);
      }
    };
  }

  @Test
  void aFileThatIsNoPstOrACutOneIsRecordedAndNothingElseIsLost(@TempDir Path tmp) throws Exception {
    Path junk = tmp.resolve("broken.pst");
    Files.writeString(junk, "this is no Outlook file, only text that says it is one");
    Path cut = tmp.resolve("cut.pst");
    byte[] real = Files.readAllBytes(TestData.doc(PST));
    Files.write(cut, java.util.Arrays.copyOf(real, 200 * 1024));
    Path good = copy(tmp, VARIOUS);
    try (DocumentStore store = DocumentStore.open(tmp.resolve("documents.sqlite"))) {
      try (Ingestor ing = new Ingestor(store, IngestOptions.builder().build())) {
        ing.ingest(List.of(junk, cut, good), IngestListener.NONE, new CancellationToken());
      }
      FileRecord j = store.file(junk).orElseThrow();
      assertThat(j.state()).isEqualTo(FileState.FAILED);
      assertThat(j.reason()).contains("PST");
      FileRecord c = store.file(cut).orElseThrow();
      assertThat(c.state()).isIn(FileState.FAILED, FileState.INDEXED);
      assertThat(c.reason()).isNotBlank();
      assertThat(messages(store, good)).hasSize(4);
    }
  }
}
