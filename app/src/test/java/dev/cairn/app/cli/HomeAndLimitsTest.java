package dev.cairn.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.library.ChildJvm;
import dev.cairn.app.library.TestCorpus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits of issue 14 on real commands: a real {@code cairn index} process run with {@code
 * --home} while the account's home is an empty, read-only folder writes nothing outside {@code
 * --home} and runs every thread at normal priority; right after a build the spool is gone and
 * {@code cairn stats} counts only the index; a 100 kB query or question is cut to what the model
 * reads, with a notice.
 */
@Tag("reliability")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class HomeAndLimitsTest {
  /** A progress line once chunks are being embedded. */
  static final java.util.regex.Pattern EMBEDDING =
      java.util.regex.Pattern.compile("embedded [1-9]");

  Path tmp;
  Path fakeUserHome;
  Path tempDir;
  Path home;
  String childOutput;
  int childExit;
  Map<String, Integer> niceOfChildThreads;
  int ownNice;

  @BeforeAll
  void indexInAChildWithAReadOnlyAccountHome(@TempDir Path shared) throws Exception {
    tmp = shared;
    Path notes = Files.createDirectories(tmp.resolve("notes"));
    Path vault =
        TestCorpus.sharedData()
            .resolve("docs/markdown_obsidian_vaults/obsidian-help-en/Getting started");
    try (Stream<Path> s = Files.list(vault)) {
      for (Path n : s.filter(p -> p.toString().endsWith(".md")).sorted().limit(6).toList()) {
        Files.copy(n, notes.resolve(n.getFileName().toString()));
      }
    }
    fakeUserHome = Files.createDirectories(tmp.resolve("account-home"));
    tempDir = Files.createDirectories(tmp.resolve("system-temp"));
    home = tmp.resolve("cairn-home");
    Files.setPosixFilePermissions(fakeUserHome, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      List<String> cmd =
          new ArrayList<>(
              ChildJvm.command(
                  "dev.cairn.app.Main", "--home", home.toString(), "index", "" + notes));
      cmd.addAll(1, List.of("-Duser.home=" + fakeUserHome, "-Djava.io.tmpdir=" + tempDir));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put("HOME", fakeUserHome.toString());
      for (String v :
          List.of("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME")) {
        pb.environment().remove(v);
      }
      ownNice = niceOf(Path.of("/proc/self/stat"));
      Process child = pb.start();
      StringBuilder out = new StringBuilder();
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          out.append(line).append('\n');
          // sampled once, while the embedding threads work
          if (niceOfChildThreads == null && EMBEDDING.matcher(line).find()) {
            niceOfChildThreads = threadNices(child.pid());
          }
        }
      }
      assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
      childExit = child.exitValue();
      childOutput = out.toString();
    } finally {
      Files.setPosixFilePermissions(fakeUserHome, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void everythingTheCommandLineWritesIsUnderHome() throws IOException {
    assertThat(childExit).as(childOutput).isZero();
    assertThat(listFiles(fakeUserHome)).as("written to the account's home").isEmpty();
    // ONNX Runtime unpacks its native library into the system temp folder and deletes the files
    // on exit; what stays there is at most its empty folder, never a file.
    assertThat(listFiles(tempDir)).as("files left in the system temp folder").isEmpty();
    assertThat(home.resolve("cache/models")).isNotEmptyDirectory();
    assertThat(home.resolve("logs")).isNotEmptyDirectory();
    assertThat(home.resolve("collections/default/index/index.cairn")).exists();
  }

  @Test
  void theCommandLineIndexesAtNormalPriority() {
    assertThat(niceOfChildThreads).as(childOutput).isNotNull().isNotEmpty();
    assertThat(niceOfChildThreads)
        .as("nice value of every thread of the indexing process (the test runs at %d)", ownNice)
        .allSatisfy((thread, nice) -> assertThat(nice).as(thread).isEqualTo(ownNice));
  }

  @Test
  void rightAfterAGraphBuildTheSpoolIsGoneAndStatsCountTheIndexFilesOnly() throws Exception {
    Path graphHome = DeltaCollection.firstBuild(tmp.resolve("graph"));
    Path collection = graphHome.resolve("collections/default");
    assertThat(collection.resolve("spool.sqlite")).doesNotExist();

    Cli.Result r = Cli.run("--home", graphHome.toString(), "stats", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode s = new ObjectMapper().readTree(r.out());
    long indexFiles;
    try (Stream<Path> files = Files.walk(collection.resolve("index"))) {
      indexFiles =
          files
              .filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().endsWith(".lock"))
              .mapToLong(p -> p.toFile().length())
              .sum();
    }
    assertThat(s.get("chunks").asLong()).isEqualTo(DeltaCollection.FIRST);
    assertThat(s.get("index_bytes").asLong()).isEqualTo(indexFiles);
    assertThat(s.get("flat_bytes").asLong()).isEqualTo(DeltaCollection.FIRST * 384L * 4);
    // No bound of 5 % here: at 1,100 chunks the index's fixed parts (PQ codebook, calibration,
    // header) make it 6.1 %; the 5 % holds from SciFact's 10,160 chunks up (docs/benchmarks.md).
    assertThat(s.get("storage_ratio").asDouble())
        .isCloseTo((double) indexFiles / s.get("flat_bytes").asLong(), within(1e-9));
    assertThat(s.get("embedding_model").asText()).startsWith("all-minilm-l6-v2");
    assertThat(s.get("dimensions").asInt()).isEqualTo(384);
    assertThat(s.get("last_updated").isNull()).isFalse();
  }

  @Test
  void aHundredKilobyteQueryIsCutToWhatTheModelReadsWithANotice() throws Exception {
    String query = hundredKilobytesOfWords();

    Cli.Result r = Cli.run("--home", home.toString(), "search", "-k", "3", "--", query);

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err())
        .contains("the keyword search used its first 32")
        .contains("word pieces the embedding model reads");
    assertThat(r.out()).isNotBlank();
  }

  @Test
  void aHundredKilobyteQuestionIsCutWithANotice() throws Exception {
    String question = hundredKilobytesOfWords();

    Cli.Result r = Cli.run("--home", home.toString(), "ask", "--model", "none", "--", question);

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err())
        .containsPattern("the question has [\\d,]+ characters; Cairn used its first");
    assertThat(r.out()).contains("Sources:");
  }

  /** Real note text repeated to 100,000 characters. */
  private String hundredKilobytesOfWords() throws IOException {
    String text;
    try (Stream<Path> s = Files.list(tmp.resolve("notes"))) {
      StringBuilder b = new StringBuilder();
      for (Path p : s.sorted().toList()) {
        b.append(Files.readString(p).replaceAll("\\s+", " ")).append(' ');
      }
      text = b.toString();
    }
    StringBuilder q = new StringBuilder(100_000 + text.length());
    while (q.length() < 100_000) {
      q.append(text);
    }
    return q.substring(0, q.lastIndexOf(" ", 100_000)).strip();
  }

  private static List<String> listFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(Path::toString).toList();
    }
  }

  /** Thread name → nice value of every thread of a Linux process, from /proc. */
  private static Map<String, Integer> threadNices(long pid) throws IOException {
    Map<String, Integer> out = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path t : tasks.toList()) {
        try {
          String name = Files.readString(t.resolve("comm")).strip();
          out.put(name + " (" + t.getFileName() + ")", niceOf(t.resolve("stat")));
        } catch (IOException e) {
          // the thread ended between the listing and the read
        }
      }
    }
    return out;
  }

  /** Field 19 of a /proc stat line (the nice value), counted after the command in parentheses. */
  private static int niceOf(Path stat) throws IOException {
    String line = Files.readString(stat);
    String[] after = line.substring(line.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(after[16]);
  }
}
