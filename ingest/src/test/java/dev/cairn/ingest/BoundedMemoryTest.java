package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 619-page PDF and a 9.8 MB, 1,689-message mbox (the Enron and linux-s390 archives back to back)
 * ingest in a JVM limited to 1 GB of heap.
 */
class BoundedMemoryTest {
  @Test
  void aLongPdfAndATenMegabyteMboxIngestWithinAOneGigabyteHeap(@TempDir Path tmp) throws Exception {
    Path pdf = TestData.doc("unstructured_example_docs/pdf/DA-619p.pdf");
    Path mbox = tmp.resolve("big.mbox");
    try (var out = java.nio.file.Files.newOutputStream(mbox)) {
      java.nio.file.Files.copy(TestData.doc("emails_enron_sample/enron_sample.mbox"), out);
      out.write('\n');
      java.nio.file.Files.copy(
          TestData.doc("emails_mailing_list_linux_s390/linux-s390_400.mbox"), out);
    }
    assertThat(java.nio.file.Files.size(mbox)).isGreaterThan(9_500_000L);
    Path db = tmp.resolve("documents.sqlite");
    Process child = KillAndRestartTest.startChild(List.of("-Xmx1g"), db, List.of(pdf, mbox));
    byte[] out = child.getInputStream().readAllBytes();
    assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String log = new String(out, StandardCharsets.UTF_8);
    assertThat(child.exitValue()).as(log).isZero();
    assertThat(log).contains("heap-max-mb 1024");
    try (DocumentStore store = DocumentStore.open(db)) {
      assertThat(store.files(Optional.of(FileState.INDEXED))).hasSize(2);
      List<ChunkRecord> pages = store.chunksOfFile(pdf);
      assertThat(pages.stream().mapToInt(c -> c.provenance().page()).max().orElse(0))
          .isBetween(600, 619);
      assertThat(pages.stream().mapToInt(c -> c.provenance().page()).min().orElse(0)).isEqualTo(1);
      List<DocumentRecord> messages =
          store.documents(mbox).stream().filter(d -> d.parentId() == null).toList();
      assertThat(messages).hasSize(1289 + 400);
      assertThat(messages).allSatisfy(d -> assertThat(d.mediaType()).isEqualTo("message/rfc822"));
      assertThat(messages.stream().filter(d -> d.messageId() != null).count())
          .isGreaterThanOrEqualTo(1085 + 400);
      assertThat(messages).allSatisfy(d -> assertThat(d.sender()).isNotBlank());
      assertThat(messages.stream().filter(d -> d.inReplyTo() != null).count()).isGreaterThan(100);
    }
  }
}
