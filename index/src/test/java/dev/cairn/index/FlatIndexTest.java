package dev.cairn.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlatIndexTest {
  final Synthetic src = Synthetic.standard(24);

  @Test
  void returnsTheExactTopKBestFirstAndHonoursFilters(@TempDir Path dir) throws IOException {
    try (FlatIndex flat = FlatIndex.build(dir.resolve("f.bin"), 24, src.vectors(0, 500))) {
      float[] q = src.query(1);
      List<SearchHit> hits = flat.search(q, 5, null).hits();
      List<Long> expected =
          LongStream.range(0, 500)
              .boxed()
              .sorted(Comparator.comparingDouble((Long id) -> -VectorMath.dot(q, src.vector(id))))
              .limit(5)
              .toList();
      assertThat(hits).extracting(SearchHit::chunkId).containsExactlyElementsOf(expected);
      assertThat(flat.search(q, 5, id -> id % 2 == 0).hits())
          .hasSize(5)
          .allMatch(h -> h.chunkId() % 2 == 0);
      assertThat(flat.search(q, 1000, null).hits()).hasSize(500);
      assertThatThrownBy(() -> flat.search(new float[768], 5, null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("query has 768 dimensions, index has 24");
    }
  }

  @Test
  void insertsAndDeletesPersist(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("f.bin");
    try (FlatIndex flat = FlatIndex.build(file, 24, src.vectors(0, 100))) {
      flat.insert(1000, src.vector(1000));
      flat.delete(3);
      assertThat(flat.sizeInBytes()).isEqualTo(Files.size(file));
    }
    try (FlatIndex flat = FlatIndex.open(file)) {
      assertThat(flat.size()).isEqualTo(100);
      assertThat(flat.search(src.vector(1000), 1, null).hits().getFirst().chunkId())
          .isEqualTo(1000);
      assertThat(flat.search(src.vector(3), 1, null).hits().getFirst().chunkId()).isNotEqualTo(3);
    }
  }

  @Test
  void damagedFilesAreCorrupt(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("f.bin");
    FlatIndex.build(file, 24, src.vectors(0, 50)).close();
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));
    assertThatThrownBy(() -> FlatIndex.open(file))
        .isInstanceOf(CorruptIndexException.class)
        .hasMessageContaining("BODY");
    bytes[bytes.length - 10] ^= 4;
    Files.write(file, bytes);
    assertThatThrownBy(() -> FlatIndex.open(file))
        .isInstanceOf(CorruptIndexException.class)
        .hasMessageContaining("checksum");
  }
}
