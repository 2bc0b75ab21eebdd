package dev.cairn.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the per-file status rows and the store's counts: file rows by state or path, the rows as
 * the writer sees them (on the writer connection, so an ingest run sees its own writes),
 * whole-store statistics and chunk/document counts per language. Reads only, through {@link
 * StoreConnections}. Thread-safe.
 */
final class StoreStatus {
  private final StoreConnections db;

  StoreStatus(StoreConnections db) {
    this.db = db;
  }

  List<FileRecord> files(Optional<FileState> state) {
    return db.read(
        c -> {
          String sql =
              "SELECT path, state, reason, size, mtime_ms, content_hash, documents, chunks FROM files"
                  + (state.isPresent() ? " WHERE state = ?" : "")
                  + " ORDER BY path";
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (state.isPresent()) {
              ps.setString(1, state.get().name());
            }
            List<FileRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(fileRecord(rs));
              }
            }
            return out;
          }
        });
  }

  Optional<FileRecord> file(Path path) {
    String p = path.toAbsolutePath().normalize().toString();
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT path, state, reason, size, mtime_ms, content_hash, documents, chunks"
                      + " FROM files WHERE path = ?")) {
            ps.setString(1, p);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(fileRecord(rs)) : Optional.<FileRecord>empty();
            }
          }
        });
  }

  private static FileRecord fileRecord(ResultSet rs) throws SQLException {
    return new FileRecord(
        Path.of(rs.getString(1)),
        FileState.valueOf(rs.getString(2)),
        rs.getString(3),
        rs.getLong(4),
        Instant.ofEpochMilli(rs.getLong(5)),
        rs.getString(6),
        rs.getInt(7),
        rs.getInt(8));
  }

  /** Status rows as the writer sees them, keyed by absolute path. */
  Map<String, DocumentStore.FileRow> fileRows() {
    return db.write(
        c -> {
          Map<String, DocumentStore.FileRow> out = new HashMap<>();
          try (Statement st = c.createStatement();
              ResultSet rs =
                  st.executeQuery("SELECT path, state, size, mtime_ms, content_hash FROM files")) {
            while (rs.next()) {
              out.put(
                  rs.getString(1),
                  new DocumentStore.FileRow(
                      rs.getString(1),
                      FileState.valueOf(rs.getString(2)),
                      rs.getLong(3),
                      rs.getLong(4),
                      rs.getString(5)));
            }
          }
          return out;
        });
  }

  int chunkCount() {
    return db.read(c -> StoreSql.count(c, "SELECT count(*) FROM chunks"));
  }

  StoreStats stats() {
    return db.read(
        c -> {
          int[] byState = new int[FileState.values().length];
          long indexedBytes = 0;
          try (Statement st = c.createStatement();
              ResultSet rs =
                  st.executeQuery("SELECT state, count(*), sum(size) FROM files GROUP BY state")) {
            while (rs.next()) {
              FileState s = FileState.valueOf(rs.getString(1));
              byState[s.ordinal()] = rs.getInt(2);
              if (s == FileState.INDEXED) {
                indexedBytes = rs.getLong(3);
              }
            }
          }
          int files = Arrays.stream(byState).sum();
          long dbBytes;
          try {
            dbBytes = Files.size(db.file());
          } catch (IOException e) {
            dbBytes = -1;
          }
          return new StoreStats(
              files,
              byState[FileState.INDEXED.ordinal()],
              byState[FileState.SKIPPED.ordinal()],
              byState[FileState.FAILED.ordinal()],
              byState[FileState.PENDING.ordinal()],
              StoreSql.count(c, "SELECT count(*) FROM documents"),
              StoreSql.count(c, "SELECT count(*) FROM chunks"),
              indexedBytes,
              dbBytes);
        });
  }

  Map<String, Integer> chunksByLanguage() {
    return countsByLanguage(
        "SELECT coalesce(d.language, ''), count(*) AS n FROM chunks c"
            + " JOIN documents d ON d.id = c.document_id"
            + " GROUP BY 1 ORDER BY n DESC, 1");
  }

  Map<String, Integer> documentsByLanguage() {
    return countsByLanguage(
        "SELECT coalesce(d.language, ''), count(*) AS n FROM documents d"
            + " WHERE EXISTS (SELECT 1 FROM chunks c WHERE c.document_id = d.id)"
            + " GROUP BY 1 ORDER BY n DESC, 1");
  }

  /** Runs a query of (language, count) rows into an ordered map. */
  private Map<String, Integer> countsByLanguage(String sql) {
    return db.read(
        c -> {
          Map<String, Integer> out = new LinkedHashMap<>();
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
              out.put(rs.getString(1), rs.getInt(2));
            }
          }
          return out;
        });
  }
}
