package dev.cairn.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.library.ChildJvm;
import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.TestCorpus;
import dev.cairn.app.local.LocalChannelServer;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real command-line process asks a running Cairn ({@code cairn serve}, or a library service as
 * the window runs it) over {@code <home>/run/cairn.sock} and prints the same results as the search
 * in its own process; with nobody listening it searches in process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliAsksRunningAppTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String QUERY = "how do I link two notes";

  Path home;

  @BeforeAll
  void indexASmallRealCollection(@TempDir Path tmp) throws Exception {
    home = tmp.resolve("home");
    Path corpus = TestCorpus.create(tmp.resolve("corpus"));
    Cli.Result r = Cli.run("--home", home.toString(), "index", corpus.toString());
    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void aCliProcessIsAnsweredByARunningServeWithTheSameResultsAsInProcess() throws Exception {
    Process serve =
        ChildJvm.start("dev.cairn.app.Main", "--home", home.toString(), "serve", "--port", "0");
    try {
      String line = ChildJvm.awaitLine(serve, "answering `cairn search` at ");
      Path socket = LocalChannelServer.socketFile(home);
      assertThat(line).endsWith(socket.toString());
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
          .isEqualTo("rwx------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
          .isEqualTo("rw-------");

      for (List<String> options :
          List.of(
              List.of("--mode", "hybrid"), List.of("--mode", "vector", "--filter", "type=md"))) {
        Run asked = cliProcess(with(options, "search", QUERY, "-k", "5", "--json", "--verbose"));
        assertThat(asked.code()).as(asked.err()).isZero();
        assertThat(asked.err())
            .as(options.toString())
            .containsPattern("answered by the running Cairn \\(cairn serve, pid \\d+\\)")
            .doesNotContain("pid " + asked.pid() + ")");
        Cli.Result here =
            cairn(with(options, "search", QUERY, "-k", "5", "--json", "--in-process", "--verbose"));
        assertThat(here.err()).contains("answered in process");
        assertSameResults(JSON.readTree(asked.out()), JSON.readTree(here.out()), options);
      }

      Run unknown = cliProcess(List.of("search", QUERY, "--collection", "nope", "--verbose"));
      Cli.Result unknownHere = cairn(List.of("search", QUERY, "--collection", "nope"));
      assertThat(unknown.code()).isEqualTo(unknownHere.code()).isNotZero();
      assertThat(unknown.err().lines().filter(l -> l.startsWith("cairn: ")).toList())
          .isEqualTo(unknownHere.err().lines().filter(l -> l.startsWith("cairn: ")).toList())
          .isNotEmpty();
    } finally {
      serve.destroy();
      assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(LocalChannelServer.socketFile(home))
        .as("stopping serve removes the socket")
        .doesNotExist();
    Cli.Result after = cairn(List.of("search", QUERY, "-k", "3", "--verbose"));
    assertThat(after.code()).as(after.err()).isZero();
    assertThat(after.err())
        .contains("searching in process: no running Cairn for this home")
        .contains("answered in process");
  }

  @Test
  void theWindowsServiceAnswersStreamedLinesAndTheCliSearchesHereOnceItCloses() throws Exception {
    Path socket = LocalChannelServer.socketFile(home);
    Files.createDirectories(socket.getParent());
    Files.deleteIfExists(socket);
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(socket)); // closed without removing: a crashed Cairn
    }
    assertThat(socket).exists();
    try (DefaultLibraryService library = DefaultLibraryService.open(home)) {
      Optional<LocalChannelServer> window = LocalChannelServer.start(library, "window");
      assertThat(window).as("a stale socket file is replaced").isPresent();
      try (LocalChannelServer server = window.get()) {
        assertThat(LocalChannelServer.start(library, "window"))
            .as("a second Cairn leaves the live one answering")
            .isEmpty();
        Run asked = cliProcess(List.of("search", QUERY, "-k", "4", "--json-lines", "--verbose"));
        assertThat(asked.code()).as(asked.err()).isZero();
        assertThat(asked.err())
            .contains(
                "answered by the running Cairn (window, pid " + ProcessHandle.current().pid());
        List<JsonNode> lines = new ArrayList<>();
        for (String l : asked.out().lines().toList()) {
          lines.add(JSON.readTree(l));
        }
        assertThat(lines)
            .extracting(l -> l.get("stage").asText())
            .containsExactly("first", "final");
        Cli.Result here =
            cairn(List.of("search", QUERY, "-k", "4", "--json-lines", "--in-process"));
        JsonNode hereFinal = JSON.readTree(here.out().lines().toList().getLast());
        assertSameResults(
            lines.get(1).get("results"), hereFinal.get("results"), List.of("--json-lines"));
      }
      assertThat(socket).as("closing removes the socket").doesNotExist();
      Cli.Result after = cairn(List.of("search", QUERY, "-k", "3", "--verbose"));
      assertThat(after.err()).contains("searching in process: no running Cairn for this home");
    }
  }

  @Test
  void statsShowWhatTheLastSearchesCostWithoutTheQueryText() throws Exception {
    List<JsonNode> finals = new ArrayList<>();
    for (String mode : List.of("hybrid", "lexical")) {
      Cli.Result r =
          cairn(List.of("search", QUERY, "--mode", mode, "--json-lines", "--in-process"));
      assertThat(r.code()).as(r.err()).isZero();
      finals.add(JSON.readTree(r.out().lines().toList().getLast()));
    }
    JsonNode recent = JSON.readTree(cairn(List.of("stats", "--json")).out()).get("recent_searches");
    JsonNode queries = recent.get("queries");
    assertThat(recent.get("count").asInt()).isEqualTo(queries.size()).isBetween(2, 20);
    JsonNode hybrid = queries.get(queries.size() - 2);
    JsonNode lexical = queries.get(queries.size() - 1);
    assertThat(hybrid.get("mode").asText()).isEqualTo("hybrid");
    assertThat(hybrid.get("recomputed").asInt()).isEqualTo(finals.get(0).get("recomputed").asInt());
    assertThat(hybrid.get("cache_hits").asInt()).isEqualTo(finals.get(0).get("cache_hits").asInt());
    assertThat(hybrid.get("elapsed_ms").asLong())
        .isEqualTo(finals.get(0).get("elapsed_ms").asLong());
    assertThat(lexical.get("mode").asText()).isEqualTo("lexical");
    assertThat(lexical.get("recomputed").asInt()).isZero();
    assertThat(lexical.get("results").asInt()).isEqualTo(finals.get(1).get("results").size());

    Path file = home.resolve("run/recent-queries.json");
    assertThat(Files.readString(file)).doesNotContain(QUERY).contains("\"format\" : 1");
    Cli.Result text = cairn(List.of("stats"));
    assertThat(text.out())
        .containsPattern("recent searches last \\d+: median [\\d,]+ ms, slowest [\\d,]+ ms")
        .contains("last search     lexical, k = 10: ");
  }

  private static void assertSameResults(JsonNode asked, JsonNode here, List<String> options) {
    assertThat(asked.size()).as("result count, %s", options).isEqualTo(here.size()).isPositive();
    for (int i = 0; i < here.size(); i++) {
      JsonNode a = asked.get(i);
      JsonNode h = here.get(i);
      assertThat(a.get("chunk_id").asLong())
          .as("rank %d, %s", i + 1, options)
          .isEqualTo(h.get("chunk_id").asLong());
      assertThat(a.get("path").asText()).isEqualTo(h.get("path").asText());
      assertThat(a.get("text").asText()).isEqualTo(h.get("text").asText());
      assertThat(a.get("score").asDouble())
          .as("score at rank %d, %s", i + 1, options)
          .isCloseTo(h.get("score").asDouble(), org.assertj.core.api.Assertions.within(1e-5));
    }
  }

  /** {@code first} followed by {@code more}. */
  private static List<String> with(List<String> more, String... first) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(more);
    return all;
  }

  private Cli.Result cairn(List<String> args) {
    List<String> all = new ArrayList<>(List.of("--home", home.toString()));
    all.addAll(args);
    return Cli.run(all.toArray(String[]::new));
  }

  record Run(int code, String out, String err, long pid) {}

  /** {@code cairn ARGS} as its own process (a new JVM, as a user's shell starts it). */
  private Run cliProcess(List<String> args) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of("--home", home.toString()));
    all.addAll(args);
    Path out = Files.createTempFile(home, "cli", ".out");
    Path err = Files.createTempFile(home, "cli", ".err");
    Process p =
        new ProcessBuilder(ChildJvm.command("dev.cairn.app.Main", all.toArray(String[]::new)))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("cairn %s ended", args).isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8),
        p.pid());
  }
}
