package dev.cairn.index;

import java.io.IOException;
import java.nio.file.Path;

/** Another writer (this process or another) holds the index's write lock. */
public class IndexLockedException extends IOException {
  public IndexLockedException(Path lockFile) {
    super("index is locked by another writer: " + lockFile);
  }
}
