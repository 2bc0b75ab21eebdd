package dev.cairn.app.library;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one-writer lock of a collection: whoever changes anything in the collection's folder (the
 * document store, the index, the hot cache, the spool) holds it — an indexing run of the window, of
 * the watcher or of the command line, a rebuild, a repair. Readers (search, stats, validate) never
 * take it; they read the last committed state.
 *
 * <p>An operating-system lock ({@link FileChannel#tryLock}) on one byte of {@value #FILE_NAME} in
 * the collection folder, far past the text the holder writes at the start of the file (its pid,
 * what it is doing and since when), so another process can read who holds it on every platform. The
 * OS drops the lock when the holder dies, even by {@code kill -9}; the stale text is then
 * overwritten by the next holder. Within one JVM a registry refuses a second holder too (POSIX
 * locks belong to the process, not the channel).
 *
 * <p>Thread-safe. Owned by whoever acquired it, who must {@link #close()} it.
 */
final class CollectionLock implements AutoCloseable {
  static final String FILE_NAME = "writer.lock";

  /** Offset of the locked byte; the holder's description is written before it. */
  private static final long LOCK_POSITION = 1L << 20;

  private static final Map<Path, CollectionLock> HELD = new ConcurrentHashMap<>();

  /** What a writer does with the collection, as shown to a second writer. */
  enum Activity {
    INDEXING("indexed"),
    REBUILDING("rebuilt"),
    REPAIRING("repaired"),
    REEMBEDDING("re-embedded");

    private final String participle;

    Activity(String participle) {
      this.participle = participle;
    }

    String participle() {
      return participle;
    }
  }

  /**
   * Who holds a collection's lock, as written in the lock file.
   *
   * @param pid the holder's process id
   * @param activity what it does
   * @param since when it took the lock
   */
  record Holder(long pid, Activity activity, Instant since) {
    String describe() {
      return "pid=" + pid + "\nactivity=" + activity.name() + "\nsince=" + since + "\n";
    }

    static Optional<Holder> parse(String text) {
      long pid = -1;
      Activity activity = null;
      Instant since = null;
      for (String line : text.split("\n")) {
        int eq = line.indexOf('=');
        if (eq < 0) {
          continue;
        }
        String key = line.substring(0, eq).strip();
        String value = line.substring(eq + 1).strip();
        try {
          switch (key) {
            case "pid" -> pid = Long.parseLong(value);
            case "activity" -> activity = Activity.valueOf(value);
            case "since" -> since = Instant.parse(value);
            default -> {}
          }
        } catch (RuntimeException e) {
          return Optional.empty();
        }
      }
      return pid > 0 && activity != null && since != null
          ? Optional.of(new Holder(pid, activity, since))
          : Optional.empty();
    }
  }

  private final Path key;
  private final String collection;
  private final FileChannel channel;
  private final FileLock lock;
  private final Holder holder;

  private CollectionLock(
      Path key, String collection, FileChannel channel, FileLock lock, Holder holder) {
    this.key = key;
    this.collection = collection;
    this.channel = channel;
    this.lock = lock;
    this.holder = holder;
  }

  /**
   * Takes the lock of the collection in {@code dir} at once, or refuses.
   *
   * @throws CollectionBusyException when another process or task of this process holds it
   * @throws LibraryException IO when the lock file cannot be written
   */
  static CollectionLock acquire(String collection, Path dir, Activity activity)
      throws LibraryException {
    Path key = dir.toAbsolutePath().normalize();
    Path file = key.resolve(FILE_NAME);
    Holder me = new Holder(ProcessHandle.current().pid(), activity, Instant.now());
    synchronized (HELD) {
      CollectionLock mine = HELD.get(key);
      if (mine != null) {
        throw new CollectionBusyException(collection, Optional.of(mine.holder));
      }
      FileChannel channel = null;
      try {
        Files.createDirectories(key);
        channel =
            FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
          lock = channel.tryLock(LOCK_POSITION, 1, false);
        } catch (OverlappingFileLockException e) {
          lock = null;
        }
        if (lock == null) {
          channel.close();
          throw new CollectionBusyException(collection, readHolder(dir));
        }
        byte[] text = me.describe().getBytes(StandardCharsets.UTF_8);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text), 0);
        channel.force(false);
        CollectionLock held = new CollectionLock(key, collection, channel, lock, me);
        HELD.put(key, held);
        return held;
      } catch (IOException e) {
        if (channel != null) {
          try {
            channel.close();
          } catch (IOException suppressed) {
            e.addSuppressed(suppressed);
          }
        }
        throw Failures.io("cannot take the writer lock " + file, e);
      }
    }
  }

  /**
   * Who holds the lock of the collection in {@code dir} now, if anyone (a reader's question; never
   * blocks, takes nothing).
   */
  static Optional<Holder> holder(Path dir) {
    Path key = dir.toAbsolutePath().normalize();
    CollectionLock mine = HELD.get(key);
    if (mine != null) {
      return Optional.of(mine.holder);
    }
    Path file = key.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock probe;
      try {
        probe = channel.tryLock(LOCK_POSITION, 1, false);
      } catch (OverlappingFileLockException e) {
        probe = null;
      }
      if (probe != null) {
        probe.release();
        return Optional.empty();
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return readHolder(dir);
  }

  private static Optional<Holder> readHolder(Path dir) {
    try {
      return Holder.parse(Files.readString(dir.resolve(FILE_NAME), StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  String collection() {
    return collection;
  }

  Holder holderInfo() {
    return holder;
  }

  /** Releases the lock; the file stays (its text is stale until the next holder overwrites it). */
  @Override
  public void close() {
    synchronized (HELD) {
      if (!HELD.remove(key, this)) {
        return;
      }
      try {
        channel.truncate(0);
      } catch (IOException ignored) {
        // the text is only informative; the OS lock is what counts
      }
      try {
        lock.release();
      } catch (IOException ignored) {
        // closing the channel below releases it too
      }
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing else to release
      }
    }
  }
}
