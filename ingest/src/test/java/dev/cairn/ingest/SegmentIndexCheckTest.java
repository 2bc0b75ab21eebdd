package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The full-text check used by {@code cairn validate} also covers the segment index. */
class SegmentIndexCheckTest {
  @TempDir Path tmp;

  @Test
  void aLostSegmentRowIsReportedAndTheRepairRestoresTheWordsInsideChineseText() throws Exception {
    Path docs = Files.createDirectories(tmp.resolve("docs"));
    Files.copy(TestData.doc("multilingual_notes/embedding-rag-notes.zh.md"), docs.resolve("zh.md"));
    Path db = tmp.resolve("db.sqlite");
    try (DocumentStore store = DocumentStore.open(db);
        Ingestor ing = new Ingestor(store, IngestOptions.defaults())) {
      ing.ingest(List.of(docs), IngestListener.NONE, new CancellationToken());
      assertThat(store.checkLexicalIndex().ok()).isTrue();
      long chunk = store.lexicalSearch("梯度", 1, ChunkFilter.NONE).getFirst().chunkId();

      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
          Statement st = c.createStatement()) {
        st.execute("DELETE FROM chunk_segments WHERE rowid = " + chunk);
      }
      LexicalCheck broken = store.checkLexicalIndex();
      assertThat(broken.ok()).isFalse();
      assertThat(broken.problem()).contains("segment index").contains("lacks 1 chunk(s)");

      store.rebuildLexicalIndex();
      assertThat(store.checkLexicalIndex().ok()).isTrue();
      assertThat(store.lexicalSearch("梯度", 5, ChunkFilter.NONE))
          .extracting(LexicalHit::chunkId)
          .contains(chunk);
    }
  }
}
