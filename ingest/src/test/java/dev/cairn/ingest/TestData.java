package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared evaluation data ({@code -Dcairn.shared.dir}, set by Surefire). */
public final class TestData {
  private TestData() {}

  public static Path shared() {
    String dir = System.getProperty("cairn.shared.dir", "../../shared");
    Path p = Path.of(dir).toAbsolutePath().normalize();
    assertThat(p.resolve("data")).as("shared data folder (cairn.shared.dir)").isDirectory();
    return p.resolve("data");
  }

  public static Path docs() {
    return shared().resolve("docs");
  }

  public static Path doc(String relative) {
    Path p = docs().resolve(relative);
    assertThat(Files.exists(p)).as("test file " + p).isTrue();
    return p;
  }
}
