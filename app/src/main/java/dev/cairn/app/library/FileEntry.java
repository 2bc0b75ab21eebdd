package dev.cairn.app.library;

import dev.cairn.ingest.FileRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * One file of a collection.
 *
 * @param path the file
 * @param state where it stands
 * @param reason why it was skipped or failed; {@code null} when indexed or pending
 * @param size size in bytes when last seen
 * @param modified last-modified time when last seen; {@code null} if unknown
 * @param chunks number of searchable chunks it produced
 */
public record FileEntry(
    Path path, FileState state, String reason, long size, Instant modified, int chunks) {
  public FileEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(state, "state");
  }

  /** The entry of a document store's file record (the ingest state mapped by name). */
  static FileEntry of(FileRecord r) {
    return new FileEntry(
        r.path(),
        FileState.valueOf(r.state().name()),
        r.reason(),
        r.size(),
        r.modified(),
        r.chunks());
  }
}
