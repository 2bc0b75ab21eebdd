package dev.cairn.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Protects the on-disk format: a small index written by an earlier build (regenerate with {@link
 * GoldenIndexWriter} only when the format version changes) is read and written back byte for byte,
 * and still answers queries exactly like the vectors it was built from.
 */
class GoldenFileTest {
  static final String RESOURCE = "/golden/index.cairn";

  static Synthetic goldenSource() {
    return new Synthetic(16, 8, 0.8f, 2026, "golden-synthetic-16d");
  }

  @Test
  void storedIndexIsReadAndWrittenBackByteForByte(@TempDir Path dir) throws IOException {
    byte[] golden;
    try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream(RESOURCE))) {
      golden = in.readAllBytes();
    }
    Files.write(dir.resolve(IndexFile.FILE_NAME), golden);
    Synthetic source = goldenSource();
    try (CairnIndex idx = CairnIndex.open(dir, source)) {
      assertThat(idx.size()).isEqualTo(GoldenIndexWriter.N - 1);
      assertThat(idx.validate().problems()).isEmpty();
      Path rewritten = dir.resolve("rewritten.cairn");
      idx.writeTo(rewritten);
      assertThat(Files.readAllBytes(rewritten)).isEqualTo(golden);
      for (long id = 0; id < GoldenIndexWriter.N; id++) {
        var hits = idx.search(source.vector(id), 1, null).hits();
        if (id == GoldenIndexWriter.DELETED) {
          assertThat(hits.getFirst().chunkId()).isNotEqualTo(id);
        } else {
          assertThat(hits.getFirst().chunkId()).isEqualTo(id);
        }
      }
    }
  }
}
