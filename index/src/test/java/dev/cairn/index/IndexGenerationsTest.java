package dev.cairn.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A build killed at any moment never leaves an index folder that cannot be opened. */
class IndexGenerationsTest {
  static final int FIRST = 1200;
  static final int SECOND = 1500;

  @TempDir Path tmp;

  @Test
  void aFirstBuildKilledWhileBuildingLeavesNoIndexAndNoBrick() throws Exception {
    Path dir = tmp.resolve("index");

    int rc = runChild(dir, "DURING", FIRST);

    assertThat(rc).isEqualTo(137);
    assertThat(CairnIndex.exists(dir)).isFalse();
    CairnIndex.cleanUp(dir);
    assertThat(Files.exists(IndexGenerations.staging(dir))).isFalse();
    // the next build succeeds where the dead one stopped
    Synthetic src = Synthetic.standard(CairnIndexTest.DIMS);
    try (CairnIndex idx =
        CairnIndex.build(
            dir, CairnIndexTest.OPTIONS, CairnIndexTest.SEARCH, src, src.vectors(0, 40))) {
      assertThat(idx.size()).isEqualTo(40);
    }
    assertThat(CairnIndex.exists(dir)).isTrue();
  }

  @Test
  void aFirstBuildKilledAfterItsGenerationWasCompleteIsKept() throws Exception {
    Path dir = tmp.resolve("index");

    int rc = runChild(dir, "STAGED", FIRST);

    assertThat(rc).isEqualTo(137);
    assertThat(CairnIndex.exists(dir)).isTrue();
    try (CairnIndex idx = CairnIndex.open(dir, Synthetic.standard(CairnIndexTest.DIMS))) {
      assertThat(idx.size()).isEqualTo(FIRST);
    }
    assertThat(Files.exists(IndexGenerations.staging(dir))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"DURING", "STAGED", "CURRENT_MOVED_ASIDE", "STAGING_PROMOTED"})
  void aRebuildKilledAtAnyStepLeavesOneCompleteIndex(String at) throws Exception {
    Path dir = tmp.resolve("index");
    Synthetic src = Synthetic.standard(CairnIndexTest.DIMS);
    try (CairnIndex first =
        CairnIndex.build(
            dir, CairnIndexTest.OPTIONS, CairnIndexTest.SEARCH, src, src.vectors(0, FIRST))) {
      assertThat(first.size()).isEqualTo(FIRST);
    }

    int rc = runChild(dir, at, SECOND);

    assertThat(rc).isEqualTo(137);
    assertThat(CairnIndex.exists(dir)).isTrue();
    try (CairnIndex idx = CairnIndex.open(dir, src)) {
      // Until the swap starts the old generation is current; once the complete new one has been
      // staged and the old one moved aside, open finishes the swap.
      int expected = at.equals("DURING") || at.equals("STAGED") ? FIRST : SECOND;
      assertThat(idx.size()).isEqualTo(expected);
      assertThat(idx.validate().ok()).isTrue();
      assertThat(idx.search(src.query(1), 10, null).hits()).hasSize(10);
    }
    assertThat(Files.exists(IndexGenerations.staging(dir))).isFalse();
    assertThat(Files.exists(IndexGenerations.old(dir))).isFalse();
  }

  @Test
  void aFolderLeftByAnOldFirstBuildCrashIsNoIndexAndIsCleanedUp() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("index"));
    Files.writeString(dir.resolve(WriterLock.FILE_NAME), "");
    Files.write(dir.resolve(HotCache.FILE_NAME), new byte[0]);

    assertThat(CairnIndex.exists(dir)).isFalse();
    CairnIndex.cleanUp(dir);

    assertThat(Files.exists(dir)).isFalse();
  }

  @Test
  void cleanUpLeavesTheStagingFolderOfARunningBuildAlone() throws IOException {
    Path dir = tmp.resolve("index");
    Path staging = Files.createDirectories(IndexGenerations.staging(dir));
    try (WriterLock running = WriterLock.acquire(staging)) {
      CairnIndex.cleanUp(dir);
      assertThat(Files.exists(staging)).isTrue();
    }
    CairnIndex.cleanUp(dir);
    assertThat(Files.exists(staging)).isFalse();
  }

  private int runChild(Path dir, String at, int n) throws Exception {
    return CrashChild.runToEnd(
        tmp.resolve("child-" + at + ".log"),
        CrashingBuild.class,
        dir.toString(),
        at,
        String.valueOf(n));
  }
}
