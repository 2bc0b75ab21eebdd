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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a real {@code cairn reembed} process (ONNX Runtime to llama.cpp) while it embeds: the
 * old index still answers searches with the old model, and the next {@code cairn reembed} resumes
 * from the vectors the dead one committed and promotes the new model.
 */
@Tag("reliability")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ReembedCrashTest {
  static final int NOTES = 40;

  @TempDir Path tmp;

  @Test
  void aReembedKilledWhileEmbeddingLeavesTheOldIndexSearchableAndResumes() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("notes"));
    Path vault = TestCorpus.sharedData().resolve("docs/markdown_obsidian_vaults/obsidian-help-en");
    try (Stream<Path> s = Files.walk(vault)) {
      List<Path> notes = s.filter(p -> p.toString().endsWith(".md")).sorted().limit(NOTES).toList();
      for (Path n : notes) {
        Files.copy(n, folder.resolve(vault.relativize(n).toString().replace('/', '_')));
      }
    }
    Path home = tmp.resolve("home");
    String h = home.toString();
    assertThat(Cli.run("--home", h, "index", folder.toString()).code()).isZero();
    String query = "sync notes across devices";
    String before = Cli.run("--home", h, "search", query, "-k", "3", "--mode", "vector").out();

    Process child =
        new ProcessBuilder(
                ChildJvm.command(
                    "dev.cairn.app.Main", "--home", h, "reembed", "--embedder", "gguf"))
            .redirectErrorStream(true)
            .start();
    CrashRuns.awaitEmbedded(child, 32, "[embedding]");
    child.destroyForcibly(); // SIGKILL
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Path dir = home.resolve("collections/default");
    assertThat(dir.resolve("reembed-spool.sqlite")).exists();
    assertThat(Files.readString(dir.resolve("collection.json")))
        .contains("\"pendingEmbedder\" : \"gguf\"");

    // The old index and model still answer, and stats name the unfinished re-embed.
    Cli.Result during = Cli.run("--home", h, "search", query, "-k", "3", "--mode", "vector");
    assertThat(during.code()).as(during.err()).isZero();
    assertThat(during.out()).isEqualTo(before);
    Cli.Result stats = Cli.run("--home", h, "stats");
    assertThat(stats.out())
        .contains("embedder        onnx on onnxruntime")
        .contains("re-embedding to gguf");

    Cli.Result resumed = Cli.run("--home", h, "reembed", "--embedder", "gguf");
    assertThat(resumed.code()).as(resumed.err()).isZero();
    Matcher m = Pattern.compile("resuming: ([\\d,]+) of ([\\d,]+) chunks").matcher(resumed.err());
    assertThat(m.find()).as(resumed.err()).isTrue();
    assertThat(Long.parseLong(m.group(1).replace(",", ""))).isGreaterThanOrEqualTo(16);
    assertThat(dir.resolve("reembed-spool.sqlite")).doesNotExist();
    Cli.Result after = Cli.run("--home", h, "stats");
    assertThat(after.out())
        .contains("embedder        gguf on llama.cpp")
        .doesNotContain("re-embedding");
    assertThat(Cli.run("--home", h, "validate").code()).isZero();
    Cli.Result search = Cli.run("--home", h, "search", query, "-k", "3", "--mode", "vector");
    assertThat(search.code()).as(search.err()).isZero();
    // Same weights on the other runtime: the same best note.
    assertThat(firstLine(search.out())).isEqualTo(firstLine(before));
  }

  private static String firstLine(String s) {
    return s.lines().findFirst().orElse("").replaceAll("\\d\\.\\d+", "");
  }
}
