package dev.cairn.index;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The read-write lock and closed flag of one {@link CairnIndex} around its {@link IndexState}: runs
 * an action under the read lock (searches, concurrently) or the write lock (mutations, exclusive),
 * checking first that the index is open where the facade did. Touches only the state it guards;
 * thread-safe.
 */
final class IndexGuard {
  /** Work on the guarded state. */
  interface Action<T, E extends Exception> {
    T apply(IndexState state) throws E;
  }

  private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
  private final IndexState state;
  private boolean closed;

  IndexGuard(IndexState state) {
    this.state = state;
  }

  /** Runs the action under the read lock without the open check. */
  <T, E extends Exception> T read(Action<T, E> action) throws E {
    rw.readLock().lock();
    try {
      return action.apply(state);
    } finally {
      rw.readLock().unlock();
    }
  }

  /** Runs the action under the read lock on an open index. */
  <T, E extends Exception> T readOpen(Action<T, E> action) throws E {
    return read(
        s -> {
          ensureOpen();
          return action.apply(s);
        });
  }

  /** Runs the action under the write lock on an open index. */
  <T, E extends Exception> T writeOpen(Action<T, E> action) throws E {
    rw.writeLock().lock();
    try {
      ensureOpen();
      return action.apply(state);
    } finally {
      rw.writeLock().unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IndexClosedException("index " + state.dir + " is closed");
    }
  }

  /** Closes the state once, under the write lock. Idempotent. */
  void close() throws IOException {
    rw.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      state.close();
    } finally {
      rw.writeLock().unlock();
    }
  }
}
