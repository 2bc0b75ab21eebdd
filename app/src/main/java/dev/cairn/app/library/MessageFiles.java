package dev.cairn.app.library;

import dev.cairn.ingest.ChunkRecord;
import dev.cairn.ingest.DocumentRecord;
import dev.cairn.ingest.DocumentStore;
import dev.cairn.ingest.StoreException;
import dev.cairn.ingest.mail.MailFolder;
import dev.cairn.ingest.mail.MboxMessage;
import dev.cairn.ingest.mail.MboxReader;
import dev.cairn.ingest.mail.PstMessages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The file the system should open for a result ("open in mail client"): the result's own file for
 * an ordinary document or a single {@code .eml}/{@code .msg}; for a message inside a container, a
 * file holding that message alone:
 *
 * <ul>
 *   <li>Apple Mail {@code .emlx}: the message's own {@code .emlx} file (Mail opens it).
 *   <li>Maildir: the message's file as it is now in {@code cur/} or {@code new/} (found by its
 *       stable key, so a flag change since indexing does not matter), copied byte for byte to a
 *       {@code .eml} (a Maildir file name has no extension a mail client is registered for).
 *   <li>mbox: the message's bytes at its stored offset (the From_ line dropped, {@code >From}
 *       unescaped), checked against its stored Message-ID, written to a {@code .eml}.
 *   <li>PST/OST: the message read by its descriptor id and written as MIME to a {@code .eml}.
 * </ul>
 *
 * An attachment's result opens its message. The {@code .eml} files go to a private cache folder
 * (mode 0700 on POSIX, files 0600), named by a hash of the container and the message, written
 * atomically; a second open of the same message rewrites the same file. Stateless and thread-safe.
 */
final class MessageFiles {
  /** Where, under Cairn's home, extracted messages are written. */
  static final String CACHE = "cache/messages";

  private static final long MAX_MESSAGE_BYTES = 96L << 20;
  private static final long MAX_ATTACHMENT_BYTES = 64L << 20;

  private MessageFiles() {}

  /**
   * The file to hand to the desktop for the chunk {@code chunkId} of {@code file}.
   *
   * @throws LibraryException NOT_FOUND when the store has no such chunk or the message is no longer
   *     where it was indexed; IO when it cannot be read or written
   */
  static Path fileToOpen(DocumentStore store, Path cacheDir, Path file, long chunkId)
      throws LibraryException {
    Objects.requireNonNull(file, "file");
    Path path = file.toAbsolutePath().normalize();
    try {
      ChunkRecord found =
          store
              .chunk(chunkId)
              .orElseThrow(
                  () ->
                      new LibraryException(
                          LibraryException.Kind.NOT_FOUND,
                          "no chunk " + chunkId + " in the collection: search again"));
      ChunkRecord chunk = found;
      boolean directory = Files.isDirectory(path);
      boolean pst = !directory && PstMessages.isPst(path);
      DocumentRecord message = directory || pst ? message(store, path, chunk) : null;
      if (directory) {
        MailFolder.Kind kind = MailFolder.kind(path);
        if (kind == null) {
          throw new LibraryException(
              LibraryException.Kind.NOT_FOUND,
              path + " is no longer a Maildir or Apple Mail folder; re-index it");
        }
        MailFolder.Entry e = entry(path, kind, key(message, path));
        return kind == MailFolder.Kind.EMLX
            ? e.path()
            : write(cacheDir, path, e.key(), MailFolder.read(e, MAX_MESSAGE_BYTES));
      }
      if (pst) {
        String key = key(message, path);
        try (PstMessages messages = PstMessages.open(path, MAX_ATTACHMENT_BYTES)) {
          return write(
              cacheDir, path, key, messages.read(new MailFolder.Entry(key, path, "", 1, 0)));
        }
      }
      DocumentRecord doc = document(store, path, chunk);
      if (doc != null && doc.metadata().get("container.offset") instanceof Number offset) {
        return write(cacheDir, path, "@" + offset.longValue(), mbox(path, doc, offset.longValue()));
      }
      return file.toAbsolutePath().normalize();
    } catch (IOException | StoreException e) {
      throw Failures.io("cannot open the message of " + path, e);
    }
  }

