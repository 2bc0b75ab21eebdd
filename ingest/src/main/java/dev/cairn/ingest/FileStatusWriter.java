package dev.cairn.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes per-file status rows without touching content: PENDING rows for newly scanned files, a new
 * size and mtime for an unchanged file, moving stored paths to new roots after an import, and
 * marking files gone from disk MISSING. Each change is one transaction on the writer of {@link
 * StoreConnections}. Thread-safe.
 */
final class FileStatusWriter {
  private final StoreConnections db;
  private final StoreStatus status;

  FileStatusWriter(StoreConnections db, StoreStatus status) {
    this.db = db;
    this.status = status;
  }

  void markPending(List<ScannedFile> files) {
    if (files.isEmpty()) {
      return;
    }
    db.transaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT OR IGNORE INTO files(path, state, size, mtime_ms, ext, updated_ms)"
                      + " VALUES (?, 'PENDING', ?, ?, ?, ?)")) {
            long now = System.currentTimeMillis();
            for (ScannedFile f : files) {
              ps.setString(1, f.key());
              ps.setLong(2, f.size());
              ps.setLong(3, f.mtimeMs());
              ps.setString(4, FileExtractor.extension(f.path().getFileName().toString()));
              ps.setLong(5, now);
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  void touch(ScannedFile f) {
    db.transaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE files SET size = ?, mtime_ms = ?, updated_ms = ? WHERE path = ?")) {
            ps.setLong(1, f.size());
            ps.setLong(2, f.mtimeMs());
            ps.setLong(3, System.currentTimeMillis());
            ps.setString(4, f.key());
            ps.executeUpdate();
          }
          return null;
        });
  }

  int relocate(Map<Path, Path> oldToNewRoots) {
    return db.transaction(
        c -> {
          int moved = 0;
          for (var e : oldToNewRoots.entrySet()) {
            String from = e.getKey().toString();
            String to = e.getValue().toAbsolutePath().normalize().toString();
            String prefix =
                from.endsWith(java.io.File.separator) ? from : from + java.io.File.separator;
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE files SET path = ? || substr(path, ?) WHERE path = ? OR substr(path, 1, ?) = ?")) {
              ps.setString(1, to);
              ps.setInt(2, from.length() + 1);
              ps.setString(3, from);
              ps.setInt(4, prefix.length());
              ps.setString(5, prefix);
              moved += ps.executeUpdate();
            }
          }
          return moved;
        });
  }

  List<Path> markMissing() {
    List<String> gone = new ArrayList<>();
    for (FileRecord r : status.files(Optional.empty())) {
      if (r.state() != FileState.MISSING && !Files.exists(r.path())) {
        gone.add(r.path().toString());
      }
    }
    db.transaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE files SET state = ?, reason = ?, updated_ms = ? WHERE path = ?")) {
            for (String p : gone) {
              ps.setString(1, FileState.MISSING.name());
              ps.setString(
                  2, "missing: not found after import (map its folder with --map OLD=NEW)");
              ps.setLong(3, System.currentTimeMillis());
              ps.setString(4, p);
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
    return gone.stream().map(Path::of).toList();
  }
}
