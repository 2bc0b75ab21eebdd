package dev.cairn.index;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes src/test/resources/golden/index.cairn (run from the index module directory). Only needed
 * when the format version changes; the golden test then protects the new format.
 */
public final class GoldenIndexWriter {
  static final int N = 300;
  static final long DELETED = 17;

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "src/test/resources/golden");
    Path dir = Files.createTempDirectory("golden");
    Synthetic source = GoldenFileTest.goldenSource();
    IndexOptions o =
        IndexOptions.builder()
            .graphDegree(12)
            .constructionBeamWidth(40)
            .prunedDegree(6)
            .pqSubspaces(8)
            .smallIndexThreshold(256)
            .build();
    try (CairnIndex idx = CairnIndex.build(dir, o, source, source.vectors(0, N))) {
      idx.delete(DELETED);
      Files.createDirectories(out);
      idx.writeTo(out.resolve("index.cairn"));
    }
    System.out.println("wrote " + out.resolve("index.cairn"));
  }
}