  /** The message document of the chunk (an attachment's parent). */
  private static DocumentRecord message(DocumentStore store, Path path, ChunkRecord chunk)
      throws LibraryException {
    DocumentRecord d = document(store, path, chunk);
    if (d == null) {
      throw new LibraryException(
          LibraryException.Kind.NOT_FOUND,
          "the message of chunk " + chunk.id() + " is not stored for " + path + "; re-index it");
    }
    return d;
  }

  /**
   * The document (an attachment's message) of {@code chunk} in {@code path}. A message that is also
   * stored in another file (the same Message-ID in an mbox and as an {@code .eml}) keeps its chunks
   * with the first place stored, so the place shown is found by the original's Message-ID.
   */
  private static DocumentRecord document(DocumentStore store, Path path, ChunkRecord chunk) {
    long wanted =
        chunk.provenance().parentDocumentId() != null
            ? chunk.provenance().parentDocumentId()
            : chunk.documentId();
    Optional<DocumentRecord> byId = store.document(wanted);
    if (byId.isPresent() && storedFor(store, byId.get(), path)) {
      return byId.get();
    }
    Path original = chunk.provenance().file();
    if (original == null || original.toAbsolutePath().normalize().equals(path)) {
      return null;
    }
    String messageId = null;
    if (byId.isPresent() && storedFor(store, byId.get(), original.toAbsolutePath().normalize())) {
      messageId = bare(byId.get().messageId());
    }
    if (messageId == null) {
      return null;
    }
    for (DocumentRecord d : store.documents(path)) {
      if (d.parentId() == null && messageId.equals(bare(d.messageId()))) {
        return d;
      }
    }
    return null;
  }

  /** Whether {@code path} holds {@code d}: its own file, or a whole-file copy of it. */
  private static boolean storedFor(DocumentStore store, DocumentRecord d, Path path) {
    return d.file().equals(path) || store.copiesOf(d.file()).contains(path);
  }

  private static String key(DocumentRecord message, Path path) throws LibraryException {
    Map<String, Object> meta = message.metadata();
    if (meta.get("mail.key") instanceof String key && !key.isEmpty()) {
      return key;
    }
    throw new LibraryException(
        LibraryException.Kind.NOT_FOUND,
        "message " + message.id() + " of " + path + " has no stored key; re-index it");
  }

  private static MailFolder.Entry entry(Path dir, MailFolder.Kind kind, String key)
      throws IOException, LibraryException {
    for (MailFolder.Entry e : MailFolder.list(dir, kind)) {
      if (e.key().equals(key)) {
        return e;
      }
    }
    throw new LibraryException(
        LibraryException.Kind.NOT_FOUND,
        "the message " + key + " is no longer in " + dir + " (moved or deleted); re-index it");
  }

  private static byte[] mbox(Path path, DocumentRecord doc, long offset)
      throws IOException, LibraryException {
    if (offset < 0 || offset >= Files.size(path)) {
      throw changed(path, offset);
    }
    MboxMessage m;
    try (MboxReader r = MboxReader.open(path, offset, 0, MAX_MESSAGE_BYTES)) {
      m = r.next();
    }
    if (m == null || m.offset() != offset || m.oversized()) {
      throw changed(path, offset);
    }
    String stored = bare(doc.messageId());
    if (stored != null && !stored.equals(bare(m.messageId()))) {
      throw changed(path, offset);
    }
    return m.content();
  }

  private static LibraryException changed(Path path, long offset) {
    return new LibraryException(
        LibraryException.Kind.NOT_FOUND,
        "the mailbox "
            + path
            + " changed since it was indexed (no such message at byte "
            + offset
            + "); re-index it");
  }

  private static String bare(String messageId) {
    return messageId == null ? null : messageId.strip().replaceAll("^<|>$", "");
  }

  /** Writes one message to the private cache as {@code <hash>.eml}, atomically. */
  private static Path write(Path cacheDir, Path container, String key, byte[] content)
      throws IOException {
    privateDirectory(cacheDir);
    Path target = cacheDir.resolve(hash(container + "\n" + key) + ".eml");
    AtomicFiles.write(target, content);
    return target;
  }

  /** Creates {@code dir} (and its parents) and makes it owner-only on POSIX file systems. */
  static void privateDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      Path parent = dir.getParent();
      if (parent != null && parent.getFileName().toString().equals("cache")) {
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx------"));
      }
    }
  }

  private static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
