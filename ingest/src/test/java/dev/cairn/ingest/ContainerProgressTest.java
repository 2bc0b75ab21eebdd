package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContainerProgressTest {
  @Test
  void anEstimateFromBytesIsShownWithATildeAndThePercentOfBytesRead() {
    ContainerProgress p = new ContainerProgress("mail.mbox", 12_400, 48_000, 260, 1000);
    assertThat(p.describe()).isEqualTo("mail.mbox: 12,400 of ~48,000 messages (26 %)");
  }

  @Test
  void onceEveryByteIsReadTheCountIsExact() {
    ContainerProgress p = new ContainerProgress("INBOX", 48_113, 48_000, 1000, 1000);
    assertThat(p.describe()).isEqualTo("INBOX: 48,113 of 48,113 messages (100 %)");
  }

  @Test
  void anEmptyContainerIsDone() {
    assertThat(new ContainerProgress("empty.mbox", 0, 0, 0, 0).describe())
        .isEqualTo("empty.mbox: 0 of 0 messages (100 %)");
  }
}
