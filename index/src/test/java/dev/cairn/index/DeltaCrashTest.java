package dev.cairn.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A process halted at any step of a delta write or of a delta merge leaves an index that opens and
 * holds either the state before the interrupted change or the state after it, searched as brute
 * force over that state, and that takes the next change.
 */
@Tag("reliability")
class DeltaCrashTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(
      strings = {"HEADER_STAGED", "CREATED", "FRAME_HALF_WRITTEN", "FRAME_WRITTEN", "FRAME_SYNCED"})
  void aDeltaWriteHaltedAtAnyStepLeavesTheOldOrTheNewState(String at) throws Exception {
    Synthetic src = Synthetic.standard(CairnIndexTest.DIMS);
    Path dir = DeltaSegmentTest.buildBase(tmp.resolve("idx"), src);

    assertThat(runChild(dir, at)).isEqualTo(137);

    boolean first = at.equals("HEADER_STAGED") || at.equals("CREATED");
    long firstBatch = CrashingDelta.FIRST_ID;
    long secondBatch = CrashingDelta.FIRST_ID + CrashingDelta.BATCH;
    Set<Long> before = ids(0, DeltaSegmentTest.N);
    if (!first) {
      before.addAll(ids(firstBatch, CrashingDelta.BATCH));
    }
    Set<Long> after = new LinkedHashSet<>(before);
    after.addAll(ids(first ? firstBatch : secondBatch, CrashingDelta.BATCH));
    // The halted write is lost while its frame is incomplete; once the frame is whole in the
    // file (written, even before it was forced: a halted process loses no page-cache data) it is
    // in.
    boolean newState = at.equals("FRAME_WRITTEN") || at.equals("FRAME_SYNCED");
    Set<Long> expected = newState ? after : before;
    try (CairnIndex idx = CairnIndex.open(dir, src)) {
      assertThat(idx.validate().problems()).isEmpty();
      DeltaSegmentTest.assertMatchesBruteForce(idx, src, expected, delta(expected));
      idx.insert(900_000, src.vector(900_000));
      expected.add(900_000L);
    }
    try (CairnIndex idx = CairnIndex.open(dir, src)) {
      DeltaSegmentTest.assertMatchesBruteForce(idx, src, expected, delta(expected));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"STAGED", "CURRENT_MOVED_ASIDE", "STAGING_PROMOTED"})
  void aMergeHaltedAtAnyStepLeavesTheOldOrTheNewGeneration(String at) throws Exception {
    Synthetic src = Synthetic.standard(CairnIndexTest.DIMS);
    Path dir = DeltaSegmentTest.buildBase(tmp.resolve("idx"), src);

    assertThat(runChild(dir, at)).isEqualTo(137);

    Set<Long> live = ids(CrashingDelta.DELETES, DeltaSegmentTest.N - CrashingDelta.DELETES);
    live.addAll(ids(CrashingDelta.FIRST_ID, CrashingDelta.BATCH));
    boolean merged = !at.equals("STAGED");
    try (CairnIndex idx = CairnIndex.open(dir, src)) {
      assertThat(idx.validate().problems()).isEmpty();
      assertThat(idx.pendingChanges())
          .as("the delta is whole before the swap and gone after it")
          .isEqualTo(merged ? 0 : CrashingDelta.BATCH + CrashingDelta.DELETES);
      DeltaSegmentTest.assertMatchesBruteForce(
          idx,
          src,
          live,
          merged ? Set.of() : delta(live),
          merged ? DeltaSegmentTest.MERGED_RECALL : DeltaSegmentTest.BUILT_RECALL);
      idx.compact();
      assertThat(idx.pendingChanges()).isZero();
      DeltaSegmentTest.assertMatchesBruteForce(
          idx, src, live, Set.of(), DeltaSegmentTest.MERGED_RECALL);
    }
    assertThat(IndexGenerations.staging(dir)).doesNotExist();
    assertThat(IndexGenerations.old(dir)).doesNotExist();
  }

  private static Set<Long> ids(long from, long count) {
    Set<Long> out = new LinkedHashSet<>();
    for (long id = from; id < from + count; id++) {
      out.add(id);
    }
    return out;
  }

  private static Set<Long> delta(Set<Long> live) {
    Set<Long> out = new LinkedHashSet<>();
    for (long id : live) {
      if (id >= CrashingDelta.FIRST_ID) {
        out.add(id);
      }
    }
    return out;
  }

  private int runChild(Path dir, String at) throws IOException, InterruptedException {
    return CrashChild.runToEnd(
        tmp.resolve("child-" + at + ".log"), CrashingDelta.class, dir.toString(), at);
  }
}
