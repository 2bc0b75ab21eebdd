package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ingest.mail.RealMailboxes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The time left in a container, from a clock the test drives. */
class ContainerEtaTest {
  /** A clock that moves only when told, or by a fixed step on each reading. */
  static final class DrivenClock implements ContainerClock {
    final AtomicLong nanos = new AtomicLong();
    final long step;

    DrivenClock(Duration step) {
      this.step = step.toNanos();
    }

    void advance(Duration d) {
      nanos.addAndGet(d.toNanos());
    }

    @Override
    public long nanoTime() {
      return nanos.getAndAdd(step);
    }
  }

  @Test
  void theTimeLeftFollowsThisRunsRateSoFar() {
    DrivenClock clock = new DrivenClock(Duration.ZERO);
    ContainerEta eta = new ContainerEta(clock, 0);
    clock.advance(Duration.ofSeconds(30));
    // 100 MB of 400 MB in 30 s: 300 MB left at the same rate is 90 s
    assertThat(eta.remaining(100_000_000, 400_000_000)).isEqualTo(Duration.ofSeconds(90));
    clock.advance(Duration.ofSeconds(90)); // slower: 200 MB in 120 s, 200 MB left
    assertThat(eta.remaining(200_000_000, 400_000_000)).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void aResumedRunCountsOnlyWhatItReadItself() {
    DrivenClock clock = new DrivenClock(Duration.ZERO);
    ContainerEta eta = new ContainerEta(clock, 300_000_000); // committed by an earlier run
    clock.advance(Duration.ofSeconds(10));
    assertThat(eta.remaining(310_000_000, 400_000_000)).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void thereIsNoEstimateTooEarlyWithoutProgressOrOnceDone() {
    DrivenClock clock = new DrivenClock(Duration.ZERO);
    ContainerEta eta = new ContainerEta(clock, 0);
    clock.advance(Duration.ofMillis(1999));
    assertThat(eta.remaining(1_000, 400_000)).isNull(); // under two seconds
    clock.advance(Duration.ofSeconds(5));
    assertThat(eta.remaining(0, 400_000)).isNull(); // nothing read
    assertThat(eta.remaining(400_000, 400_000)).isNull(); // done
  }

  @Test
  void theTimeLeftIsShownRoundedAfterTheCount() {
    ContainerProgress p =
        new ContainerProgress("mail.mbox", 12_400, 48_000, 260, 1000, Duration.ofSeconds(170));
    assertThat(p.describe())
        .isEqualTo("mail.mbox: 12,400 of ~48,000 messages (26 %), about 3 min left");
    assertThat(ContainerProgress.shortDuration(Duration.ofSeconds(1))).isEqualTo("5 s");
    assertThat(ContainerProgress.shortDuration(Duration.ofSeconds(41))).isEqualTo("45 s");
    assertThat(ContainerProgress.shortDuration(Duration.ofSeconds(58))).isEqualTo("1 min");
    assertThat(ContainerProgress.shortDuration(Duration.ofMinutes(65))).isEqualTo("1 h 5 min");
    ContainerProgress done =
        new ContainerProgress("mail.mbox", 48_000, 48_000, 1000, 1000, Duration.ofSeconds(3));
    assertThat(done.describe()).isEqualTo("mail.mbox: 48,000 of 48,000 messages (100 %)");
  }

  @Test
  void aStreamedMailboxReportsTheTimeLeftWhileItIsRead(@TempDir Path tmp) throws Exception {
    Path mbox = tmp.resolve("linux-s390.mbox");
    Files.copy(TestData.doc(RealMailboxes.S390), mbox);
    IngestOptions options = IngestOptions.builder().build();
    DrivenClock clock = new DrivenClock(Duration.ofSeconds(1)); // every reading one second later
    List<ContainerProgress> seen = new ArrayList<>();
    try (DocumentStore store = DocumentStore.open(tmp.resolve("documents.sqlite"))) {
      MboxIngest ingest =
          new MboxIngest(
              new ContainerStore(store),
              new FileExtractor(),
              new Chunker(options.tokenCounter(), options.chunkTokens(), options.overlapTokens()),
              options,
              clock);
      ScannedFile f =
          new ScannedFile(mbox, Files.size(mbox), Files.getLastModifiedTime(mbox).toMillis());
      FileRecord done =
          ingest.ingest(
              f,
              new MboxIngest.Events() {
                @Override
                public void committed(ContainerStore.Result r) {}

                @Override
                public void progress(ContainerProgress p) {
                  seen.add(p);
                }
              },
              new CancellationToken());
      assertThat(done.state()).isEqualTo(FileState.INDEXED);
    }
    ContainerProgress middle = seen.get(seen.size() / 2);
    assertThat(middle.remaining()).isNotNull();
    // about one second per message: the time left is about the messages left, in seconds
    long left = middle.messagesEstimated() - middle.messagesDone();
    assertThat(middle.remaining().toSeconds()).isBetween(left / 2, left * 2 + 10);
    assertThat(middle.describe()).matches(".*\\(\\d+ %\\), about \\d+ (s|min) left");
    assertThat(seen.getLast().remaining()).isNull();
    assertThat(seen.getLast().describe()).isEqualTo("linux-s390.mbox: 400 of 400 messages (100 %)");
  }
}
