package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A document is found by its id on a real store, the same record as in its file's list. */
class DocumentByIdTest {

  @Test
  void everyDocumentOfAFileIsFoundByItsIdAndAnUnknownIdIsEmpty(@TempDir Path tmp) {
    Path mail = TestData.doc("tika_test_documents/email/testRFC822_multipart_attachments.eml");
    try (DocumentStore store = DocumentStore.open(tmp.resolve("documents.sqlite"));
        Ingestor ing = new Ingestor(store, IngestOptions.builder().workerThreads(1).build())) {
      ing.ingest(List.of(mail), IngestListener.NONE, new CancellationToken());
      List<DocumentRecord> docs = store.documents(mail);
      assertThat(docs).as("the message and its attachments").hasSizeGreaterThan(1);
      for (DocumentRecord d : docs) {
        assertThat(store.document(d.id())).as("document %d", d.id()).contains(d);
      }
      long unknown = docs.stream().mapToLong(DocumentRecord::id).max().orElseThrow() + 1000;
      assertThat(store.document(unknown)).isEmpty();
      assertThat(store.document(-1)).isEmpty();
    }
  }
}
