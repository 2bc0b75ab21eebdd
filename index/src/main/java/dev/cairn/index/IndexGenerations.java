package dev.cairn.index;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a new index replaces the current one without a moment in which no index can be opened.
 *
 * <p>A build writes into a staging folder beside the index folder ({@code index.building}), holding
 * that folder's write lock. When the staging folder is complete, the current folder is renamed to
 * {@code index.old}, the staging folder to {@code index}, and {@code index.old} is deleted: three
 * renames/deletes, each atomic. A crash at any point leaves one of these states, all of which
 * {@link #cleanUp} turns back into exactly one complete index (or none, if there never was one):
 *
 * <ul>
 *   <li>a staging folder nobody holds (the build died): deleted; the current index is untouched;
 *   <li>no current folder but {@code index.old}: the swap died between its renames; the staging
 *       folder is promoted when it is complete, else {@code index.old} is restored;
 *   <li>a current folder and {@code index.old}: the swap finished; {@code index.old} is deleted.
 * </ul>
 *
 * <p>A staging folder whose write lock is held belongs to a live build (in this or another process)
 * and is never touched. Thread-safe: all state is on disk.
 */
final class IndexGenerations {
  private static final Logger LOG = LoggerFactory.getLogger(IndexGenerations.class);

  /** Named steps of a build, for crash tests that end the process at one of them. */
  enum Step {
    STAGED,
    CURRENT_MOVED_ASIDE,
    STAGING_PROMOTED
  }

  /** Test hook: called at each step (a crash test's child process halts there). */
  static volatile Consumer<Step> stepHook = s -> {};

  private IndexGenerations() {}

  static Path staging(Path dir) {
    return sibling(dir, ".building");
  }

  static Path old(Path dir) {
    return sibling(dir, ".old");
  }

  private static Path sibling(Path dir, String suffix) {
    Path abs = dir.toAbsolutePath().normalize();
    return abs.resolveSibling(abs.getFileName() + suffix);
  }

  static boolean complete(Path folder) {
    return Files.isRegularFile(folder.resolve(IndexFile.FILE_NAME));
  }

  /** Whether a complete index is current in {@code dir}, or will be after {@link #cleanUp}. */
  static boolean exists(Path dir) {
    if (complete(dir)) {
      return true;
    }
    // A swap that died between its two renames: cleanUp restores one of the two.
    return !Files.exists(dir) && (complete(old(dir)) || complete(staging(dir)));
  }

  /** Whether a crash left anything for {@link #cleanUp} to do (cheap: three file checks). */
  static boolean needsCleanUp(Path dir) {
    return !complete(dir)
        || Files.exists(staging(dir))
        || Files.exists(old(dir))
        || Files.exists(dir.resolve("index.cairn.tmp"))
        || Files.exists(dir.resolve("delta.log.tmp"));
  }

  /**
   * Brings {@code dir} back to one complete index or none after a crash; does nothing while a live
   * build holds the staging folder.
   */
  static void cleanUp(Path dir) throws IOException {
    removeTemporaryFiles(dir);
    Path staging = staging(dir);
    Path old = old(dir);
    if (Files.exists(staging)) {
      WriterLock probe;
      try {
        probe = WriterLock.acquire(staging);
      } catch (IndexLockedException e) {
        return; // a build is running
      }
      try {
        if (!Files.exists(dir) && complete(staging)) {
          LOG.warn("finishing an interrupted index swap: promoting {}", staging);
          move(staging, dir);
        }
      } finally {
        probe.close();
      }
      if (Files.exists(staging)) {
        LOG.warn("deleting the unfinished index build {}", staging);
        deleteTree(staging);
      }
    }
    if (Files.exists(old)) {
      if (!Files.exists(dir) && complete(old)) {
        LOG.warn("restoring the index {} from an interrupted swap", dir);
        move(old, dir);
      } else {
        deleteTree(old);
      }
    }
    if (Files.isDirectory(dir) && !complete(dir) && isEmptyButLock(dir)) {
      // The folder of a first build that died before anything was written (older Cairn versions).
      deleteTree(dir);
    }
  }

  /** Makes the complete staging folder the current index (the caller holds its write lock). */
  static void promote(Path staging, Path dir) throws IOException {
    stepHook.accept(Step.STAGED);
    Path old = old(dir);
    deleteTree(old);
    if (Files.exists(dir)) {
      move(dir, old);
      stepHook.accept(Step.CURRENT_MOVED_ASIDE);
    }
    move(staging, dir);
    stepHook.accept(Step.STAGING_PROMOTED);
    deleteTree(old);
  }

  private static boolean isEmptyButLock(Path dir) throws IOException {
    try (var entries = Files.list(dir)) {
      return entries.allMatch(
          p -> {
            String n = p.getFileName().toString();
            return n.equals(WriterLock.FILE_NAME) || n.startsWith(HotCache.FILE_NAME);
          });
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException(
          "cannot swap index folders atomically (" + from + " -> " + to + "): " + e.getMessage(),
          e);
    }
  }

  /**
   * Deletes the half-written temp files ({@code index.cairn.tmp}, {@code delta.log.tmp}) a writer
   * killed in the middle of a write leaves in {@code dir}, when nobody holds its write lock (a
   * running writer's temp file is never touched).
   */
  private static void removeTemporaryFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> leftovers = new java.util.ArrayList<>();
    for (String name : List.of("index.cairn.tmp", "delta.log.tmp")) {
      if (Files.exists(dir.resolve(name))) {
        leftovers.add(dir.resolve(name));
      }
    }
    if (leftovers.isEmpty()) {
      return;
    }
    try (WriterLock probe = WriterLock.acquire(dir)) {
      for (Path p : leftovers) {
        LOG.warn("deleting {}, left by a write that was interrupted", p);
        Files.deleteIfExists(p);
      }
    } catch (IndexLockedException e) {
      // a writer is at work: its temp file is its own
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var walk = Files.walk(p)) {
      for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.deleteIfExists(q);
        } catch (NoSuchFileException ignored) {
          // deleted meanwhile
        }
      }
    }
  }
}
