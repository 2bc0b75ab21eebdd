package dev.cairn.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Mail fields as search filters (schema version 6): table {@code message_meta} has one row per
 * document that is a mail message or lies inside one (its attachments, an attached message), with
 * the fields of the outermost message: sender, recipients (To and Cc), date, mail folder and
 * whether it has attachments. So {@code from:}, {@code to:}, {@code folder:}, {@code
 * has:attachment} and the date filter find a message's attachments with it, and the filters run
 * inside the search's own SQL ({@link #where}, {@link #DATE}) rather than on a cut top k.
 *
 * <p>Rows are derived from the stored document rows alone ({@link #fill}), at ingest right after a
 * file's or a message's documents are written, and by the version 6 migration for stores written
 * before it: both ways give the same rows. Texts are lower-cased ({@link Locale#ROOT}) for
 * matching; the original spelling stays in {@code documents}. A row goes with its document ({@code
 * ON DELETE CASCADE}).
 *
 * <p>The folder is the mail client's folder: {@code mail.folder} of a Maildir, Apple Mail or PST
 * message ("inbox" for a Maildir's top folder, "inbox/projects" below it); an mbox's file name
 * without {@code .mbox}/{@code .mbx}, below its Thunderbird {@code .sbd} parents ("archives/2020");
 * for a single {@code .eml} or {@code .msg} the name of the directory holding it.
 *
 * <p>Stateless; every method runs inside the caller's store connection (and transaction, for the
 * writes), under {@link DocumentStore}'s writer lock.
 */
final class MessageMeta {
  /** The schema version that adds {@code message_meta}. */
  static final int VERSION = 6;

  static final String STEP = "filling the mail filters (sender, recipients, folder, attachments)";

  /** The schema-version-6 migration; {@link #fillAll} then fills it. */
  static final List<String> SCHEMA =
      List.of(
          """
          CREATE TABLE message_meta(
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            sender TEXT,
            recipients TEXT,
            sent_ms INTEGER,
            folder TEXT NOT NULL,
            has_attachment INTEGER NOT NULL)""");

  /**
   * The date a chunk of document {@code d} (file {@code f}) is filtered by: its message's date for
   * mail (an attachment is dated by the message it came with), else the document's own date, else
   * the file's modification time.
   */
  static final String DATE =
      "coalesce((SELECT mm.sent_ms FROM message_meta mm WHERE mm.document_id = d.id),"
          + " d.date_ms, f.mtime_ms)";

  /** Media types that are messages even without a sender (as {@link FileExtractor} reads them). */
  private static final Set<String> MESSAGE_TYPES =
      Set.of(
          "message/rfc822",
          "application/vnd.ms-outlook",
          "application/x-tika-pst-mail-item",
          "message/x-emlx");

  private static final String MAILDIR = dev.cairn.ingest.mail.MailFolder.Kind.MAILDIR.mediaType();

  private static final ObjectMapper JSON = new ObjectMapper();

  private MessageMeta() {}

  /**
   * The mail part of a filter as SQL on the document alias {@code d}: {@code " AND EXISTS (...)"}
   * over the message fields of {@code d} or of one of its copies ({@link DocumentCopies}: the same
   * message in another folder counts), or "" when the filter has no mail restriction. Appends the
   * arguments to {@code args}.
   */
  static String where(ChunkFilter f, List<Object> args) {
    List<String> conditions = new ArrayList<>();
    if (f.sender() != null) {
      conditions.add("instr(m.sender, ?) > 0");
      args.add(f.sender().toLowerCase(Locale.ROOT));
    }
    if (f.recipient() != null) {
      conditions.add("instr(m.recipients, ?) > 0");
      args.add(f.recipient().toLowerCase(Locale.ROOT));
    }
    if (f.mailFolder() != null) {
      // whole path segments: "inbox" matches "inbox" and "inbox/projects", not "inboxes"
      conditions.add("instr('/' || m.folder || '/', ?) > 0");
      args.add("/" + normalFolder(f.mailFolder()) + "/");
    }
    if (f.hasAttachment()) {
      conditions.add("m.has_attachment = 1");
    }
    if (conditions.isEmpty()) {
      return "";
    }
    return " AND EXISTS (SELECT 1 FROM message_meta m WHERE (m.document_id = d.id"
        + " OR m.document_id IN (SELECT dc.copy_id FROM document_copies dc"
        + " WHERE dc.original_id = d.id)) AND "
        + String.join(" AND ", conditions)
        + ")";
  }

  /** A folder as stored and matched: lower case, '/' between segments, none at either end. */
  static String normalFolder(String folder) {
    String s = folder.strip().replace('\\', '/').toLowerCase(Locale.ROOT);
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s.replaceAll("/+", "/");
  }

  /**
   * Writes the rows of the documents of file {@code fileId} (at {@code path}) with ids in {@code
   * [fromId, toId]}, a range that holds whole document trees (a file's documents, a streamed
   * message's). Rows already there are replaced.
   */
  static void fill(Connection c, long fileId, String path, long fromId, long toId)
      throws SQLException {
    boolean maildir;
    try (PreparedStatement ps = c.prepareStatement("SELECT media_type FROM files WHERE id = ?")) {
      ps.setLong(1, fileId);
      try (ResultSet rs = ps.executeQuery()) {
        maildir = rs.next() && MAILDIR.equals(rs.getString(1));
      }
    }
    record Doc(
        long id,
        Long parent,
        boolean message,
        String sender,
        String to,
        Long date,
        String folder) {}
    List<Doc> docs = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, parent_id, media_type, sender, recipients, date_ms, metadata_json"
                + " FROM documents WHERE file_id = ? AND id BETWEEN ? AND ? ORDER BY id")) {
      ps.setLong(1, fileId);
      ps.setLong(2, fromId);
      ps.setLong(3, toId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String sender = rs.getString(4);
          boolean message = sender != null || MESSAGE_TYPES.contains(rs.getString(3));
          JsonNode meta = metadata(rs.getString(7));
          docs.add(
              new Doc(
                  rs.getLong(1),
                  ContainerRows.nullableLong(rs, 2),
                  message,
                  sender,
                  recipients(rs.getString(5), meta),
                  ContainerRows.nullableLong(rs, 6),
                  message ? folder(path, maildir, meta) : null));
        }
      }
    }
    Map<Long, Doc> messageOf = new HashMap<>(); // document id -> its outermost message
    Set<Long> withChildren = new java.util.HashSet<>(); // messages with an attachment
    for (Doc d : docs) {
      Doc root = d.parent() == null ? null : messageOf.get(d.parent());
      if (root == null && d.message()) {
        root = d;
      }
      if (root != null) {
        messageOf.put(d.id(), root);
        if (root != d) {
          withChildren.add(root.id());
        }
      }
    }
    if (messageOf.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT OR REPLACE INTO message_meta(document_id, sender, recipients, sent_ms, folder,"
                + " has_attachment) VALUES (?,?,?,?,?,?)")) {
      for (Doc d : docs) {
        Doc root = messageOf.get(d.id());
        if (root == null) {
          continue;
        }
        ps.setLong(1, d.id());
        ps.setString(2, lower(root.sender()));
        ps.setString(3, lower(root.to()));
        if (root.date() == null) {
          ps.setNull(4, java.sql.Types.INTEGER);
        } else {
          ps.setLong(4, root.date());
        }
        ps.setString(5, root.folder());
        ps.setInt(6, withChildren.contains(root.id()) ? 1 : 0);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Fills the table for every stored file (the version 6 migration), reporting the documents done
   * about every thousand and once at the end.
   */
  static void fillAll(Connection c, UpgradeProgress progress) throws SQLException {
    record FileRow(long id, String path, long documents) {}
    List<FileRow> files = new ArrayList<>();
    long total = 0;
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT f.id, f.path, count(*) FROM files f JOIN documents d ON d.file_id = f.id"
                    + " GROUP BY f.id ORDER BY f.id")) {
      while (rs.next()) {
        files.add(new FileRow(rs.getLong(1), rs.getString(2), rs.getLong(3)));
        total += rs.getLong(3);
      }
    }
    long done = 0;
    long reported = 0;
    for (FileRow f : files) {
      fill(c, f.id(), f.path(), Long.MIN_VALUE, Long.MAX_VALUE);
      done += f.documents();
      if (done - reported >= 1000 || done == total) {
        progress.progress(VERSION, STEP, done, total);
        reported = done;
      }
    }
  }

  private static JsonNode metadata(String json) {
    if (json == null || json.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      return JSON.createObjectNode(); // unreadable metadata: the message keeps its other fields
    }
  }

  private static String recipients(String to, JsonNode meta) {
    String cc = meta.path("mail.cc").asText(null);
    if (to == null || to.isBlank()) {
      return cc;
    }
    return cc == null || cc.isBlank() ? to : to + ", " + cc;
  }

  /** The mail folder of a message of the file at {@code path} (see the class comment). */
  static String folder(String path, boolean maildir, JsonNode meta) {
    JsonNode mailFolder = meta.get("mail.folder");
    if (mailFolder != null && mailFolder.isTextual()) {
      String f = normalFolder(mailFolder.asText());
      return f.isEmpty() && maildir ? "inbox" : f;
    }
    Path p = Path.of(path);
    if (meta.has("container.message")) {
      String name = p.getFileName() == null ? "" : p.getFileName().toString();
      String lower = name.toLowerCase(Locale.ROOT);
      if ((lower.endsWith(".mbox") || lower.endsWith(".mbx")) && name.length() > 5) {
        name = name.substring(0, name.lastIndexOf('.'));
      }
      StringBuilder folder = new StringBuilder(name);
      for (Path q = p.getParent(); q != null && q.getFileName() != null; q = q.getParent()) {
        String n = q.getFileName().toString();
        if (!n.toLowerCase(Locale.ROOT).endsWith(".sbd") || n.length() <= 4) {
          break;
        }
        folder.insert(0, n.substring(0, n.length() - 4) + "/");
      }
      return normalFolder(folder.toString());
    }
    Path dir = p.getParent();
    return dir == null || dir.getFileName() == null
        ? ""
        : normalFolder(dir.getFileName().toString());
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }
}
