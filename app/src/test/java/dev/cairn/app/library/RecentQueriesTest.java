package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recent-search counters file: bounded, per collection, and a damaged file is started anew. */
class RecentQueriesTest {
  @TempDir Path home;

  private static SearchResponse response(int recomputed, long ms) {
    return new SearchResponse(List.of(), recomputed, 1, Duration.ofMillis(ms));
  }

  @Test
  void theFileKeepsOnlyTheNewestSearchesAndEachCollectionSeesItsOwn() {
    RecentQueries recent = new RecentQueries(home);
    for (int i = 0; i < RecentQueries.KEEP + 5; i++) {
      String collection = i % 2 == 0 ? "notes" : "mail";
      recent.record(SearchRequest.of(collection, "q" + i), response(i, 10 + i));
    }
    List<RecentQueries.Entry> all = RecentQueries.read(RecentQueries.file(home));
    assertThat(all).hasSize(RecentQueries.KEEP);
    assertThat(all.getFirst().recomputed()).isEqualTo(5);
    assertThat(all.getLast().recomputed()).isEqualTo(RecentQueries.KEEP + 4);
    List<RecentQueries.Entry> notes = RecentQueries.last(home, "notes", 3);
    assertThat(notes)
        .extracting(RecentQueries.Entry::recomputed)
        .containsExactly(RecentQueries.KEEP, RecentQueries.KEEP + 2, RecentQueries.KEEP + 4);
    assertThat(notes).allSatisfy(e -> assertThat(e.mode()).isEqualTo("hybrid"));
    assertThat(RecentQueries.last(home, "nothing", 3)).isEmpty();
  }

  @Test
  void aDamagedOrNewerFileIsStartedAfreshAndTheSearchIsStillNoted() throws Exception {
    Path file = RecentQueries.file(home);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"format\":1,\"queries\":[{\"at\":\"yesterday\"");
    assertThat(RecentQueries.read(file)).isEmpty();
    new RecentQueries(home).record(SearchRequest.of("notes", "q"), response(3, 40));
    assertThat(RecentQueries.last(home, "notes", 20))
        .singleElement()
        .satisfies(e -> assertThat(e.elapsedMs()).isEqualTo(40));
    Files.writeString(file, "{\"format\":2,\"queries\":[]}");
    assertThat(RecentQueries.read(file)).isEmpty();
    assertThat(Files.list(file.getParent()).map(p -> p.getFileName().toString()))
        .containsExactly("recent-queries.json");
  }
}
