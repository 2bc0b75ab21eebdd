package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Indexing leaves nothing behind in the system's temporary folder: Tika spools an attachment it
 * must read twice (a PDF or Office file inside an email, an item of an Outlook file) to an {@code
 * apache-tika-*.tmp} file, which Cairn deletes when the part is done. A desktop app that indexes
 * thousands of emails would otherwise fill the user's temporary folder.
 */
class TemporaryFilesTest {

  @Test
  void emailsWithAttachmentsLeaveNoTikaTemporaryFilesBehind(@TempDir Path tmp) throws IOException {
    Path tempDir = Path.of(System.getProperty("java.io.tmpdir"));
    Set<Path> before = tikaTemporaryFiles(tempDir);
    List<Path> roots =
        List.of(
            TestData.doc("emails_edge_cases_mikel_mail/attachment_emails"),
            TestData.doc("tika_test_documents/email/testMSG_att_doc.msg"),
            TestData.doc("tika_test_documents/email/testRFC822_multipart_attachments.eml"));
    try (DocumentStore store = DocumentStore.open(tmp.resolve("documents.sqlite"));
        Ingestor ing = new Ingestor(store, IngestOptions.builder().workerThreads(2).build())) {
      IngestSummary s = ing.ingest(roots, IngestListener.NONE, new CancellationToken());
      assertThat(s.indexed()).as("summary %s", s).isGreaterThanOrEqualTo(14);
      Path mail = TestData.doc("tika_test_documents/email/testRFC822_multipart_attachments.eml");
      assertThat(store.documents(mail))
          .as("the attachments are documents of their own")
          .hasSizeGreaterThan(1);
    }
    Set<Path> left = tikaTemporaryFiles(tempDir);
    left.removeAll(before);
    assertThat(left).as("temporary files left in %s", tempDir).isEmpty();
  }

  private static Set<Path> tikaTemporaryFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("apache-tika-"))
          .collect(Collectors.toSet());
    }
  }
}
