package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentStoreTest {
  @TempDir Path tmp;
  Path docs;

  @BeforeEach
  void writeFiles() throws Exception {
    docs = Files.createDirectories(tmp.resolve("docs"));
    Files.createDirectories(docs.resolve("notes"));
    Files.writeString(
        docs.resolve("notes/alpha.md"), "# Alpha\n\nThe alpha reactor uses heavy water.\n");
    Files.writeString(
        docs.resolve("notes/beta.txt"), "Beta notes: heavy rain expected (C++ / O'Brien?).\n");
    for (int i = 0; i < 30; i++) {
      Files.writeString(docs.resolve("log" + i + ".txt"), "heavy load report number " + i + "\n");
    }
  }

  private DocumentStore ingested() {
    DocumentStore store = DocumentStore.open(tmp.resolve("db/documents.sqlite"));
    try (Ingestor ing = new Ingestor(store, IngestOptions.defaults())) {
      ing.ingest(List.of(docs), IngestListener.NONE, new CancellationToken());
    }
    return store;
  }

  @Test
  void openCreatesTheSchemaInWalModeWithFts5() throws Exception {
    Path db = tmp.resolve("s.sqlite");
    try (DocumentStore store = DocumentStore.open(db)) {
      assertThat(store.schemaVersion()).isEqualTo(DocumentStore.SCHEMA_VERSION);
      assertThat(store.chunkCount()).isZero();
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
        assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
      }
      try (ResultSet rs = st.executeQuery("SELECT sqlite_compileoption_used('ENABLE_FTS5')")) {
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }
  }

  @Test
  void aStoreFromANewerSchemaIsRefusedWithBothVersionsInTheMessage() throws Exception {
    Path db = tmp.resolve("new.sqlite");
    DocumentStore.open(db).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA user_version=99");
    }
    assertThatThrownBy(() -> DocumentStore.open(db))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("99")
        .hasMessageContaining("up to " + DocumentStore.SCHEMA_VERSION);
  }

  @Test
  void aForeignSqliteFileIsRefused() throws Exception {
    Path db = tmp.resolve("foreign.sqlite");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE t(x)");
    }
    assertThatThrownBy(() -> DocumentStore.open(db))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("not a Cairn document store");
  }

  @Test
  void lexicalSearchRanksMatchesAndMarksThemInTheSnippet() {
    try (DocumentStore store = ingested()) {
      List<LexicalHit> hits = store.lexicalSearch("alpha reactor", 5, ChunkFilter.NONE);
      assertThat(hits).isNotEmpty();
      ChunkRecord top = store.chunk(hits.get(0).chunkId()).orElseThrow();
      assertThat(top.provenance().file().getFileName().toString()).isEqualTo("alpha.md");
      assertThat(hits.get(0).snippet()).contains("«reactor»");
      assertThat(hits.get(0).score()).isPositive();
    }
  }

  @Test
  void queriesWithPunctuationAndFtsSyntaxNeverThrow() {
    try (DocumentStore store = ingested()) {
      for (String q :
          List.of(
              "C++ / O'Brien?",
              "\"unbalanced",
              "a AND OR NOT",
              "col:umn*",
              "(heavy",
              "-- ;",
              "",
              "   ",
              "ü§∂")) {
        assertThat(store.lexicalSearch(q, 5, ChunkFilter.NONE)).isNotNull();
      }
      assertThat(store.lexicalSearch("O'Brien?", 5, ChunkFilter.NONE)).hasSize(1);
    }
  }

  @Test
  void theFilterIsAppliedInsideTheQuerySoKHitsComeBack() {
    try (DocumentStore store = ingested()) {
      ChunkFilter onlyNotes =
          new ChunkFilter(docs.resolve("notes").toString(), Set.of(), null, null, null);
      List<LexicalHit> hits = store.lexicalSearch("heavy", 2, onlyNotes);
      assertThat(hits).hasSize(2);
      for (LexicalHit h : hits) {
        assertThat(
                store
                    .chunk(h.chunkId())
                    .orElseThrow()
                    .provenance()
                    .file()
                    .startsWith(docs.resolve("notes")))
            .isTrue();
      }
      ChunkFilter onlyMd = new ChunkFilter(null, Set.of("MD"), null, null, null);
      assertThat(store.lexicalSearch("heavy", 10, onlyMd)).hasSize(1);
      ChunkFilter future =
          new ChunkFilter(null, Set.of(), Instant.now().plusSeconds(3600), null, null);
      assertThat(store.lexicalSearch("heavy", 10, future)).isEmpty();
      assertThat(store.lexicalSearch("heavy", 40, ChunkFilter.NONE)).hasSize(32);
    }
  }

  @Test
  void allowedChunksAgreesWithTheFilter() {
    try (DocumentStore store = ingested()) {
      ChunkFilter onlyTxt = new ChunkFilter(null, Set.of("txt"), null, null, null);
      LongPredicate allowed = store.allowedChunks(onlyTxt);
      long[] all = store.allChunkIds();
      assertThat(all).hasSize(store.chunkCount());
      int n = 0;
      for (ChunkRecord c : store.chunks(all)) {
        boolean txt = c.provenance().file().toString().endsWith(".txt");
        assertThat(allowed.test(c.id())).isEqualTo(txt);
        n += txt ? 1 : 0;
      }
      assertThat(n).isEqualTo(31);
      assertThat(store.allowedChunks(ChunkFilter.NONE).test(all[0])).isTrue();
    }
  }

  @Test
  void chunksAndTextsComeBackInTheRequestedOrderAndMissingIdsThrow() {
    try (DocumentStore store = ingested()) {
      long[] ids = store.allChunkIds();
      long[] reversed = new long[ids.length];
      for (int i = 0; i < ids.length; i++) {
        reversed[i] = ids[ids.length - 1 - i];
      }
      List<ChunkRecord> recs = store.chunks(reversed);
      List<String> texts = store.chunkTexts(reversed);
      for (int i = 0; i < reversed.length; i++) {
        assertThat(recs.get(i).id()).isEqualTo(reversed[i]);
        assertThat(texts.get(i)).isEqualTo(recs.get(i).text());
      }
      long missing = ids[ids.length - 1] + 1000;
      assertThatThrownBy(() -> store.chunks(new long[] {ids[0], missing}))
          .isInstanceOf(MissingChunksException.class)
          .hasMessageContaining(Long.toString(missing));
      assertThatThrownBy(() -> store.chunkTexts(new long[] {missing}))
          .isInstanceOf(MissingChunksException.class);
      assertThat(store.chunk(missing)).isEmpty();
    }
  }

  @Test
  void statsAndFileRowsDescribeTheStore() {
    try (DocumentStore store = ingested()) {
      StoreStats s = store.stats();
      assertThat(s.files()).isEqualTo(32);
      assertThat(s.indexed()).isEqualTo(32);
      assertThat(s.chunks()).isEqualTo(store.chunkCount());
      List<FileRecord> files = store.files(Optional.of(FileState.INDEXED));
      assertThat(files).hasSize(32);
      assertThat(files).allSatisfy(f -> assertThat(f.contentHash()).hasSize(64));
      assertThat(store.files(Optional.of(FileState.FAILED))).isEmpty();
    }
  }

  @Test
  void aClosedStoreSaysSo() {
    DocumentStore store = DocumentStore.open(tmp.resolve("c.sqlite"));
    store.close();
    assertThatThrownBy(store::chunkCount)
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("closed");
  }
}
