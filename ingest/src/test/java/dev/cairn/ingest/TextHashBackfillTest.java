package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ingest.mail.MboxWriter;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The version 7 upgrade gives documents stored before version 5 their text hash, so that a copy
 * indexed after the upgrade is found by its text: a real PDF indexed into a store whose hashes are
 * missing (as a store upgraded from version 4 has them), then the same PDF attached to a message.
 */
class TextHashBackfillTest {
  @TempDir Path tmp;

  @Test
  void anOldStoresDocumentsGetTheirTextHashAndACopyAddedLaterIsFound() throws Exception {
    Scenario s = new Scenario(tmp.resolve("upgraded"));
    String fresh = s.indexPaperAndForgetItsHash();
    List<UpgradeSteps.Step> steps = new ArrayList<>();
    try (DocumentStore store =
        DocumentStore.open(
            s.db, (v, step, done, total) -> steps.add(new UpgradeSteps.Step(v, done, total)))) {
      assertThat(store.schemaVersion()).isEqualTo(DocumentStore.SCHEMA_VERSION);
    }
    assertThat(steps).as("progress of the backfill").isNotEmpty();
    assertThat(steps.getLast()).isEqualTo(new UpgradeSteps.Step(TextHashBackfill.VERSION, 1, 1));
    assertThat(s.paperHash()).as("the same hash a new store computes").isEqualTo(fresh);
    assertThat(s.attachmentIsACopy()).isTrue();
  }

  @Test
  void withoutTheBackfillTheCopyIsNotFound() throws Exception {
    // The same store marked as already at the current version: no upgrade runs, the hash stays
    // missing, and the attachment is embedded a second time (what the backfill prevents).
    Scenario s = new Scenario(tmp.resolve("not-upgraded"));
    s.indexPaperAndForgetItsHash();
    s.setVersion(DocumentStore.SCHEMA_VERSION);
    assertThat(s.paperHash()).isNull();
    assertThat(s.attachmentIsACopy()).isFalse();
  }

  @Test
  void aStoreWithEveryHashAlreadyThereIsLeftAsItIs() throws Exception {
    Scenario s = new Scenario(tmp.resolve("complete"));
    String fresh = s.indexPaper();
    s.setVersion(TextHashBackfill.VERSION - 1);
    List<UpgradeSteps.Step> steps = new ArrayList<>();
    try (DocumentStore store =
        DocumentStore.open(
            s.db, (v, step, done, total) -> steps.add(new UpgradeSteps.Step(v, done, total)))) {
      assertThat(store.schemaVersion()).isEqualTo(DocumentStore.SCHEMA_VERSION);
    }
    assertThat(steps).filteredOn(st -> st.version() == TextHashBackfill.VERSION).isEmpty();
    assertThat(s.paperHash()).isEqualTo(fresh);
  }

  /** Records of the upgrade's progress calls. */
  static final class UpgradeSteps {
    record Step(int version, long done, long total) {}
  }

  private static final class Scenario {
    final Path root;
    final Path db;
    final Path paper;

    Scenario(Path dir) throws Exception {
      root = Files.createDirectories(dir.resolve("home"));
      db = dir.resolve("db.sqlite");
      paper =
          Files.copy(
              DocumentCopiesTest.PDF,
              Files.createDirectories(root.resolve("Papers")).resolve("paper.pdf"));
    }

    /** Indexes the paper; returns its document's text hash. */
    String indexPaper() throws Exception {
      try (DocumentStore store = DocumentStore.open(db);
          Ingestor ing = new Ingestor(store, IngestOptions.defaults())) {
        assertThat(ing.ingest(List.of(root), IngestListener.NONE, new CancellationToken()).failed())
            .isZero();
        assertThat(store.documents(paper).getFirst().chunks()).isPositive();
      }
      String h = paperHash();
      assertThat(h).isNotNull();
      return h;
    }

    /** Indexes the paper, then removes every text hash and labels the file version 6. */
    String indexPaperAndForgetItsHash() throws Exception {
      String h = indexPaper();
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
          Statement st = c.createStatement()) {
        st.execute("UPDATE documents SET text_hash = NULL");
      }
      setVersion(TextHashBackfill.VERSION - 1);
      return h;
    }

    void setVersion(int v) throws Exception {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
          Statement st = c.createStatement()) {
        st.execute("PRAGMA user_version=" + v);
      }
    }

    String paperHash() throws Exception {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT d.text_hash FROM documents d JOIN files f ON f.id = d.file_id"
                      + " WHERE f.path = '"
                      + paper.toString().replace("'", "''")
                      + "'")) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    }

    /** Adds a mailbox with the paper attached and indexes it; whether the attachment is a copy. */
    boolean attachmentIsACopy() throws Exception {
      Path mbox = Files.createDirectories(root.resolve("Mail")).resolve("inbox.mbox");
      try (OutputStream out = Files.newOutputStream(mbox)) {
        MboxWriter.append(
            out, "From ana@example.org Mon Jan  5 10:00:00 2026", DocumentCopiesTest.withPdf());
      }
      try (DocumentStore store = DocumentStore.open(db);
          Ingestor ing = new Ingestor(store, IngestOptions.defaults())) {
        assertThat(ing.ingest(List.of(root), IngestListener.NONE, new CancellationToken()).failed())
            .isZero();
        DocumentRecord attachment =
            store.documents(mbox).stream()
                .filter(d -> d.parentId() != null)
                .findFirst()
                .orElseThrow();
        DocumentRecord original = store.documents(paper).getFirst();
        boolean copy = attachment.chunks() == 0;
        assertThat(store.placesOf(original.id()).contains(mbox)).isEqualTo(copy);
        return copy;
      }
    }
  }
}
