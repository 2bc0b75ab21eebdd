package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Keyword recall inside Chinese and Burmese text on the two real notes of {@code
 * docs/multilingual_notes}: every word below is taken from a longer run of its note (FTS5's default
 * tokenizer keeps the whole run as one token, so none of them was found before the segment index).
 */
class MultilingualNotesTest {
  @TempDir static Path tmp;
  static DocumentStore store;
  static Path zh;
  static Path my;

  @BeforeAll
  static void ingestTheNotes() throws Exception {
    Path notes = TestData.doc("multilingual_notes");
    Path docs = Files.createDirectories(tmp.resolve("notes"));
    zh = Files.copy(notes.resolve("embedding-rag-notes.zh.md"), docs.resolve("zh.md"));
    my = Files.copy(notes.resolve("leann-faiss-notes.my.md"), docs.resolve("my.md"));
    store = DocumentStore.open(tmp.resolve("db.sqlite"));
    try (Ingestor ing = new Ingestor(store, IngestOptions.defaults())) {
      IngestSummary s = ing.ingest(List.of(docs), IngestListener.NONE, new CancellationToken());
      assertThat(s.indexed()).isEqualTo(2);
    }
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @ParameterizedTest
  @FieldSource("dev.cairn.ingest.MultilingualWords#CHINESE")
  void aChineseWordInsideALongerRunIsFoundInTheChineseNoteAndMarked(String word) {
    assertFoundIn(word, zh);
  }

  @ParameterizedTest
  @FieldSource("dev.cairn.ingest.MultilingualWords#BURMESE")
  void aBurmeseWordInsideALongerRunIsFoundInTheBurmeseNoteAndMarked(String word) {
    assertFoundIn(word, my);
  }

  private static void assertFoundIn(String word, Path note) {
    assertThat(Files.exists(note)).isTrue();
    List<LexicalHit> hits = store.lexicalSearch(word, 10, ChunkFilter.NONE);
    assertThat(hits).as("hits for %s", word).isNotEmpty();
    for (LexicalHit h : hits) {
      ChunkRecord c = store.chunk(h.chunkId()).orElseThrow();
      assertThat(c.provenance().file()).as("file of a hit for %s", word).isEqualTo(note);
      assertThat(c.text()).contains(word);
      assertThat(h.snippet()).contains(LexicalHit.MARK_OPEN + word + LexicalHit.MARK_CLOSE);
    }
  }

  @Test
  void aWordGluedToChineseTextIsFoundAndAMixedQueryRanksTheChunkWithBothFirst() {
    // "References编是什么层的" is one token for FTS5's default tokenizer
    List<LexicalHit> glued = store.lexicalSearch("references", 10, ChunkFilter.NONE);
    assertThat(glued).isNotEmpty();
    assertThat(store.chunk(glued.get(0).chunkId()).orElseThrow().provenance().file()).isEqualTo(zh);

    List<LexicalHit> mixed = store.lexicalSearch("FAISS 梯度", 10, ChunkFilter.NONE);
    ChunkRecord top = store.chunk(mixed.get(0).chunkId()).orElseThrow();
    assertThat(top.text()).contains("梯度");
    assertThat(mixed)
        .extracting(h -> store.chunk(h.chunkId()).orElseThrow().provenance().file())
        .contains(zh, my);
  }

  @Test
  void eachNoteIsDetectedInItsLanguageAndTheLanguageFilterKeepsOnlyThatNote() {
    assertThat(store.documents(zh)).extracting(DocumentRecord::language).containsOnly("zh");
    assertThat(store.documents(my)).extracting(DocumentRecord::language).containsOnly("my");
    assertThat(store.chunksByLanguage().keySet()).containsExactlyInAnyOrder("zh", "my");
    assertThat(store.documentsByLanguage())
        .containsExactlyInAnyOrderEntriesOf(Map.of("zh", 1, "my", 1));

    for (String lang : Set.of("zh", "my")) {
      ChunkFilter f = new ChunkFilter(null, Set.of(), null, null, null, lang);
      List<LexicalHit> hits = store.lexicalSearch("FAISS", 20, f);
      assertThat(hits).as("FAISS in %s", lang).isNotEmpty();
      Path expected = lang.equals("zh") ? zh : my;
      assertThat(hits)
          .extracting(h -> store.chunk(h.chunkId()).orElseThrow().provenance().file())
          .containsOnly(expected);
      assertThat(store.allowedChunks(f).test(hits.get(0).chunkId())).isTrue();
    }
    assertThat(
            store.lexicalSearch(
                "FAISS", 5, new ChunkFilter(null, Set.of(), null, null, null, "en")))
        .isEmpty();
  }

  @Test
  void theFullTextCheckCoversTheSegmentIndexAndARebuildRestoresIt() {
    assertThat(store.checkLexicalIndex().ok()).isTrue();
    store.rebuildLexicalIndex();
    assertThat(store.checkLexicalIndex().ok()).isTrue();
    assertThat(store.lexicalSearch("梯度", 3, ChunkFilter.NONE)).isNotEmpty();
  }
}
