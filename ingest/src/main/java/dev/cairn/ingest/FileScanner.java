package dev.cairn.ingest;

import dev.cairn.ingest.mail.MailFolder;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Walks the roots: regular files only (a Maildir or Apple Mail {@code Messages} folder is one
 * entry, the directory itself, with its messages' bytes as size and its latest time as mtime),
 * symbolic links never followed (so no loops), hidden files and folders (name starting with '.')
 * and system folders skipped below a root, Cairn's own files and the excluded folders skipped,
 * include/exclude patterns applied relative to the root. Folders or files that cannot be read are
 * reported as problems instead of failing the scan.
 */
final class FileScanner {
  private static final Set<String> SYSTEM_DIRS =
      Set.of(
          "$recycle.bin",
          "system volume information",
          "node_modules",
          "__pycache__",
          "lost+found",
          "__macosx");

  /** A path that could not be scanned, with the reason. */
  record Problem(Path path, String reason) {}

  /** What the scan found. */
  record Result(List<ScannedFile> files, List<Problem> problems) {}

  private FileScanner() {}

  static Result scan(List<Path> roots, IngestOptions options, Path storeFile) {
    List<ScannedFile> files = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    String storeName = storeFile == null ? null : storeFile.getFileName().toString();
    for (Path r : roots) {
      Path root = r.toAbsolutePath().normalize();
      if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      try {
        Files.walkFileTree(
            root,
            new SimpleFileVisitor<>() {
              @Override
              public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                if (!dir.equals(root)
                    && (name.startsWith(".")
                        || SYSTEM_DIRS.contains(name.toLowerCase(Locale.ROOT))
                        || options.excludedDirectories().contains(dir)
                        || Files.exists(dir.resolve("collection.json"))
                            && Files.exists(dir.resolve("documents.sqlite")))) {
                  return FileVisitResult.SKIP_SUBTREE;
                }
                MailFolder.Kind mail = MailFolder.kind(dir);
                if (mail != null) {
                  // a Maildir or Apple Mail folder is one container: its row is the directory
                  Path rel = dir.equals(root) ? dir.getFileName() : root.relativize(dir);
                  if (rel == null || options.accepts(rel)) {
                    addMailFolder(dir, mail, files, problems);
                  }
                  return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
              }

              @Override
              public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (!attrs.isRegularFile()) {
                  return FileVisitResult.CONTINUE;
                }
                String name = file.getFileName().toString();
                if (!file.equals(root) && name.startsWith(".")) {
                  return FileVisitResult.CONTINUE;
                }
                if (storeName != null
                    && file.getParent() != null
                    && file.getParent().equals(storeFile.getParent())
                    && name.startsWith(storeName)) {
                  return FileVisitResult.CONTINUE;
                }
                Path rel = file.equals(root) ? file.getFileName() : root.relativize(file);
                if (!options.accepts(rel)) {
                  return FileVisitResult.CONTINUE;
                }
                if (!Files.isReadable(file)) {
                  problems.add(new Problem(file, "permission denied"));
                  return FileVisitResult.CONTINUE;
                }
                files.add(new ScannedFile(file, attrs.size(), attrs.lastModifiedTime().toMillis()));
                return FileVisitResult.CONTINUE;
              }

              @Override
              public FileVisitResult visitFileFailed(Path file, IOException e) {
                problems.add(
                    new Problem(
                        file,
                        e instanceof AccessDeniedException
                            ? "permission denied"
                            : "unreadable: " + FileExtractor.message(e)));
                return FileVisitResult.CONTINUE;
              }
            });
      } catch (IOException e) {
        problems.add(new Problem(root, "unreadable: " + FileExtractor.message(e)));
      }
    }
    return new Result(files, problems);
  }

  private static void addMailFolder(
      Path dir, MailFolder.Kind kind, List<ScannedFile> files, List<Problem> problems) {
    try {
      MailFolder.Stamp st = MailFolder.stamp(dir, kind);
      files.add(new ScannedFile(dir, st.size(), st.mtimeMs()));
    } catch (IOException e) {
      problems.add(
          new Problem(
              dir,
              e instanceof AccessDeniedException
                  ? "permission denied"
                  : "unreadable: " + FileExtractor.message(e)));
    }
  }
}
