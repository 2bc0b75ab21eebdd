package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkerTest {
  private static final TokenCounter COUNTER = TokenCounter.approximate();

  private static String prose(int sentences, long seed) {
    Random r = new Random(seed);
    String[] words = {
      "the",
      "river",
      "carried",
      "stones",
      "towards",
      "a",
      "quiet",
      "valley",
      "where",
      "engineers",
      "measured",
      "flow",
      "rates",
      "every",
      "morning",
      "before",
      "breakfast"
    };
    StringBuilder sb = new StringBuilder();
    for (int s = 0; s < sentences; s++) {
      int n = 5 + r.nextInt(20);
      for (int w = 0; w < n; w++) {
        String word = words[r.nextInt(words.length)];
        if (w == 0) {
          word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
        }
        sb.append(w == 0 ? "" : " ").append(word);
      }
      sb.append(". ");
      if (r.nextInt(6) == 0) {
        sb.append("\n\n");
      }
    }
    return sb.toString().strip();
  }

  @Test
  void chunksStayWithinTheTokenBudgetAndTheirOffsetsPointAtTheirText() {
    Chunker chunker = new Chunker(COUNTER, 200, 30);
    String a = prose(400, 1);
    String b = prose(50, 2);
    List<Section> sections = List.of(new Section(a, 1, null), new Section(b, 2, "H1 > H2"));
    String doc = a + "\n\n" + b;
    List<ChunkDraft> chunks = chunker.chunk(sections);
    assertThat(chunks).hasSizeGreaterThan(10);
    for (ChunkDraft c : chunks) {
      assertThat(COUNTER.count(c.text())).isLessThanOrEqualTo(200);
      assertThat(doc.substring(c.startChar(), c.endChar())).isEqualTo(c.text());
    }
    assertThat(chunks.getLast().page()).isEqualTo(2);
    assertThat(chunks.getLast().headingPath()).isEqualTo("H1 > H2");
  }

  @Test
  void chunksNeverCrossSectionBoundaries() {
    Chunker chunker = new Chunker(COUNTER, 200, 30);
    List<Section> pages =
        List.of(new Section("Page one text.", 1, null), new Section("Page two.", 2, null));
    List<ChunkDraft> chunks = chunker.chunk(pages);
    assertThat(chunks).extracting(ChunkDraft::text).containsExactly("Page one text.", "Page two.");
    assertThat(chunks).extracting(ChunkDraft::page).containsExactly(1, 2);
  }

  @Test
  void consecutiveChunksOverlapBySomeSentences() {
    Chunker chunker = new Chunker(COUNTER, 100, 30);
    List<ChunkDraft> chunks = chunker.chunk(List.of(new Section(prose(200, 3), 0, null)));
    int overlapping = 0;
    for (int i = 1; i < chunks.size(); i++) {
      if (chunks.get(i).startChar() < chunks.get(i - 1).endChar()) {
        overlapping++;
      }
    }
    assertThat(overlapping).isGreaterThan(chunks.size() / 2);
  }

  @Test
  void aHugeWordlessRunIsCutIntoPiecesWithinBudget() {
    Chunker chunker = new Chunker(COUNTER, 50, 10);
    String blob = "x".repeat(5000) + " " + "9".repeat(3000);
    List<ChunkDraft> chunks = chunker.chunk(List.of(new Section(blob, 0, null)));
    assertThat(chunks).isNotEmpty();
    assertThat(chunks).allSatisfy(c -> assertThat(COUNTER.count(c.text())).isLessThanOrEqualTo(50));
    assertThat(chunks.stream().mapToInt(c -> c.text().length()).sum()).isGreaterThanOrEqualTo(8000);
  }

  @Test
  void emptyInputGivesNoChunks() {
    Chunker chunker = new Chunker(COUNTER, 200, 30);
    assertThat(chunker.chunk(List.of())).isEmpty();
  }

  @Test
  void approximateCounterOverCountsOrdinaryEnglish() {
    // all-MiniLM-L6-v2 gives 13 word pieces (without specials) for this sentence
    String s = "The quick brown fox jumps over the lazy dog near the riverbank.";
    assertThat(COUNTER.count(s)).isBetween(13, 20);
  }
}
