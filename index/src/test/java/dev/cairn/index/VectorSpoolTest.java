package dev.cairn.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorSpoolTest {
  static final int DIMS = 12;
  final Synthetic source = Synthetic.standard(DIMS);

  private List<ChunkVector> batch(long from, int count) {
    List<ChunkVector> out = new ArrayList<>();
    source.vectors(from, count).forEachRemaining(out::add);
    return out;
  }

  private static List<ChunkVector> readAll(VectorSpool spool) {
    List<ChunkVector> out = new ArrayList<>();
    spool.forEach(out::add);
    return out;
  }

  @Test
  void vectorsPutInBatchesAreReadBackExactlyInIdOrderAfterReopening(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("spool.sqlite");
    List<ChunkVector> all = new ArrayList<>(batch(0, 1300));
    java.util.Collections.shuffle(all, new Random(3));
    try (VectorSpool spool = VectorSpool.open(file, source.modelId(), DIMS)) {
      for (int i = 0; i < all.size(); i += 100) {
        spool.putAll(all.subList(i, Math.min(all.size(), i + 100)));
      }
      assertThat(spool.size()).isEqualTo(1300);
    }
    try (VectorSpool spool = VectorSpool.open(file, source.modelId(), DIMS)) {
      assertThat(spool.size()).isEqualTo(1300);
      long[] ids = spool.chunkIds();
      assertThat(ids).hasSize(1300).isSorted();
      List<ChunkVector> read = readAll(spool);
      assertThat(read).hasSize(1300);
      for (int i = 0; i < read.size(); i++) {
        assertThat(read.get(i).chunkId()).isEqualTo(i);
        assertThat(read.get(i).vector()).containsExactly(source.vector(i));
      }
      assertThat(spool.contains(1299)).isTrue();
      assertThat(spool.contains(1300)).isFalse();
    }
  }

  @Test
  void rePuttingAnIdReplacesItAndRemovedIdsAreGone(@TempDir Path dir) throws IOException {
    try (VectorSpool spool = VectorSpool.open(dir.resolve("s"), source.modelId(), DIMS)) {
      spool.putAll(batch(0, 10));
      spool.putAll(List.of(new ChunkVector(3, source.vector(77))));
      assertThat(spool.size()).isEqualTo(10);
      spool.removeAll(new long[] {1, 2, 999});
      assertThat(spool.size()).isEqualTo(8);
      assertThat(spool.chunkIds()).containsExactly(0, 3, 4, 5, 6, 7, 8, 9);
      ChunkVector three = readAll(spool).get(1);
      assertThat(three.vector()).containsExactly(source.vector(77));
      spool.putAll(List.of());
      assertThat(spool.size()).isEqualTo(8);
    }
  }

  @Test
  void anEmptySpoolIteratesNothing(@TempDir Path dir) throws IOException {
    try (VectorSpool spool = VectorSpool.open(dir.resolve("s"), source.modelId(), DIMS)) {
      assertThat(spool.iterator().hasNext()).isFalse();
      assertThat(spool.chunkIds()).isEmpty();
    }
  }

  @Test
  void aVectorOfTheWrongDimensionIsRefusedAndNothingOfTheBatchIsStored(@TempDir Path dir)
      throws IOException {
    try (VectorSpool spool = VectorSpool.open(dir.resolve("s"), source.modelId(), DIMS)) {
      List<ChunkVector> bad = new ArrayList<>(batch(0, 3));
      bad.add(new ChunkVector(9, new float[DIMS + 1]));
      assertThatThrownBy(() -> spool.putAll(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("chunk 9");
      assertThat(spool.size()).isZero();
    }
  }

  @Test
  void aSpoolOfAnotherModelOrDimensionIsDiscarded(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("s");
    try (VectorSpool spool = VectorSpool.open(file, source.modelId(), DIMS)) {
      spool.putAll(batch(0, 5));
    }
    try (VectorSpool spool = VectorSpool.open(file, "other-model", DIMS)) {
      assertThat(spool.size()).isZero();
      spool.putAll(List.of(new ChunkVector(1, source.vector(1))));
    }
    Synthetic wide = Synthetic.standard(DIMS * 2);
    try (VectorSpool spool = VectorSpool.open(file, "other-model", DIMS * 2)) {
      assertThat(spool.size()).isZero();
      spool.putAll(List.of(new ChunkVector(1, wide.vector(1))));
      assertThat(spool.size()).isEqualTo(1);
    }
  }

  @Test
  void aFileThatIsNotASpoolIsDiscardedAndRecreated(@TempDir Path dir) throws IOException {
    Path garbage = dir.resolve("garbage");
    Files.writeString(garbage, "this is not a database, just some words ".repeat(200));
    try (VectorSpool spool = VectorSpool.open(garbage, source.modelId(), DIMS)) {
      assertThat(spool.size()).isZero();
      spool.putAll(batch(0, 2));
    }
    try (VectorSpool spool = VectorSpool.open(garbage, source.modelId(), DIMS)) {
      assertThat(spool.size()).isEqualTo(2);
    }
    Path empty = dir.resolve("empty");
    Files.write(empty, new byte[0]);
    try (VectorSpool spool = VectorSpool.open(empty, source.modelId(), DIMS)) {
      assertThat(spool.size()).isZero();
    }
  }

  @Test
  void zeroedHeaderOrTruncatedFileIsDiscardedNotThrown(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("s");
    try (VectorSpool spool = VectorSpool.open(file, source.modelId(), DIMS)) {
      spool.putAll(batch(0, 400));
    }
    byte[] bytes = Files.readAllBytes(file);
    byte[] zeroed = bytes.clone();
    java.util.Arrays.fill(zeroed, 0, 100, (byte) 0);
    Files.write(file, zeroed);
    try (VectorSpool spool = VectorSpool.open(file, source.modelId(), DIMS)) {
      assertThat(spool.size()).isZero();
    }
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 3));
    try (VectorSpool spool = VectorSpool.open(file, source.modelId(), DIMS)) {
      assertThat(readAll(spool))
          .allSatisfy(cv -> assertThat(cv.vector()).containsExactly(source.vector(cv.chunkId())));
    }
  }

  @Test
  void aFlippedByteInsideAVectorDropsThatVectorOnly(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("s");
    try (VectorSpool spool = VectorSpool.open(file, source.modelId(), DIMS)) {
      spool.putAll(batch(0, 50));
    }
    byte[] bytes = Files.readAllBytes(file);
    byte[] needle = SpoolFormat.encode(source.vector(17));
    int at = indexOf(bytes, needle);
    assertThat(at).isPositive();
    bytes[at + 5] ^= 0x10;
    Files.write(file, bytes);
    try (VectorSpool spool = VectorSpool.open(file, source.modelId(), DIMS)) {
      assertThat(spool.size()).isEqualTo(49);
      assertThat(spool.contains(17)).isFalse();
      assertThat(readAll(spool))
          .allSatisfy(cv -> assertThat(cv.vector()).containsExactly(source.vector(cv.chunkId())));
    }
  }

  @Test
  void deleteRemovesTheFileAndItsCompanions(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("s");
    VectorSpool spool = VectorSpool.open(file, source.modelId(), DIMS);
    spool.putAll(batch(0, 3));
    spool.close();
    VectorSpool.delete(file);
    VectorSpool.delete(file); // absent is fine
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void batchesThatReturnedSurviveAKilledProcess(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("spool.sqlite");
    try (CrashChild.Handle child = CrashChild.start("spool", file.toString())) {
      String line = child.awaitLine(l -> l.startsWith("stored 2000"));
      assertThat(line).isNotNull();
      child.kill();
    }
    try (VectorSpool spool = VectorSpool.open(file, source.modelId(), DIMS)) {
      assertThat(spool.size()).isGreaterThanOrEqualTo(2000);
      assertThat(spool.size() % 100).isZero(); // whole batches only
      assertThat(readAll(spool))
          .allSatisfy(cv -> assertThat(cv.vector()).containsExactly(source.vector(cv.chunkId())));
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
