package dev.cairn.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Statement text and JDBC helpers shared by the document store's rooms: the chunk select, the
 * "content file of a path" subquery, batched {@code IN} lists, argument binding, id arrays and the
 * metadata JSON column. Stateless; touches only the connection or statement it is given.
 */
final class StoreSql {
  /** Ids per {@code IN (...)} list. */
  static final int IN_BATCH = 500;

  /** The file holding a path's content: the path's own row, or the file it is a copy of. */
  static final String CONTENT_FILE =
      "(SELECT coalesce(duplicate_of, id) FROM files WHERE path = ?)";

  /** Columns read by {@link #chunkRecord}. */
  static final String CHUNK_SELECT =
      """
      SELECT c.id, c.document_id, c.text, c.page, c.start_char, c.end_char, c.heading_path,
             f.path, d.media_type, d.title, d.message_id, d.sender, d.date_ms, d.parent_id
      FROM chunks c JOIN documents d ON d.id = c.document_id JOIN files f ON f.id = c.file_id
      """;

  private static final ObjectMapper JSON = new ObjectMapper();

  private StoreSql() {}

  static String placeholders(int n) {
    return String.join(",", java.util.Collections.nCopies(n, "?"));
  }

  static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      switch (a) {
        case String s -> ps.setString(i + 1, s);
        case Integer n -> ps.setInt(i + 1, n);
        case Long n -> ps.setLong(i + 1, n);
        default -> throw new IllegalStateException("unexpected SQL argument " + a);
      }
    }
  }

  /** The first column of every row, as a long array. */
  static long[] longs(PreparedStatement ps) throws SQLException {
    long[] buf = new long[1024];
    int n = 0;
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        if (n == buf.length) {
          buf = Arrays.copyOf(buf, n * 2);
        }
        buf[n++] = rs.getLong(1);
      }
    }
    return Arrays.copyOf(buf, n);
  }

  static int count(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  static void setNullableLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setLong(i, v);
    }
  }

  static Map<String, Object> parseJson(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = JSON.readValue(json, LinkedHashMap.class);
      return m;
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }

  static String toJson(Map<String, Object> m) {
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
