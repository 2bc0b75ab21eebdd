package dev.cairn.ingest.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ingest.TestData;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MboxReaderTest {
  @Test
  void theRealArchivesSplitIntoTheirMessages() throws Exception {
    List<MboxMessage> enron = RealMailboxes.read(RealMailboxes.ENRON);
    List<MboxMessage> s390 = RealMailboxes.read(RealMailboxes.S390);
    // counts from SOURCE.txt / the archives' From_ lines
    assertThat(enron).hasSize(1289);
    assertThat(s390).hasSize(400);
    Path file = TestData.doc(RealMailboxes.S390);
    assertThat(s390.getLast().end()).isEqualTo(Files.size(file));
    for (int i = 1; i < s390.size(); i++) {
      assertThat(s390.get(i).offset()).isEqualTo(s390.get(i - 1).end());
    }
    assertThat(s390).allSatisfy(m -> assertThat(m.messageId()).isNotBlank());
    assertThat(s390.stream().map(MboxMessage::messageId).distinct()).hasSize(400);
    // the Enron sample keeps its Message-ID in 1,085 messages (SOURCE.txt)
    assertThat(enron.stream().filter(m -> m.messageId() != null)).hasSize(1085);
  }

  @Test
  void readingFromAMessageOffsetGivesTheSameMessagesAsReadingFromTheStart() throws Exception {
    Path file = TestData.doc(RealMailboxes.S390);
    List<MboxMessage> all = RealMailboxes.read(RealMailboxes.S390);
    MboxMessage at = all.get(250);
    List<MboxMessage> rest = new ArrayList<>();
    try (MboxReader r = MboxReader.open(file, at.offset(), 250, Long.MAX_VALUE)) {
      MboxMessage m;
      while ((m = r.next()) != null) {
        rest.add(m);
      }
    }
    assertThat(rest).hasSize(150);
    for (int i = 0; i < rest.size(); i++) {
      MboxMessage a = all.get(250 + i);
      MboxMessage b = rest.get(i);
      assertThat(b.index()).isEqualTo(a.index());
      assertThat(b.offset()).isEqualTo(a.offset());
      assertThat(b.contentHash()).isEqualTo(a.contentHash());
      assertThat(b.content()).isEqualTo(a.content());
    }
  }

  @Test
  void aFromLineInABodyDoesNotSplitAndEscapedFromLinesAreUnescaped(@TempDir Path tmp)
      throws Exception {
    String body =
        "Subject: quoting\nMessage-ID: <q@x>\n\nFirst paragraph.\n\n"
            + "From here on, we plan for 2026 at 10:30 in the morning.\n"
            + "From the archive:\n>From an old letter\n>>From a quote of it\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MboxWriter.append(
        out, "From a@b Mon Jan  1 10:00:00 2001", body.getBytes(StandardCharsets.UTF_8));
    MboxWriter.append(
        out, "From c@d Tue Jan  2 10:00:00 2001", "Subject: two\n\nSecond.\n".getBytes());
    byte[] file = out.toByteArray();
    assertThat(new String(file, StandardCharsets.UTF_8))
        .contains("\n>>From an old letter\n>>>From a quote of it\n")
        .contains("\n>From here on");
    Path mbox = tmp.resolve("quoting.mbox");
    Files.write(mbox, file);

    List<MboxMessage> read = readAll(mbox);

    assertThat(read).hasSize(2);
    assertThat(new String(read.get(0).content(), StandardCharsets.UTF_8)).isEqualTo(body + "\n");
    assertThat(read.get(0).messageId()).isEqualTo("q@x");
    assertThat(read.get(1).messageId()).isNull();
  }

  @Test
  void anUnescapedFromLineAfterABlankLineWithoutADateStaysInTheBody(@TempDir Path tmp)
      throws Exception {
    Path mbox = tmp.resolve("mboxo");
    Files.writeString(
        mbox,
        "From a@b Mon Jan  1 10:00:00 2001\nSubject: one\n\nText.\n\nFrom me to you, thanks.\n\n"
            + "From a@b Mon Jan  1 10:05:00 2001\r\nSubject: two\r\n\r\nCRLF text.\r\n");
    List<MboxMessage> read = readAll(mbox);
    assertThat(read).hasSize(2);
    assertThat(new String(read.get(0).content(), StandardCharsets.US_ASCII))
        .contains("From me to you, thanks.");
    assertThat(new String(read.get(1).content(), StandardCharsets.US_ASCII))
        .startsWith("Subject: two\r\n");
  }

  @Test
  void aMailboxCutInsideItsLastMessageMarksThatMessageTruncated() throws Exception {
    Path cut =
        TestData.doc("bad_inputs/derived_by_truncation/truncated_mid_message__enron_sample.mbox");
    List<MboxMessage> read = readAll(cut);
    assertThat(read).isNotEmpty();
    assertThat(read.getLast().truncated()).isTrue();
    assertThat(read.subList(0, read.size() - 1)).noneMatch(MboxMessage::truncated);
    assertThat(read.getLast().end()).isEqualTo(Files.size(cut));
  }

  @Test
  void aMessageOverTheLimitIsReportedWithoutItsContent(@TempDir Path tmp) throws Exception {
    Path mbox = tmp.resolve("big.mbox");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MboxWriter.append(
        out,
        "From a@b Mon Jan  1 10:00:00 2001",
        ("Subject: big\n\n" + "x".repeat(5000) + "\n").getBytes());
    MboxWriter.append(
        out, "From a@b Mon Jan  1 10:00:00 2001", "Subject: small\n\nok\n".getBytes());
    Files.write(mbox, out.toByteArray());
    List<MboxMessage> read = new ArrayList<>();
    try (MboxReader r = MboxReader.open(mbox, 0, 0, 1000)) {
      MboxMessage m;
      while ((m = r.next()) != null) {
        read.add(m);
      }
    }
    assertThat(read).hasSize(2);
    assertThat(read.get(0).oversized()).isTrue();
    assertThat(read.get(0).length()).isGreaterThan(5000);
    assertThat(read.get(1).oversized()).isFalse();
  }

  @Test
  void flagHeadersThatClientsRewriteDoNotChangeTheContentHash(@TempDir Path tmp) throws Exception {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    Files.writeString(
        a, "From - Mon Jan 01 10:00:00 2001\nSubject: s\nX-Mozilla-Status: 0001\n\nBody.\n");
    Files.writeString(
        b, "From - Mon Jan 01 10:00:00 2001\nSubject: s\nX-Mozilla-Status: 0009\n\nBody.\n");
    assertThat(readAll(a).getFirst().contentHash()).isEqualTo(readAll(b).getFirst().contentHash());
    Files.writeString(
        b, "From - Mon Jan 01 10:00:00 2001\nSubject: s\nX-Mozilla-Status: 0009\n\nBody!\n");
    assertThat(readAll(a).getFirst().contentHash())
        .isNotEqualTo(readAll(b).getFirst().contentHash());
  }

  @Test
  void anEmptyFileHasNoMessages(@TempDir Path tmp) throws Exception {
    Path empty = Files.createFile(tmp.resolve("empty.mbox"));
    assertThat(readAll(empty)).isEmpty();
  }

  static List<MboxMessage> readAll(Path mbox) throws Exception {
    List<MboxMessage> out = new ArrayList<>();
    try (MboxReader r = MboxReader.open(mbox, 0, 0, Long.MAX_VALUE)) {
      MboxMessage m;
      while ((m = r.next()) != null) {
        out.add(m);
      }
    }
    return out;
  }
}
