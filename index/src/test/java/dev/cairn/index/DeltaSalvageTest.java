package dev.cairn.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged {@code delta.log}: a damaged frame is cut off by {@link CairnIndex#salvageDelta} with
 * the whole frames before it kept, a torn tail is reported by {@link CairnIndex#deltaTornBytes} and
 * cut off, a damaged header cannot be salvaged.
 */
class DeltaSalvageTest {
  static final long FIRST = 100_000;
  static final int BATCH = 20;

  @TempDir Path tmp;

  private final Synthetic src = Synthetic.standard(CairnIndexTest.DIMS);

  @Test
  void aDamagedFrameIsCutOffWithWhatFollowsAndTheFramesBeforeItAreKept() throws IOException {
    Path dir = indexWithFrames(3);
    Path log = dir.resolve(DeltaLog.FILE_NAME);
    long firstFrameEnd = DeltaLog.HEADER_BYTES + frameBytes(BATCH);
    byte[] b = Files.readAllBytes(log);
    // inside the second frame's payload; a third frame follows, so this is no torn last frame
    b[(int) firstFrameEnd + DeltaLog.FRAME_HEADER_BYTES + 40] ^= 0x40;
    Files.write(log, b);
    assertThatThrownBy(() -> CairnIndex.open(dir, src).close())
        .isInstanceOfSatisfying(
            CorruptIndexException.class, e -> assertThat(e.section()).isEqualTo("DELTA_FRAME"));

    long cut = CairnIndex.salvageDelta(dir);

    assertThat(cut).isEqualTo(b.length - firstFrameEnd);
    assertThat(Files.size(log)).isEqualTo(firstFrameEnd);
    try (CairnIndex idx = CairnIndex.open(dir, src)) {
      assertThat(idx.validate().problems()).isEmpty();
      assertThat(idx.deltaTornBytes()).isZero();
      Set<Long> live = ids(0, DeltaSegmentTest.N);
      live.addAll(ids(FIRST, BATCH));
      DeltaSegmentTest.assertMatchesBruteForce(idx, src, live, ids(FIRST, BATCH));
    }
  }

  @Test
  void aTruncatedLogIsReportedAsTornAndSalvageCutsTheTornFrame() throws IOException {
    Path dir = indexWithFrames(2);
    Path log = dir.resolve(DeltaLog.FILE_NAME);
    byte[] b = Files.readAllBytes(log);
    long firstFrameEnd = DeltaLog.HEADER_BYTES + frameBytes(BATCH);
    Files.write(log, Arrays.copyOf(b, (int) firstFrameEnd + 100));

    try (CairnIndex idx = CairnIndex.open(dir, src)) {
      assertThat(idx.deltaTornBytes()).isEqualTo(100);
      assertThat(idx.size()).isEqualTo(DeltaSegmentTest.N + BATCH);
    }
    assertThat(CairnIndex.salvageDelta(dir)).isEqualTo(100);
    assertThat(CairnIndex.salvageDelta(dir)).as("a whole log is left alone").isZero();
    try (CairnIndex idx = CairnIndex.open(dir, src)) {
      assertThat(idx.deltaTornBytes()).isZero();
      assertThat(idx.validate().problems()).isEmpty();
    }
  }

  @Test
  void aZeroedHeaderCannotBeSalvaged() throws IOException {
    Path dir = indexWithFrames(2);
    Path log = dir.resolve(DeltaLog.FILE_NAME);
    byte[] b = Files.readAllBytes(log);
    Arrays.fill(b, 0, DeltaLog.HEADER_BYTES, (byte) 0);
    Files.write(log, b);

    assertThatThrownBy(() -> CairnIndex.salvageDelta(dir))
        .isInstanceOfSatisfying(
            CorruptIndexException.class, e -> assertThat(e.section()).isEqualTo("DELTA_HEADER"));
    assertThat(Files.readAllBytes(log)).as("left as it was").isEqualTo(b);
  }

  @Test
  void anIndexWithoutADeltaHasNothingToSalvage() throws IOException {
    Path dir = DeltaSegmentTest.buildBase(tmp.resolve("idx"), src);
    assertThat(CairnIndex.salvageDelta(dir)).isZero();
    assertThat(dir.resolve(DeltaLog.FILE_NAME)).doesNotExist();
  }

  /** A graph index with {@code frames} delta frames of {@link #BATCH} inserts each. */
  private Path indexWithFrames(int frames) throws IOException {
    Path dir = DeltaSegmentTest.buildBase(tmp.resolve("idx"), src);
    try (CairnIndex idx = CairnIndex.open(dir, src)) {
      for (int f = 0; f < frames; f++) {
        List<ChunkVector> batch = new ArrayList<>();
        for (long id = FIRST * (f + 1); id < FIRST * (f + 1) + BATCH; id++) {
          batch.add(new ChunkVector(id, src.vector(id)));
        }
        idx.insertAll(batch);
      }
    }
    return dir;
  }

  private static long frameBytes(int inserts) {
    return DeltaLog.FRAME_HEADER_BYTES + 4 + (long) inserts * (9 + 4L * CairnIndexTest.DIMS);
  }

  private static Set<Long> ids(long from, long count) {
    Set<Long> out = new LinkedHashSet<>();
    for (long id = from; id < from + count; id++) {
      out.add(id);
    }
    return out;
  }
}
