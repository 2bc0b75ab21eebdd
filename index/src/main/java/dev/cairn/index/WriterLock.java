package dev.cairn.index;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The single-writer lock of an index directory: an OS file lock on {@code write.lock} (other
 * processes) plus a registry of directories locked by this JVM (POSIX locks are per process, and
 * closing any channel on the file would drop them).
 */
final class WriterLock implements Closeable {
  static final String FILE_NAME = "write.lock";
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;

  private WriterLock(Path key, FileChannel channel, FileLock lock) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * @throws IndexLockedException if another writer holds the directory
   */
  static WriterLock acquire(Path dir) throws IOException {
    Path file = dir.resolve(FILE_NAME);
    Path key = dir.toAbsolutePath().normalize();
    if (!HELD.add(key)) {
      throw new IndexLockedException(file);
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new IndexLockedException(file);
      }
      return new WriterLock(key, channel, lock);
    } catch (IOException | RuntimeException e) {
      HELD.remove(key);
      if (channel != null) {
        channel.close();
      }
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
      channel.close();
    } finally {
      HELD.remove(key);
    }
  }
}
