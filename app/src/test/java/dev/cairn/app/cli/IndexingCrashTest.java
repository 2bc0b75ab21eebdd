package dev.cairn.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.library.ChildJvm;
import dev.cairn.app.library.TestCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a real {@code cairn index} process in the middle of a first build: the next run
 * resumes from the embeddings the dead one committed (it says so) and ends with the same collection
 * as a run that was never interrupted.
 */
@Tag("reliability")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class IndexingCrashTest {
  static final int NOTES = 173;

  Path tmp;
  Path folder;
  Path reference;

  @BeforeAll
  void uninterruptedReference(@TempDir Path shared) throws Exception {
    tmp = shared;
    folder = Files.createDirectories(tmp.resolve("notes"));
    Path vault = TestCorpus.sharedData().resolve("docs/markdown_obsidian_vaults/obsidian-help-en");
    try (Stream<Path> s = Files.walk(vault)) {
      List<Path> notes = s.filter(p -> p.toString().endsWith(".md")).sorted().limit(NOTES).toList();
      for (Path n : notes) {
        Files.copy(n, folder.resolve(vault.relativize(n).toString().replace('/', '_')));
      }
    }
    reference = tmp.resolve("reference-home");
    Cli.Result r = Cli.run("--home", reference.toString(), "index", folder.toString());
    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void aFirstBuildKilledWhileEmbeddingResumesAndEndsLikeAnUninterruptedOne() throws Exception {
    Path home = tmp.resolve("crashed-home");
    Process child =
        new ProcessBuilder(
                ChildJvm.command(
                    "dev.cairn.app.Main", "--home", home.toString(), "index", folder.toString()))
            .redirectErrorStream(true)
            .start();
    long embeddedBeforeKill = CrashRuns.awaitEmbedded(child, 64, "[extracting]", "[embedding]");
    child.destroyForcibly(); // SIGKILL: no shutdown hooks, nothing flushed by the JVM
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.exists(home.resolve("collections/default/spool.sqlite"))).isTrue();
    assertThat(Files.exists(home.resolve("collections/default/index/index.cairn"))).isFalse();

    // The interrupted collection opens: stats and validate name the missing index, nothing throws.
    Cli.Result stats = Cli.run("--home", home.toString(), "stats");
    assertThat(stats.err()).doesNotContain("Exception");
    // the model is recorded with the first committed vectors, not at the end of the run
    assertThat(stats.out())
        .containsPattern("embedding model all-minilm-l6-v2\\S* \\(384 dimensions\\)")
        .contains("last updated    no indexing run has finished yet")
        .doesNotContain("(0 dimensions)");

    Cli.Result resumed = Cli.run("--home", home.toString(), "index", folder.toString());

    assertThat(resumed.code()).as(resumed.err()).isZero();
    Matcher m = Pattern.compile("resuming: ([\\d,]+) of ([\\d,]+) chunks").matcher(resumed.err());
    assertThat(m.find()).as(resumed.err()).isTrue();
    assertThat(Long.parseLong(m.group(1).replace(",", ""))).isGreaterThanOrEqualTo(32);
    assertThat(embeddedBeforeKill).isGreaterThanOrEqualTo(64);
    assertThat(Files.exists(home.resolve("collections/default/spool.sqlite"))).isFalse();
    assertThat(CrashRuns.chunkTexts(home)).isEqualTo(CrashRuns.chunkTexts(reference));
    assertThat(Cli.run("--home", home.toString(), "validate").code()).isZero();
    String query = "sync notes across devices";
    assertThat(
            Cli.run("--home", home.toString(), "search", query, "-k", "5", "--mode", "vector")
                .out())
        .isEqualTo(
            Cli.run("--home", reference.toString(), "search", query, "-k", "5", "--mode", "vector")
                .out());
  }
}
