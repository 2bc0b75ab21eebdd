package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ingest.testing.FullTextDamage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage inside the FTS5 data of a real store, which SQLite's own integrity check does not see, is
 * detected by {@link DocumentStore#checkLexicalIndex()} and healed by {@link
 * DocumentStore#rebuildLexicalIndex()}.
 */
class FullTextDamageTest {
  @TempDir Path tmp;

  @Test
  void aFlippedByteInTheFullTextDataIsDetectedAndRebuildRestoresTheResults() throws Exception {
    Path db = tmp.resolve("documents.sqlite");
    Path notes =
        TestData.shared().resolve("docs/markdown_obsidian_vaults/obsidian-help-en/Getting started");
    List<LexicalHit> before;
    try (DocumentStore store = DocumentStore.open(db);
        Ingestor ing = new Ingestor(store, IngestOptions.defaults())) {
      ing.ingest(List.of(notes), IngestListener.NONE, new CancellationToken());
      assertThat(store.checkLexicalIndex().ok()).isTrue();
      before = store.lexicalSearch("vault sync notes", 500, ChunkFilter.NONE);
    }
    assertThat(before).hasSizeGreaterThan(5);

    FullTextDamage.flipOneByteInTheLargestBlock(db);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
      assertThat(rs.getString(1)).isEqualTo("ok"); // SQLite's own check sees nothing wrong
    }

    try (DocumentStore store = DocumentStore.open(db)) {
      LexicalCheck check = store.checkLexicalIndex();
      assertThat(check.ok()).isFalse();
      assertThat(check.problem()).contains("full-text index").contains(db.toString());

      store.rebuildLexicalIndex();

      assertThat(store.checkLexicalIndex().ok()).isTrue();
      assertThat(store.lexicalSearch("vault sync notes", 500, ChunkFilter.NONE))
          .extracting(LexicalHit::chunkId)
          .containsExactlyElementsOf(before.stream().map(LexicalHit::chunkId).toList());
    }
  }

  @Test
  void aFreshEmptyStoreIsSound() {
    try (DocumentStore store = DocumentStore.open(tmp.resolve("empty.sqlite"))) {
      assertThat(store.checkLexicalIndex()).isEqualTo(new LexicalCheck(true, ""));
    }
  }
}
