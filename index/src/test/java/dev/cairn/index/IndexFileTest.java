package dev.cairn.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndexFileTest {
  static final int DIMS = 32;
  Synthetic source = Synthetic.standard(DIMS);
  byte[] original;
  List<long[]> sections = new ArrayList<>(); // {id, offset, length}

  @BeforeAll
  void writeIndex(@TempDir Path dir) throws IOException {
    IndexOptions o = IndexOptions.builder().pqSubspaces(8).smallIndexThreshold(256).build();
    try (CairnIndex idx = CairnIndex.build(dir, o, source, source.vectors(0, 400))) {
      idx.delete(5);
    }
    original = Files.readAllBytes(dir.resolve(IndexFile.FILE_NAME));
    ByteBuffer b = ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN);
    int count = b.getInt(12);
    for (int s = 0; s < count; s++) {
      int e = 16 + 24 * s;
      sections.add(new long[] {b.getInt(e), b.getLong(e + 4), b.getLong(e + 12)});
    }
  }

  private Path copy(Path dir, byte[] bytes) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve(IndexFile.FILE_NAME), bytes);
    return dir;
  }

  private static String sectionName(long id) {
    for (IndexFile.Section s : IndexFile.Section.values()) {
      if (s.id == id) {
        return s.name();
      }
    }
    throw new IllegalArgumentException("section " + id);
  }

  @Test
  void everySectionIsPresentWithItsOwnChecksum() {
    assertThat(sections).hasSize(IndexFile.Section.values().length);
    long end = sections.getLast()[1] + sections.getLast()[2];
    assertThat(end).isEqualTo(original.length);
  }

  @Test
  void truncatedFilesAreCorruptAndNameTheSection(@TempDir Path tmp) throws IOException {
    for (long[] s : sections) {
      if (s[2] == 0) {
        continue;
      }
      int cut = (int) (s[1] + s[2] / 2);
      Path dir = copy(tmp.resolve("cut" + cut), Arrays.copyOf(original, cut));
      assertThatThrownBy(() -> CairnIndex.open(dir, source))
          .isInstanceOf(CorruptIndexException.class)
          .hasMessageContaining(IndexFile.FILE_NAME)
          .hasMessageContaining("section " + sectionName(s[0]))
          .hasMessageContaining("truncated");
    }
    for (int cut : new int[] {0, 7, 19, 100}) {
      Path dir = copy(tmp.resolve("head" + cut), Arrays.copyOf(original, cut));
      CorruptIndexException e =
          (CorruptIndexException) catchThrowable(() -> CairnIndex.open(dir, source));
      assertThat(e.section()).isEqualTo("HEADER");
    }
  }

  @Test
  void bitFlipsAnywhereAreCaughtByTheChecksums(@TempDir Path tmp) throws IOException {
    Random random = new Random(11);
    List<Integer> positions = new ArrayList<>();
    for (long[] s : sections) {
      if (s[2] > 0) {
        positions.add((int) (s[1] + random.nextInt((int) s[2])));
      }
    }
    for (int i = 0; i < 40; i++) {
      positions.add(random.nextInt(original.length));
    }
    for (int pos : positions) {
      byte[] damaged = original.clone();
      damaged[pos] ^= (byte) (1 << random.nextInt(8));
      Path dir = copy(tmp.resolve("flip" + pos), damaged);
      Throwable t = catchThrowable(() -> CairnIndex.open(dir, source));
      assertThat(t).as("flip at byte %d", pos).isInstanceOf(CorruptIndexException.class);
      CorruptIndexException e = (CorruptIndexException) t;
      assertThat(e.file().getFileName().toString()).isEqualTo(IndexFile.FILE_NAME);
      String expected = "HEADER";
      for (long[] s : sections) {
        if (pos >= s[1] && pos < s[1] + s[2]) {
          expected = sectionName(s[0]);
        }
      }
      assertThat(e.section()).as("flip at byte %d", pos).isEqualTo(expected);
    }
  }

  @Test
  void anotherFormatVersionSaysRebuildNeeded(@TempDir Path tmp) throws IOException {
    byte[] v2 = original.clone();
    ByteBuffer b = ByteBuffer.wrap(v2).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(8, 2);
    int headerLen = 16 + 24 * sections.size();
    CRC32C crc = new CRC32C();
    crc.update(v2, 0, headerLen);
    b.putInt(headerLen, (int) crc.getValue());
    Path dir = copy(tmp.resolve("v2"), v2);
    assertThatThrownBy(() -> CairnIndex.open(dir, source))
        .isInstanceOf(IndexVersionException.class)
        .hasMessageContaining("version 2")
        .hasMessageContaining("reads version 1")
        .hasMessageContaining("rebuild needed");
  }

  @Test
  void validateReportsDamageThatHappenedAfterOpening(@TempDir Path tmp) throws IOException {
    Path dir = copy(tmp.resolve("later"), original);
    try (CairnIndex idx = CairnIndex.open(dir, source)) {
      assertThat(idx.validate().ok()).isTrue();
      byte[] damaged = original.clone();
      long[] codes = sections.get(IndexFile.Section.PQ_CODES.ordinal());
      damaged[(int) codes[1]] ^= 1;
      // replace the file the way another process would: write a copy, rename over
      Path other = dir.resolve("other");
      Files.write(other, damaged);
      Files.move(
          other,
          dir.resolve(IndexFile.FILE_NAME),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      ValidationReport report = idx.validate();
      assertThat(report.ok()).isFalse();
      assertThat(report.problems()).anyMatch(p -> p.contains("PQ_CODES"));
    }
  }
}
