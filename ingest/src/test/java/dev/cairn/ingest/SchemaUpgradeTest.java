package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written with schema version 1 (the golden schema file, real note text in its chunks) is
 * upgraded on open: the segment index and the document languages are filled with progress reported
 * in chunks, and words inside Chinese and Burmese runs are found afterwards.
 */
class SchemaUpgradeTest {
  @TempDir Path tmp;

  record Step(int version, String step, long done, long total) {}

  @Test
  void aVersionOneStoreIsUpgradedWithProgressAndItsChineseAndBurmeseWordsAreFoundAfterwards()
      throws Exception {
    Path db = tmp.resolve("documents.sqlite");
    List<String> paragraphs = new ArrayList<>();
    for (String note : List.of("embedding-rag-notes.zh.md", "leann-faiss-notes.my.md")) {
      for (String p :
          Files.readString(TestData.doc("multilingual_notes/" + note)).split("\n\\s*\n")) {
        if (!p.isBlank()) {
          paragraphs.add(p);
        }
      }
    }
    paragraphs.add("An English paragraph about gradient descent and vector search.");
    writeVersionOne(db, paragraphs);

    List<Step> steps = new ArrayList<>();
    try (DocumentStore store =
        DocumentStore.open(
            db, (v, step, done, total) -> steps.add(new Step(v, step, done, total)))) {
      assertThat(store.schemaVersion()).isEqualTo(DocumentStore.SCHEMA_VERSION);
      List<Step> segments = steps.stream().filter(s -> s.version() == 3).toList();
      assertThat(segments).isNotEmpty();
      assertThat(segments).allMatch(s -> s.total() == paragraphs.size());
      assertThat(segments).extracting(Step::done).isSorted();
      assertThat(segments.getLast().done()).isEqualTo(paragraphs.size());
      // version 6 reads the one (non-mail) document for mail fields, version 7 gives it a text
      // hash
      assertThat(steps)
          .filteredOn(s -> s.version() != 3)
          .extracting(Step::version, Step::done)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(6, 1L),
              org.assertj.core.groups.Tuple.tuple(7, 1L));

      assertThat(store.lexicalSearch("梯度", 5, ChunkFilter.NONE)).isNotEmpty();
      assertThat(store.lexicalSearch("အသုံးပြု", 5, ChunkFilter.NONE)).isNotEmpty();
      assertThat(store.lexicalSearch("gradient", 5, ChunkFilter.NONE)).hasSize(1);
      assertThat(store.checkLexicalIndex().ok()).isTrue();
      assertThat(store.documents(tmp.resolve("notes.md")))
          .singleElement()
          .extracting(DocumentRecord::language)
          .isNotNull();
    }
    List<Step> again = new ArrayList<>();
    try (DocumentStore store =
        DocumentStore.open(
            db, (v, step, done, total) -> again.add(new Step(v, step, done, total)))) {
      assertThat(again).as("an upgraded store is not upgraded again").isEmpty();
      assertThat(store.chunkCount()).isEqualTo(paragraphs.size());
    }
  }

  private static void writeVersionOne(Path db, List<String> paragraphs) throws Exception {
    String schema;
    try (InputStream in = SchemaUpgradeTest.class.getResourceAsStream("store-schema-v1.sql")) {
      schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      for (String sql : schema.split("\n;\n")) {
        String body =
            sql.lines().filter(l -> !l.startsWith("--")).reduce("", (a, b) -> a + b + "\n");
        if (!body.isBlank()) {
          st.execute(body);
        }
      }
      String path = db.getParent().resolve("notes.md").toString();
      st.execute(
          "INSERT INTO files(id, path, state, size, mtime_ms, ext, updated_ms) VALUES (1, '"
              + path
              + "', 'INDEXED', 1, 0, 'md', 0)");
      st.execute(
          "INSERT INTO documents(id, file_id, ordinal, media_type, title)"
              + " VALUES (1, 1, 0, 'text/markdown', 'notes')");
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO chunks(document_id, file_id, ordinal, text, page, start_char, end_char)"
                  + " VALUES (1, 1, ?, ?, 1, 0, ?)")) {
        for (int i = 0; i < paragraphs.size(); i++) {
          ps.setInt(1, i);
          ps.setString(2, paragraphs.get(i));
          ps.setInt(3, paragraphs.get(i).length());
          ps.executeUpdate();
        }
      }
      try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }
  }
}
