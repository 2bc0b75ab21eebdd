package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store of schema version 5 (the golden schema file) holding mail as Cairn wrote it before the
 * mail filters, with the real headers and text of two linux-s390 list messages and an Enron
 * message, is given its mail filters on open: a streamed mbox message and its attachment, a Maildir
 * message in a subfolder, a saved {@code .eml} and a note.
 */
class MailFiltersUpgradeTest {
  @TempDir Path tmp;

  @Test
  void aVersionFiveStoreWithMailIsFilteredByItsStoredHeadersAfterTheUpgrade() throws Exception {
    Path db = tmp.resolve("documents.sqlite");
    writeVersionFive(db);
    try (DocumentStore store = DocumentStore.open(db)) {
      assertThat(store.schemaVersion()).isEqualTo(DocumentStore.SCHEMA_VERSION);
      // chunk ids: 1 the zcrypt cover letter (lists.mbox), 2 its attachment, 3 the Enron
      // newsletter (Maildir .Work), 4 the saved GIT PULL .eml, 5 the note
      assertThat(chunks(store, "the much", mail("freude", null, null, false)))
          .containsExactly(1L, 2L);
      assertThat(chunks(store, "the much", mail(null, "hca@linux.ibm.com", null, false)))
          .as("0165 has hca@ in Cc, which version 5 did not keep")
          .containsExactly(1L, 2L);
      assertThat(chunks(store, "the much", mail(null, null, null, true))).containsExactly(1L, 2L);
      assertThat(chunks(store, "the much", mail(null, null, "lists", false)))
          .containsExactly(1L, 2L);
      assertThat(chunks(store, "the much", mail(null, null, "work", false))).containsExactly(3L);
      assertThat(chunks(store, "the much", mail(null, null, "saved", false))).containsExactly(4L);
      assertThat(chunks(store, "the much", mail("kaminski", null, null, false))).isEmpty();
      assertThat(chunks(store, "the much", mail(null, "vkamins@enron.com", null, false)))
          .containsExactly(3L);
      // the attachment is dated by its message; the note by its file's time (December 2026)
      ChunkFilter beforeJul11 =
          new ChunkFilter(null, Set.of(), null, Instant.parse("2026-07-11T00:00:00Z"), null, null);
      assertThat(chunks(store, "the much", beforeJul11)).containsExactly(1L, 2L, 3L);
      assertThat(store.allowedChunks(mail(null, null, "saved", false)).test(4L)).isTrue();
      assertThat(store.allowedChunks(mail(null, null, "saved", false)).test(1L)).isFalse();
    }
  }

  static ChunkFilter mail(String sender, String recipient, String folder, boolean attachment) {
    return new ChunkFilter(null, Set.of(), null, null, sender, null, recipient, folder, attachment);
  }

