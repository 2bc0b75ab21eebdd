package dev.cairn.app.library;

import java.nio.file.Path;

/**
 * A second Cairn process for the lock tests: takes the writer lock of the collection folder given
 * as its argument, prints {@code locked PID} and holds the lock until its stdin closes (or it is
 * killed).
 */
public final class LockHolderMain {
  private LockHolderMain() {}

  public static void main(String[] args) throws Exception {
    try (CollectionLock lock =
        CollectionLock.acquire(
            Path.of(args[0]).getFileName().toString(),
            Path.of(args[0]),
            CollectionLock.Activity.INDEXING)) {
      System.out.println("locked " + ProcessHandle.current().pid());
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold until stdin closes
      }
    }
  }
}
