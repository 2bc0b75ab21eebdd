package dev.cairn.ingest;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import dev.cairn.ingest.mail.MailFolder;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches indexed folders (recursively, hidden folders excluded except a Maildir's Maildir++ {@code
 * .Folder} subfolders) with the JDK {@link WatchService} and reports changed paths in batches once
 * things have been quiet for the debounce interval. New folders are registered as they appear. A
 * created, modified or deleted file is reported as that path; a move arrives as the old path
 * (deleted) and the new one (created); a deleted folder as the folder's path; an event overflow as
 * the watched root. Feed the batch to {@link Ingestor#ingest}: existing paths are (re)indexed,
 * vanished ones are removed from the store.
 *
 * <p>Runs one daemon thread ({@code cairn-watch}) that calls {@code onChange}; the callback must
 * not block for long (start the ingest on another thread). {@link #close()} stops the thread.
 */
public final class FolderWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FolderWatcher.class);

  private final WatchService watcher;
  private final Map<WatchKey, Path> keys = new HashMap<>();
  private final List<Path> roots;
  private final Duration debounce;
  private final Consumer<Set<Path>> onChange;
  private final Thread thread;
  private volatile boolean closed;

  /**
   * Starts watching.
   *
   * @param roots folders to watch, recursively
   * @param debounce quiet time before a batch is reported (e.g. 500 ms)
   * @param onChange receives each batch of changed paths (absolute)
   * @throws IOException when the watch service cannot be created or a root cannot be registered
   */
  public FolderWatcher(List<Path> roots, Duration debounce, Consumer<Set<Path>> onChange)
      throws IOException {
    if (debounce.isNegative()) {
      throw new IllegalArgumentException("debounce must not be negative, got " + debounce);
    }
    this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    this.debounce = debounce;
    this.onChange = onChange;
    this.watcher = FileSystems.getDefault().newWatchService();
    for (Path r : this.roots) {
      if (!Files.isDirectory(r)) {
        watcher.close();
        throw new IOException("cannot watch " + r + ": not a folder");
      }
      registerTree(r);
    }
    this.thread = new Thread(this::loop, "cairn-watch");
    thread.setDaemon(true);
    thread.start();
  }

  private void registerTree(Path start) throws IOException {
    Files.walkFileTree(
        start,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            if (!dir.equals(start)
                && dir.getFileName().toString().startsWith(".")
                && !MailFolder.isMaildirSubfolder(dir)) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            WatchKey key = dir.register(watcher, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
            synchronized (keys) {
              keys.put(key, dir);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            LOG.warn("cannot watch {}: {}", file, e.getMessage());
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private void loop() {
    Set<Path> pending = new LinkedHashSet<>();
    long quietMs = Math.max(1, debounce.toMillis());
    while (!closed) {
      WatchKey key;
      try {
        key = pending.isEmpty() ? watcher.take() : watcher.poll(quietMs, TimeUnit.MILLISECONDS);
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      }
      if (key == null) {
        Set<Path> batch = Set.copyOf(pending);
        pending.clear();
        try {
          onChange.accept(batch);
        } catch (RuntimeException e) {
          LOG.warn("folder watcher callback threw {}", e.toString());
        }
        continue;
      }
      Path dir;
      synchronized (keys) {
        dir = keys.get(key);
      }
      for (WatchEvent<?> ev : key.pollEvents()) {
        if (ev.kind() == OVERFLOW || dir == null) {
          pending.addAll(roots);
          continue;
        }
        Path child = dir.resolve((Path) ev.context());
        if (child.getFileName().toString().startsWith(".")
            && !MailFolder.isMaildirSubfolder(child)) {
          continue;
        }
        pending.add(child);
        if (ev.kind() == ENTRY_CREATE && Files.isDirectory(child)) {
          try {
            registerTree(child);
          } catch (IOException e) {
            LOG.warn("cannot watch new folder {}: {}", child, e.getMessage());
          }
        }
      }
      if (!key.reset()) {
        synchronized (keys) {
          keys.remove(key);
        }
      }
    }
  }

  /** Stops watching; no callback runs after this returns (except one already running). */
  @Override
  public void close() {
    closed = true;
    try {
      watcher.close();
    } catch (IOException e) {
      LOG.warn("closing the watch service failed: {}", e.getMessage());
    }
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