  static Set<Long> chunks(DocumentStore store, String query, ChunkFilter f) {
    return store.lexicalSearch(query, 50, f).stream()
        .map(LexicalHit::chunkId)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  private void writeVersionFive(Path db) throws Exception {
    String schema;
    try (InputStream in = getClass().getResourceAsStream("store-schema-v5.sql")) {
      schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String root = tmp.toString();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      for (String sql : schema.split("\n;\n")) {
        String body =
            sql.lines().filter(l -> !l.startsWith("--")).reduce("", (a, b) -> a + b + "\n");
        if (!body.isBlank()) {
          st.execute(body);
        }
      }
      long dec2026 = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
      file(c, 1, root + "/Mail/lists.mbox", "mbox", "application/mbox", dec2026);
      file(c, 2, root + "/Maildir", "", "application/x-maildir", dec2026);
      file(c, 3, root + "/Saved/0165.eml", "eml", "message/rfc822", dec2026);
      file(c, 4, root + "/notes/the note.md", "md", "text/markdown", dec2026);
      document(
          c,
          1,
          1,
          null,
          "message/rfc822",
          "[PATCH v4 0/1] Improve zcrypt reply message verification checks",
          "Harald Freudenberger <freude@linux.ibm.com>",
          "Heiko Carstens <hca@linux.ibm.com>, Vasily Gorbik <gor@linux.ibm.com>",
          Instant.parse("2026-07-10T11:27:55Z"),
          "{\"container.message\":0,\"container.offset\":0}");
      document(
          c,
          2,
          1,
          1L,
          "text/x-diff",
          "0001-zcrypt.patch",
          null,
          null,
          null,
          "{\"container.message\":0,\"container.offset\":0}");
      document(
          c,
          3,
          2,
          null,
          "message/rfc822",
          "How much is too much?",
          "applicationservice@bdcimail.com",
          "vkamins@enron.com",
          Instant.parse("2002-01-30T23:00:01Z"),
          "{\"mail.folder\":\"Work\",\"mail.key\":\"Work/1\",\"container.message\":0,"
              + "\"container.offset\":0}");
      document(
          c,
          4,
          3,
          null,
          "message/rfc822",
          "[GIT PULL 0/5] KVM: s390: Fixes for 7.2",
          "Christian Borntraeger <borntraeger@linux.ibm.com>",
          "Paolo Bonzini <pbonzini@redhat.com>",
          Instant.parse("2026-07-13T08:30:02Z"),
          null);
      document(c, 5, 4, null, "text/markdown", "the note", null, null, null, null);
      List<String> texts =
          List.of(
              "Add or improve checks related to buffer sizes and reply sizes to the handling of"
                  + " replies from the crypto cards for CCA and EP11 (AP message type 6) messages.",
              "The verification code related to reply field length was not designed well and"
                  + " thus firmware deficiencies could lead to unexpected behavior in the zcrypt"
                  + " device driver.",
              "NETWORK WORLD NEWSLETTER: JEB BOLDING on APPLICATION SERVICE PROVIDERS. Today's"
                  + " focus: How much is too much? Dear Wincenty Kaminski,",
              "Paolo, please pull the following changes since the commit for the KVM s390 fixes.",
              "A note about the weekly meeting and the agenda.");
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO chunks(id, document_id, file_id, ordinal, text, page, start_char,"
                  + " end_char) VALUES (?, ?, ?, 0, ?, 0, 0, ?)")) {
        long[] fileOf = {1, 1, 2, 3, 4};
        for (int i = 0; i < texts.size(); i++) {
          ps.setLong(1, i + 1);
          ps.setLong(2, i + 1);
          ps.setLong(3, fileOf[i]);
          ps.setString(4, texts.get(i));
          ps.setInt(5, texts.get(i).length());
          ps.executeUpdate();
        }
      }
      st.execute("PRAGMA user_version=5");
      try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
        assertThat(rs.getInt(1)).isEqualTo(5);
      }
    }
  }

  private static void file(Connection c, long id, String path, String ext, String type, long mtime)
      throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO files(id, path, state, size, mtime_ms, ext, media_type, updated_ms)"
                + " VALUES (?, ?, 'INDEXED', 1, ?, ?, ?, 0)")) {
      ps.setLong(1, id);
      ps.setString(2, path);
      ps.setLong(3, mtime);
      ps.setString(4, ext);
      ps.setString(5, type);
      ps.executeUpdate();
    }
  }

  private static void document(
      Connection c,
      long id,
      long fileId,
      Long parent,
      String type,
      String title,
      String sender,
      String recipients,
      Instant date,
      String metadata)
      throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO documents(id, file_id, parent_id, ordinal, media_type, title, sender,"
                + " recipients, date_ms, metadata_json) VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, id);
      ps.setLong(2, fileId);
      if (parent == null) {
        ps.setNull(3, java.sql.Types.INTEGER);
      } else {
        ps.setLong(3, parent);
      }
      ps.setString(4, type);
      ps.setString(5, title);
      ps.setString(6, sender);
      ps.setString(7, recipients);
      if (date == null) {
        ps.setNull(8, java.sql.Types.INTEGER);
      } else {
        ps.setLong(8, date.toEpochMilli());
      }
      ps.setString(9, metadata);
      ps.executeUpdate();
    }
  }
}
