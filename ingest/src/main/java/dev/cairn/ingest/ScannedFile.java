package dev.cairn.ingest;

import java.nio.file.Path;

/** A regular file found by a scan: absolute normalized path, size and modification time. */
record ScannedFile(Path path, long size, long mtimeMs) {
  /** The path as stored in the database. */
  String key() {
    return path.toString();
  }
}
