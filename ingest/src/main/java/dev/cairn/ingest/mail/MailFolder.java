package dev.cairn.ingest.mail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A folder of one-file-per-message mail, read as one container: a Maildir ({@code cur/} and {@code
 * new/}, with Maildir++ subfolders {@code .Sent}, {@code .Archive.2020} beside them; {@code tmp/}
 * holds deliveries in progress and is never read) or an Apple Mail {@code Messages} folder of
 * {@code .emlx} files. Each message has a stable key that survives the renames mail clients do: for
 * a Maildir the subfolder plus the unique part of the name before {@code ":2,"} (so moving from
 * {@code new/} to {@code cur/} and flag changes keep it), for Apple Mail the file name.
 *
 * <p>Stateless; every method reads the file system afresh.
 */
public final class MailFolder {
  /** The kinds of mail folder. */
  public enum Kind {
    MAILDIR("application/x-maildir"),
    EMLX("application/x-emlx-folder");

    private final String mediaType;

    Kind(String mediaType) {
      this.mediaType = mediaType;
    }

    /** The media type the folder's file row is stored with. */
    public String mediaType() {
      return mediaType;
    }
  }

  /**
   * One message file of a mail folder.
   *
   * @param key stable key inside the folder ("Sent/1204.M1P2.host"; "" subfolder is the inbox)
   * @param path the message file now
   * @param folder the mail folder it is in ("" for the Maildir's inbox, "Sent", "Archive/2020")
   * @param size bytes of the file
   * @param mtimeMs its modification time
   */
  public record Entry(String key, Path path, String folder, long size, long mtimeMs) {}

  /**
   * What a scan needs to tell a changed folder from an unchanged one.
   *
   * @param size bytes of all message files
   * @param mtimeMs the latest modification time of the folder's directories (a delivered, deleted
   *     or renamed message changes its directory's time)
   */
  public record Stamp(long size, long mtimeMs) {}

  private MailFolder() {}

  /** The kind of mail folder {@code dir} is, or null when it is none. */
  public static Kind kind(Path dir) {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    if (isMaildir(dir)) {
      return Kind.MAILDIR;
    }
    Path name = dir.getFileName();
    if (name != null && name.toString().equals("Messages") && hasEmlx(dir)) {
      return Kind.EMLX;
    }
    return null;
  }

  private static boolean isMaildir(Path dir) {
    return Files.isDirectory(dir.resolve("cur"), LinkOption.NOFOLLOW_LINKS)
        && Files.isDirectory(dir.resolve("new"), LinkOption.NOFOLLOW_LINKS);
  }

