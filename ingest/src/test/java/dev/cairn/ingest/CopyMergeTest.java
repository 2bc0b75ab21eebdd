package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.ingest.mail.MboxMessage;
import dev.cairn.ingest.mail.MboxWriter;
import dev.cairn.ingest.mail.RealMailboxes;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The version 8 upgrade makes one original and its copies of documents that a store from before
 * version 5 holds twice, each with its own chunks: a real PDF that is also a mail attachment, a
 * real message that is in a mailbox and saved as an {@code .eml}. Such a store is made with the
 * current code by hiding the first document's hash or Message-ID while the second is stored (so it
 * is stored as a second original, as version 4 stored it), then labelling the file an older
 * version.
 */
class CopyMergeTest {
  @TempDir Path tmp;

  @Test
  void anAttachmentStoredTwiceBecomesACopyOfTheFileAndTakesOverWhenTheFileGoes() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("home"));
    Path db = tmp.resolve("db.sqlite");
    Path paper =
        Files.copy(
            DocumentCopiesTest.PDF,
            Files.createDirectories(root.resolve("Papers")).resolve("paper.pdf"));
    ingest(db, root);
    sql(db, "UPDATE documents SET text_hash = NULL");
    Path mbox = Files.createDirectories(root.resolve("Mail")).resolve("inbox.mbox");
    try (OutputStream out = Files.newOutputStream(mbox)) {
      MboxWriter.append(
          out, "From ana@example.org Mon Jan  5 10:00:00 2026", DocumentCopiesTest.withPdf());
    }
    ingest(db, root);
    long[] paperChunks;
    long[] attachmentChunks;
    int chunksBefore;
    try (DocumentStore store = DocumentStore.open(db)) {
      paperChunks = chunkIds(store, paper);
      attachmentChunks = DocumentCopiesTest.chunkIdsOf(store, mbox, attachment(store, mbox).id());
      assertThat(attachmentChunks)
          .as("stored twice, as before version 5")
          .hasSameSizeAs(paperChunks);
      chunksBefore = store.chunkCount();
    }
    // as version 4 left it: no hashes, no copies
    sql(db, "UPDATE documents SET text_hash = NULL");
    setVersion(db, TextHashBackfill.VERSION - 1);

    List<TextHashBackfillTest.UpgradeSteps.Step> steps = new ArrayList<>();
    try (DocumentStore store =
        DocumentStore.open(
            db,
            (v, step, done, total) ->
                steps.add(new TextHashBackfillTest.UpgradeSteps.Step(v, done, total)))) {
      assertThat(store.schemaVersion()).isEqualTo(DocumentStore.SCHEMA_VERSION);
      assertThat(steps)
          .contains(new TextHashBackfillTest.UpgradeSteps.Step(CopyMerge.VERSION, 1, 1));
      DocumentRecord copy = attachment(store, mbox);
      assertThat(copy.chunks()).as("the attachment is a copy now").isZero();
      DocumentRecord original = store.documents(paper).getFirst();
      assertThat(DocumentCopiesTest.chunkIdsOf(store, paper, original.id()))
          .containsExactly(paperChunks);
      assertThat(store.placesOf(original.id())).containsExactly(mbox);
      assertThat(store.chunkCount()).isEqualTo(chunksBefore - attachmentChunks.length);
      long[] all = store.allChunkIds();
      assertThat(Arrays.stream(attachmentChunks).noneMatch(id -> Arrays.binarySearch(all, id) >= 0))
          .as("the attachment's own chunks are gone (the next run deletes them from the index)")
          .isTrue();
      assertThat(store.checkLexicalIndex().ok()).isTrue();
      FileRecord mailbox = store.file(mbox).orElseThrow();
      assertThat(mailbox.state())
          .as("the message itself has text: the mailbox stays indexed")
          .isEqualTo(FileState.INDEXED);
      assertThat(mailbox.chunks()).isEqualTo(chunksOfFile(store, mbox));
    }

    // Deleting the original keeps the copy: it takes the chunks over, nothing is embedded again.
    Files.delete(paper);
    try (DocumentStore store = DocumentStore.open(db);
        Ingestor ing = new Ingestor(store, IngestOptions.defaults())) {
      List<long[]> removed = new ArrayList<>();
      IngestListener l =
          new IngestListener() {
            @Override
            public void chunksRemoved(long[] chunkIds) {
              removed.add(chunkIds);
            }
          };
      assertThat(ing.ingest(List.of(root), l, new CancellationToken()).failed()).isZero();
      DocumentRecord heir = attachment(store, mbox);
      assertThat(DocumentCopiesTest.chunkIdsOf(store, mbox, heir.id()))
          .containsExactly(paperChunks);
      assertThat(removed.stream().flatMapToLong(Arrays::stream).toArray())
          .doesNotContain(paperChunks);
    }
  }

  @Test
  void anEmlStoredBesideItsMailboxMessageBecomesADuplicateOfTheMailbox() throws Exception {
    List<MboxMessage> real = RealMailboxes.read(RealMailboxes.S390).subList(0, 3);
    MboxMessage shared = real.get(1);
    Path root = Files.createDirectories(tmp.resolve("home"));
    Path mbox = Files.createDirectories(root.resolve("Mail")).resolve("list.mbox");
    try (OutputStream out = Files.newOutputStream(mbox)) {
      for (MboxMessage m : real) {
        MboxWriter.append(out, "From MAILER-DAEMON Sat Nov 21 23:54:31 2026", m.content());
      }
    }
    Path db = tmp.resolve("db.sqlite");
    ingest(db, root);
    long messageId;
    long[] messageChunks;
    String storedMessageId;
    try (DocumentStore store = DocumentStore.open(db)) {
      DocumentRecord message = DocumentCopiesTest.messageDocument(store, mbox, shared.messageId());
      messageId = message.id();
      storedMessageId = message.messageId();
      messageChunks = DocumentCopiesTest.chunkIdsOf(store, mbox, messageId);
    }
    // the .eml is stored while the mailbox's message hides its Message-ID: a second original
    sql(db, "UPDATE documents SET message_id = NULL WHERE id = " + messageId);
    Path eml =
        Files.copy(
            DocumentCopiesTest.emlWithMessageId(shared.messageId()),
            Files.createDirectories(root.resolve("Saved")).resolve("reply.eml"));
    ingest(db, root);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement ps =
            c.prepareStatement("UPDATE documents SET message_id = ? WHERE id = ?")) {
      ps.setString(1, storedMessageId);
      ps.setLong(2, messageId);
      ps.executeUpdate();
    }
    try (DocumentStore store = DocumentStore.open(db)) {
      assertThat(store.file(eml).orElseThrow().state()).isEqualTo(FileState.INDEXED);
      assertThat(store.file(eml).orElseThrow().chunks()).isPositive();
    }
    setVersion(db, CopyMerge.VERSION - 1);

    try (DocumentStore store = DocumentStore.open(db)) {
      FileRecord row = store.file(eml).orElseThrow();
      assertThat(row.state()).isEqualTo(FileState.DUPLICATE);
      assertThat(row.reason()).isEqualTo("duplicate of " + mbox);
      assertThat(row.chunks()).isZero();
      assertThat(store.placesOf(messageId)).containsExactly(eml);
      assertThat(DocumentCopiesTest.chunkIdsOf(store, mbox, messageId))
          .containsExactly(messageChunks);
      assertThat(store.checkLexicalIndex().ok()).isTrue();
    }
  }

  private static DocumentRecord attachment(DocumentStore store, Path mbox) {
    return store.documents(mbox).stream()
        .filter(d -> d.parentId() != null)
        .findFirst()
        .orElseThrow();
  }

  private static long[] chunkIds(DocumentStore store, Path file) {
    return store.chunksOfFile(file).stream().mapToLong(ChunkRecord::id).toArray();
  }

  private static int chunksOfFile(DocumentStore store, Path file) {
    return store.chunksOfFile(file).size();
  }

  private static void ingest(Path db, Path root) throws Exception {
    try (DocumentStore store = DocumentStore.open(db);
        Ingestor ing = new Ingestor(store, IngestOptions.defaults())) {
      assertThat(ing.ingest(List.of(root), IngestListener.NONE, new CancellationToken()).failed())
          .isZero();
    }
  }

  private static void sql(Path db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static void setVersion(Path db, int v) throws Exception {
    sql(db, "PRAGMA user_version=" + v);
  }
}
