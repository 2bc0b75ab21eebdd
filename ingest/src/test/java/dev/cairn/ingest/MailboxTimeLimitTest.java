package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The time limit applies to each message of a mailbox, not to the mailbox: a real 9.8 MB archive of
 * 1,689 messages is indexed whole under a one-second limit that no machine extracts it in (it used
 * to be recorded FAILED "timed out after 60 s", with none of its messages searchable).
 */
class MailboxTimeLimitTest {
  static final int COPIES = 3;

  @Test
  void aMailboxWhoseMessagesEachFitTheLimitIsIndexedWhole(@TempDir Path tmp) throws Exception {
    Path mbox = tmp.resolve("archive.mbox");
    try (var out = Files.newOutputStream(mbox)) {
      for (int copy = 0; copy < COPIES; copy++) {
        Files.copy(TestData.doc("emails_enron_sample/enron_sample.mbox"), out);
        out.write('\n');
        Files.copy(TestData.doc("emails_mailing_list_linux_s390/linux-s390_400.mbox"), out);
        out.write('\n');
      }
    }
    assertThat(Files.size(mbox)).isGreaterThan(29_000_000L);
    IngestOptions options = IngestOptions.builder().fileTimeLimit(Duration.ofSeconds(5)).build();
    try (DocumentStore store = DocumentStore.open(tmp.resolve("documents.sqlite"));
        Ingestor ing = new Ingestor(store, options)) {
      IngestSummary summary =
          ing.ingest(List.of(mbox), IngestListener.NONE, new CancellationToken());

      FileRecord file = store.file(mbox).orElseThrow();
      assertThat(summary.failed()).as(file.reason()).isZero();
      assertThat(file.state()).isEqualTo(FileState.INDEXED);
      assertThat(String.valueOf(file.reason())).doesNotContain("partly");
      List<DocumentRecord> messages =
          store.documents(mbox).stream().filter(d -> d.parentId() == null).toList();
      assertThat(messages).hasSize(COPIES * (1289 + 400));
      assertThat(store.lexicalSearch("s390 kernel patch", 10, ChunkFilter.NONE)).isNotEmpty();
    }
  }
}
