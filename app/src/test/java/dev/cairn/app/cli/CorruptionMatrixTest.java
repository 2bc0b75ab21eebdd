package dev.cairn.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cairn.app.library.TestCorpus;
import dev.cairn.ingest.testing.FullTextDamage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every file of a real collection damaged in turn (a flipped byte, a truncation, a zeroed header):
 * the damage is healed (the collection answers as before) or named by {@code cairn validate} with
 * the file and the one command that fixes it, and that command fixes it. Never a stack trace, never
 * a silently wrong answer. The delta segment's file ({@code index/delta.log}) is damaged in a
 * second collection whose index is a graph with changes in its delta ({@link DeltaCollection}).
 */
@Tag("reliability")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class CorruptionMatrixTest {
  static final String QUERY = "internal links between notes";

  enum Damage {
    INDEX_FLIPPED("index/index.cairn", true),
    INDEX_TRUNCATED("index/index.cairn", true),
    INDEX_ZERO_HEADER("index/index.cairn", true),
    CACHE_NOT_A_DATABASE("index/cache.sqlite", false),
    CACHE_TRUNCATED("index/cache.sqlite", false),
    FTS_FLIPPED("documents.sqlite", true),
    STORE_ZERO_HEADER("documents.sqlite", true),
    COLLECTION_JSON_GARBAGE("collection.json", true),
    DELTA_FLIPPED("index/delta.log", true),
    DELTA_TRUNCATED("index/delta.log", true),
    DELTA_ZERO_HEADER("index/delta.log", true);

    final String file;
    final boolean namedByValidate;

    Damage(String file, boolean namedByValidate) {
      this.file = file;
      this.namedByValidate = namedByValidate;
    }

    /** Damage to the delta segment, done to {@link DeltaCollection}'s graph index. */
    boolean delta() {
      return file.endsWith("delta.log");
    }
  }

  Path pristine;
  String lexicalBefore;
  String vectorBefore;
  Path deltaPristine;
  String deltaVectorBefore;

  @BeforeAll
  void indexOnce(@TempDir Path tmp) throws Exception {
    Path corpus = TestCorpus.create(tmp.resolve("corpus"));
    pristine = tmp.resolve("home");
    Cli.Result r = Cli.run("--home", pristine.toString(), "index", corpus.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Cli.run("--home", pristine.toString(), "validate").code()).isZero();
    lexicalBefore = search(pristine, "lexical").out();
    vectorBefore = search(pristine, "vector").out();
    assertThat(lexicalBefore).isNotBlank();
    deltaPristine = DeltaCollection.create(tmp);
    assertThat(Cli.run("--home", deltaPristine.toString(), "validate").code()).isZero();
    deltaVectorBefore = deltaSearch(deltaPristine).out();
    assertThat(deltaVectorBefore).isNotBlank();
  }

  @ParameterizedTest
  @EnumSource(Damage.class)
  void damageIsHealedOrNamedWithTheCommandThatFixesIt(Damage damage, @TempDir Path tmp)
      throws Exception {
    Path home = tmp.resolve("home");
    copyTree(
        (damage.delta() ? deltaPristine : pristine).resolve("collections"),
        home.resolve("collections"));
    Path file = home.resolve("collections/default").resolve(damage.file);
    apply(damage, file);

    Cli.Result validate = Cli.run("--home", home.toString(), "validate");
    assertThat(validate.err() + validate.out()).doesNotContain("Exception").doesNotContain("\tat ");
    if (!damage.namedByValidate) {
      // disposable: healed on open, with the same answers
      assertThat(validate.code()).as(validate.err() + validate.out()).isZero();
      assertThat(search(home, "vector").out()).isEqualTo(vectorBefore);
      return;
    }
    assertThat(validate.code()).as(validate.out() + validate.err()).isNotZero();
    String said = validate.out() + validate.err();
    assertThat(said).containsAnyOf(damage.file, file.getFileName().toString());
    assertThat(said).containsPattern("cairn (rebuild|validate --repair)|collection.json");
    if (damage == Damage.DELTA_ZERO_HEADER) {
      assertThat(said).contains("cairn rebuild");
    } else if (damage.delta()) {
      // the main graph is whole: the repair drops the damaged changes and embeds their chunks
      assertThat(said).contains("cairn validate --repair").doesNotContain("cairn rebuild");
    }
    if (damage == Damage.COLLECTION_JSON_GARBAGE) {
      // the user's own settings file: named with what is wrong, never overwritten by Cairn
      return;
    }
    Cli.Result fix =
        said.contains("cairn rebuild")
            ? Cli.run("--home", home.toString(), "rebuild")
            : Cli.run("--home", home.toString(), "validate", "--repair");
    assertThat(fix.code()).as(fix.err()).isZero();
    Cli.Result after = Cli.run("--home", home.toString(), "validate");
    assertThat(after.code()).as(after.out() + after.err()).isZero();
    if (damage.delta()) {
      assertRepairedDeltaAnswers(home);
    } else {
      assertThat(search(home, "lexical").out()).isEqualTo(lexicalBefore);
    }
  }

  /**
   * After the repair of a damaged delta the collection answers as well as before. The vector search
   * is approximate (PQ-ranked traversal, a re-rank stopped by a calibrated margin, a hot cache that
   * changes with use), and the repair re-inserts the dropped chunks into other places of the graph,
   * so the same top 5 is not guaranteed; what is: the best hit is the same, at most two hits
   * differ, a hit in both scores the same and a new one scores near the cut, a note added by the
   * incremental run is found by its own text, and a deleted note stays deleted.
   */
  private void assertRepairedDeltaAnswers(Path home) throws IOException {
    List<Hit> before = hits(deltaVectorBefore);
    List<Hit> after = hits(deltaSearch(home).out());
    assertThat(after).hasSameSizeAs(before);
    assertThat(after.getFirst().path()).isEqualTo(before.getFirst().path());
    Set<String> common = new HashSet<>(before.stream().map(Hit::path).toList());
    common.retainAll(after.stream().map(Hit::path).toList());
    // Two may differ: one full verify missed 0.4947 and 0.4779 of the pristine five and found 0.471
    // and 0.4653 instead (the graph is built concurrently, so each run's graph differs a little).
    assertThat(common).as("%s vs %s", after, before).hasSizeGreaterThanOrEqualTo(before.size() - 2);
    // Per document, not per rank: one hit missed in the middle moves every later hit up a rank,
    // so a rank-by-rank bound contradicts "at most one hit differs" (seen on a healthy repair:
    // 0.4921 missed at rank 2, every later rank then 0.01 "lower"). A hit in both lists scores
    // the same (exact re-rank); one that replaced a missed hit scores near the list's cut.
    double cut = before.getLast().score() - 0.02;
    for (Hit hit : after) {
      before.stream()
          .filter(b -> b.path().equals(hit.path()))
          .findFirst()
          .ifPresentOrElse(
              b ->
                  assertThat(hit.score())
                      .as("%s: %s vs %s", hit.path(), after, before)
                      .isCloseTo(b.score(), within(0.01)),
              () ->
                  assertThat(hit.score())
                      .as("new hit %s: %s vs %s", hit.path(), after, before)
                      .isGreaterThanOrEqualTo(cut));
    }
    String added = DeltaCollection.title(DeltaCollection.FIRST);
    List<Hit> own = hits(deltaSearch(home, added).out());
    assertThat(own.getFirst().path())
        .as("an added note, found by its own text: %s", own)
        .endsWith(DeltaCollection.name(DeltaCollection.FIRST));
    List<Hit> gone = hits(deltaSearch(home, DeltaCollection.title(0)).out());
    assertThat(gone).extracting(Hit::path).noneMatch(p -> p.endsWith(DeltaCollection.name(0)));
  }

  /**
   * An indexing run commits the document store before the index: killed in between (or searched
   * while it runs), the index still holds chunks that the store has removed, until the next run
   * reconciles them. A search in that state answers in every mode, the default hybrid one too
   * (whose exact pass recomputes the best estimates, the removed chunks among them), and lists none
   * of the removed notes.
   */
  @Test
  void aSearchWhileTheIndexStillHoldsChunksTheStoreRemovedAnswersWithoutThem(@TempDir Path tmp)
      throws Exception {
    Path home = tmp.resolve("home");
    copyTree(deltaPristine.resolve("collections"), home.resolve("collections"));
    Path store = home.resolve("collections/default/documents.sqlite");
    List<String> removed = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store)) {
      for (int i = 1; i <= 5; i++) {
        String name = DeltaCollection.name(i);
        removed.add(name);
        long fileId;
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM files WHERE path LIKE ?")) {
          ps.setString(1, "%" + name);
          try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).as("%s is stored", name).isTrue();
            fileId = rs.getLong(1);
          }
        }
        for (String sql :
            List.of(
                "DELETE FROM chunks WHERE file_id = ?",
                "DELETE FROM documents WHERE file_id = ?",
                "DELETE FROM files WHERE id = ?")) {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, fileId);
            assertThat(ps.executeUpdate()).as(sql).isPositive();
          }
        }
      }
    }
    String query = DeltaCollection.title(1);
    for (String mode : List.of("hybrid", "vector", "lexical")) {
      Cli.Result r = Cli.run("--home", home.toString(), "search", query, "-k", "5", "--mode", mode);
      assertThat(r.code()).as("%s: %s", mode, r.err()).isZero();
      assertThat(r.err() + r.out()).doesNotContain("Exception").doesNotContain("\tat ");
      List<Hit> hits = hits(r.out());
      assertThat(hits)
          .as("%s search lists no removed note", mode)
          .extracting(Hit::path)
          .noneMatch(p -> removed.stream().anyMatch(p::endsWith));
      if (!mode.equals("lexical")) {
        assertThat(r.err() + r.out()).as(mode).contains("the next indexing run removes them");
      }
    }
    // the notice's command brings the index to the store's chunks
    Cli.Result repair = Cli.run("--home", home.toString(), "validate", "--repair");
    assertThat(repair.code()).as(repair.out() + repair.err()).isZero();
    Cli.Result after = Cli.run("--home", home.toString(), "validate");
    assertThat(after.code()).as(after.out() + after.err()).isZero();
    Cli.Result again = Cli.run("--home", home.toString(), "search", query, "-k", "5");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.err() + again.out()).doesNotContain("the next indexing run removes them");
  }

  record Hit(double score, String path) {}

  private static final Pattern HIT = Pattern.compile("^\\s*\\d+\\. \\[([0-9.]+)\\] (\\S+) ");

  private static List<Hit> hits(String out) {
    List<Hit> hits = new ArrayList<>();
    for (String line : out.split("\\R")) {
      Matcher m = HIT.matcher(line);
      if (m.find()) {
        hits.add(new Hit(Double.parseDouble(m.group(1)), m.group(2)));
      }
    }
    assertThat(hits).as(out).isNotEmpty();
    return hits;
  }

  private static Cli.Result deltaSearch(Path home, String query) {
    return Cli.run("--home", home.toString(), "search", query, "-k", "5", "--mode", "vector");
  }

  private static Cli.Result deltaSearch(Path home) {
    return Cli.run(
        "--home", home.toString(), "search", DeltaCollection.QUERY, "-k", "5", "--mode", "vector");
  }

  private static Cli.Result search(Path home, String mode) {
    return Cli.run("--home", home.toString(), "search", QUERY, "-k", "5", "--mode", mode);
  }

  private static void apply(Damage damage, Path file) throws Exception {
    byte[] b = Files.readAllBytes(file);
    switch (damage) {
      case INDEX_FLIPPED -> {
        b[b.length / 2] ^= 0x40;
        Files.write(file, b);
      }
      case INDEX_TRUNCATED, CACHE_TRUNCATED -> Files.write(file, Arrays.copyOf(b, b.length / 2));
      case INDEX_ZERO_HEADER, STORE_ZERO_HEADER -> {
        Arrays.fill(b, 0, Math.min(100, b.length), (byte) 0);
        Files.write(file, b);
      }
      case CACHE_NOT_A_DATABASE -> Files.writeString(file, "not a database at all");
      case COLLECTION_JSON_GARBAGE -> Files.writeString(file, "{\"folders\": [ this is not json");
      case FTS_FLIPPED -> FullTextDamage.flipOneByteInTheLargestBlock(file);
      case DELTA_FLIPPED, DELTA_TRUNCATED -> {
        // inside the first frame's payload; at least one frame follows it
        java.util.List<Integer> frames = DeltaCollection.frameStarts(b);
        assertThat(frames).hasSizeGreaterThanOrEqualTo(2);
        int middle = frames.getFirst() + 8 + DeltaCollection.payloadBytes(b, frames.getFirst()) / 2;
        if (damage == Damage.DELTA_FLIPPED) {
          b[middle] ^= 0x40;
          Files.write(file, b);
        } else {
          Files.write(file, Arrays.copyOf(b, middle));
        }
      }
      case DELTA_ZERO_HEADER -> {
        Arrays.fill(b, 0, 32, (byte) 0);
        Files.write(file, b);
      }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().endsWith(".lock")) {
          Files.copy(p, target);
        }
      }
    }
  }
}