  /** Whether {@code dir} is a Maildir++ subfolder ({@code .Sent}) of a Maildir. */
  public static boolean isMaildirSubfolder(Path dir) {
    Path name = dir.getFileName();
    Path parent = dir.getParent();
    return name != null
        && name.toString().startsWith(".")
        && name.toString().length() > 1
        && parent != null
        && isMaildir(parent)
        && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS);
  }

  private static boolean isEmlx(String name) {
    return !name.startsWith(".") && name.toLowerCase(Locale.ROOT).endsWith(".emlx");
  }

  private static boolean hasEmlx(Path dir) {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (isEmlx(p.getFileName().toString())) {
          return true;
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  /**
   * The mail folder that holds {@code path} (a message file, a {@code cur/} folder, a Maildir++
   * subfolder), or null when it is in none. A Maildir++ subfolder maps to its top Maildir, so the
   * folder watcher's changed paths reach the container rather than one message file.
   */
  public static Path enclosing(Path path) {
    Path found = null;
    for (Path p = path; p != null; p = p.getParent()) {
      Kind k = kind(p);
      if (k == Kind.EMLX) {
        return p;
      }
      if (k == Kind.MAILDIR) {
        found = p;
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        if (!name.startsWith(".") || p.getParent() == null || !isMaildir(p.getParent())) {
          return found;
        }
      } else if (found != null) {
        return found;
      }
    }
    return found;
  }

  /** The folder's message files, sorted by key. */
  public static List<Entry> list(Path dir, Kind kind) throws IOException {
    List<Entry> out = new ArrayList<>();
    if (kind == Kind.EMLX) {
      String folder = appleFolder(dir);
      addFiles(dir, "", folder, out, true);
    } else {
      addMaildir(dir, "", out);
      List<Path> subs = new ArrayList<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        for (Path p : ds) {
          String n = p.getFileName().toString();
          if (n.startsWith(".") && n.length() > 1 && !n.equals("..") && isMaildir(p)) {
            subs.add(p);
          }
        }
      }
      subs.sort(Comparator.naturalOrder());
      for (Path s : subs) {
        addMaildir(s, s.getFileName().toString().substring(1).replace('.', '/'), out);
      }
    }
    out.sort(Comparator.comparing(Entry::key));
    return out;
  }

  private static void addMaildir(Path maildir, String folder, List<Entry> out) throws IOException {
    addFiles(maildir.resolve("new"), folder, folder, out, false);
    addFiles(maildir.resolve("cur"), folder, folder, out, false);
  }

  private static void addFiles(
      Path dir, String keyPrefix, String folder, List<Entry> out, boolean emlx) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        if (n.startsWith(".") || emlx && !isEmlx(n)) {
          continue;
        }
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
          continue; // renamed or deleted by the mail client while we listed
        }
        if (!a.isRegularFile()) {
          continue;
        }
        String unique = emlx ? n : uniquePart(n);
        String key = keyPrefix.isEmpty() ? unique : keyPrefix + "/" + unique;
        out.add(new Entry(key, p, folder, a.size(), a.lastModifiedTime().toMillis()));
      }
    }
  }

  /** A Maildir file name without its info part ({@code ":2,FS"}, or {@code "!2,FS"} on Windows). */
  static String uniquePart(String name) {
    int colon = name.indexOf(':');
    if (colon < 0) {
      colon = name.indexOf('!');
    }
    return colon > 0 ? name.substring(0, colon) : name;
  }

  /** Apple Mail keeps {@code Name.mbox/<id>/Data/.../Messages}: the mailbox's name, else "". */
  private static String appleFolder(Path messages) {
    for (Path p = messages.getParent(); p != null; p = p.getParent()) {
      String n = p.getFileName() == null ? "" : p.getFileName().toString();
      if (n.toLowerCase(Locale.ROOT).endsWith(".mbox") && n.length() > 5) {
        return n.substring(0, n.length() - 5);
      }
    }
    return "";
  }

  /** Size and latest directory time of a mail folder, for the scan's change check. */
  public static Stamp stamp(Path dir, Kind kind) throws IOException {
    long mtime = Files.getLastModifiedTime(dir).toMillis();
    long size = 0;
    List<Path> dirs = new ArrayList<>();
    if (kind == Kind.EMLX) {
      dirs.add(dir);
    } else {
      dirs.add(dir.resolve("new"));
      dirs.add(dir.resolve("cur"));
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        for (Path p : ds) {
          String n = p.getFileName().toString();
          if (n.startsWith(".") && n.length() > 1 && !n.equals("..") && isMaildir(p)) {
            mtime = Math.max(mtime, Files.getLastModifiedTime(p).toMillis());
            dirs.add(p.resolve("new"));
            dirs.add(p.resolve("cur"));
          }
        }
      }
    }
    for (Path d : dirs) {
      mtime = Math.max(mtime, Files.getLastModifiedTime(d).toMillis());
    }
    for (Entry e : list(dir, kind)) {
      size += e.size();
      mtime = Math.max(mtime, e.mtimeMs());
    }
    return new Stamp(size, mtime);
  }

  /**
   * The RFC 822 bytes of one message: the file as it is for a Maildir; for {@code .emlx}, the
   * message after the byte-count line and before Apple's property list.
   *
   * @throws IOException when the file cannot be read or an {@code .emlx} has no valid byte count
   */
  public static byte[] read(Entry e, long maxBytes) throws IOException {
    if (e.size() > maxBytes) {
      throw new IOException("too large: " + (e.size() >> 20) + " MB");
    }
    byte[] all;
    try (InputStream in = Files.newInputStream(e.path())) {
      all = in.readAllBytes();
    }
    if (!isEmlx(e.path().getFileName().toString())) {
      return all;
    }
    int eol = 0;
    while (eol < all.length && eol < 32 && all[eol] != '\n') {
      eol++;
    }
    String count = new String(all, 0, eol, StandardCharsets.US_ASCII).strip();
    long n;
    try {
      n = Long.parseLong(count);
    } catch (NumberFormatException x) {
      throw new IOException("not an .emlx file: first line is not a byte count: '" + count + "'");
    }
    int start = Math.min(all.length, eol + 1);
    if (n < 0 || start + n > all.length) {
      throw new IOException(
          ".emlx byte count " + n + " is past the end of the file (" + all.length + " bytes)");
    }
    return Arrays.copyOfRange(all, start, (int) (start + n));
  }
}
