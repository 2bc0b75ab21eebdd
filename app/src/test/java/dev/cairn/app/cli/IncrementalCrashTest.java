package dev.cairn.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.library.ChildJvm;
import dev.cairn.app.library.TestCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a real {@code cairn index} process during an <em>incremental</em> run (notes added,
 * edited and deleted after a first build), at two moments: while it embeds the new chunks, and with
 * a half-written {@code index.cairn.tmp} beside the index (what a kill during an index write
 * leaves). The next run ends with the same collection as an uninterrupted incremental run: the same
 * chunk texts, an index holding exactly the store's chunks, the same search results.
 */
@Tag("reliability")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class IncrementalCrashTest {
  static final int FIRST = 100;
  static final String QUERY = "sync notes across devices";

  Path tmp;
  Path folder;
  Path afterFirstBuild;
  Path reference;
  List<Path> notes;
  List<String> referenceTexts;
  String referenceSearch;

  @BeforeAll
  void firstBuildThenAnUninterruptedIncrementalRun(@TempDir Path shared) throws Exception {
    tmp = shared;
    folder = Files.createDirectories(tmp.resolve("notes"));
    Path vault = TestCorpus.sharedData().resolve("docs/markdown_obsidian_vaults/obsidian-help-en");
    try (Stream<Path> s = Files.walk(vault)) {
      notes = s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
    }
    for (Path n : notes.subList(0, FIRST)) {
      copyIn(vault, n);
    }
    afterFirstBuild = tmp.resolve("first-build-home");
    Cli.Result r = Cli.run("--home", afterFirstBuild.toString(), "index", folder.toString());
    assertThat(r.code()).as(r.err()).isZero();

    // The changes since the first build: 73 notes added, five edited, five deleted.
    for (Path n : notes.subList(FIRST, notes.size())) {
      copyIn(vault, n);
    }
    try (Stream<Path> s = Files.list(folder)) {
      List<Path> present = s.sorted().toList();
      for (int i = 0; i < 5; i++) {
        Files.writeString(
            present.get(10 + i),
            "\n\nEdited after the first build: the sync settings moved to a new pane " + i + ".\n",
            StandardOpenOption.APPEND);
        Files.delete(present.get(40 + i));
      }
    }
    reference = copyHome(afterFirstBuild, "reference-home");
    Cli.Result inc = Cli.run("--home", reference.toString(), "index", folder.toString());
    assertThat(inc.code()).as(inc.err()).isZero();
    referenceTexts = CrashRuns.chunkTexts(reference);
    referenceSearch = search(reference);
  }

  @Test
  void killedWhileEmbeddingTheNewChunks() throws Exception {
    Path home = copyHome(afterFirstBuild, "killed-embedding-home");
    killWhileEmbedding(home);
    // The first build's index is untouched and still answers while the run is unfinished.
    assertThat(Files.exists(home.resolve("collections/default/index/index.cairn"))).isTrue();
    Cli.Result during = Cli.run("--home", home.toString(), "search", QUERY, "-k", "3");
    assertThat(during.code()).as(during.err()).isZero();
    assertThat(during.out()).isNotBlank();

    resumeAndCompare(home);
  }

  @Test
  void killedWithAHalfWrittenIndexFileBesideTheIndex() throws Exception {
    Path home = copyHome(afterFirstBuild, "killed-writing-home");
    killWhileEmbedding(home);
    // What a kill in the middle of an index write leaves: the old index and a partial temp file.
    Path index = home.resolve("collections/default/index/index.cairn");
    byte[] whole = Files.readAllBytes(index);
    Files.write(
        index.resolveSibling("index.cairn.tmp"),
        Arrays.copyOf(whole, Math.max(16, whole.length / 3)));

    resumeAndCompare(home);
    assertThat(index.resolveSibling("index.cairn.tmp")).doesNotExist();
  }

  private void killWhileEmbedding(Path home) throws Exception {
    Process child =
        new ProcessBuilder(
                ChildJvm.command(
                    "dev.cairn.app.Main", "--home", home.toString(), "index", folder.toString()))
            .redirectErrorStream(true)
            .start();
    CrashRuns.awaitEmbedded(child, 16, "[extracting]", "[embedding]");
    child.destroyForcibly(); // SIGKILL: no shutdown hooks, nothing flushed by the JVM
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
  }

  private void resumeAndCompare(Path home) throws Exception {
    Cli.Result resumed = Cli.run("--home", home.toString(), "index", folder.toString());
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(CrashRuns.chunkTexts(home)).isEqualTo(referenceTexts);
    Cli.Result validate = Cli.run("--home", home.toString(), "validate");
    assertThat(validate.code()).as(validate.out() + validate.err()).isZero();
    assertThat(search(home)).isEqualTo(referenceSearch);
  }

  private static String search(Path home) {
    Cli.Result r =
        Cli.run("--home", home.toString(), "search", QUERY, "-k", "5", "--mode", "vector");
    assertThat(r.code()).as(r.err()).isZero();
    return r.out();
  }

  private void copyIn(Path vault, Path note) throws IOException {
    Files.copy(note, folder.resolve(vault.relativize(note).toString().replace('/', '_')));
  }

  /** Copies a Cairn home (collections, settings; not the model cache or logs). */
  private Path copyHome(Path from, String name) throws IOException {
    Path to = tmp.resolve(name);
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().endsWith(".lock")) {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return to;
  }
}
