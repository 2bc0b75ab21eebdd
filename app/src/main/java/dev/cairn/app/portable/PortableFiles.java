package dev.cairn.app.portable;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Copying with a digest and a cancel check, and the layout names shared by export and import. */
final class PortableFiles {
  static final String COLLECTIONS_DIR = "collections";
  static final String META_FILE = "collection.json";
  static final String STORE_FILE = "documents.sqlite";
  static final String INDEX_DIR = "index";
  static final String INDEX_FILE = "index.cairn";
  static final String CACHE_FILE = "cache.sqlite";

  /** The only names a part may have: no folders but {@code index/}, no {@code ..}. */
  static final Pattern PART_NAME =
      Pattern.compile("collection\\.json|documents\\.sqlite|index/[A-Za-z0-9][A-Za-z0-9._-]*");

  /** Collection names, as the library accepts them. */
  static final Pattern COLLECTION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private static final int BLOCK = 1 << 20;

  private PortableFiles() {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  static String hex(MessageDigest md) {
    return HexFormat.of().formatHex(md.digest());
  }

  /** Running total of bytes moved, reported to the listener. */
  static final class Meter {
    final PortableListener listener;
    final long total;
    long done;

    Meter(PortableListener listener, long total) {
      this.listener = listener;
      this.total = total;
    }
  }

  /**
   * Copies {@code in} to {@code out} updating {@code md}; stops with CANCELLED when the listener
   * says so.
   *
   * @return bytes copied
   */
  static long copy(InputStream in, OutputStream out, MessageDigest md, Meter meter, String step)
      throws IOException, PortableException {
    byte[] buf = new byte[BLOCK];
    long n = 0;
    int r;
    while ((r = in.read(buf)) > 0) {
      if (meter.listener.cancelled()) {
        throw new PortableException(PortableException.Kind.CANCELLED, "cancelled by the user");
      }
      md.update(buf, 0, r);
      out.write(buf, 0, r);
      n += r;
      meter.done += r;
      meter.listener.progress(step, meter.done, meter.total);
    }
    return n;
  }

  /** The format version of an index file (bytes 8–11, little-endian, after "CAIRNIDX"). */
  static int indexFormatVersion(Path indexFile) throws IOException {
    byte[] head = new byte[12];
    try (InputStream in = Files.newInputStream(indexFile)) {
      if (in.readNBytes(head, 0, 12) < 12
          || !new String(head, 0, 8, java.nio.charset.StandardCharsets.US_ASCII)
              .equals("CAIRNIDX")) {
        return -1;
      }
    }
    return ByteBuffer.wrap(head, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }

  /** Deletes a folder tree; quietly, as clean-up after a failure. */
  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      org.slf4j.LoggerFactory.getLogger(PortableFiles.class)
          .warn("could not delete {}: {}", dir, e.getMessage());
    }
  }

  /** "disk full" wording for the errors a full disk gives. */
  static String ioMessage(IOException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (m.contains("No space left") || m.contains("not enough space") || m.contains("disk full")) {
      return "the disk is full (" + m + ")";
    }
    return m;
  }
}
