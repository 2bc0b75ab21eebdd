package dev.cairn.ingest.lexical;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The segment index ({@code chunk_segments}): a contentless FTS5 table holding, for every chunk
 * with text of a no-space script, the {@link Segmenter#segments segment tokens} of that chunk under
 * the chunk's id. Rows are added by the writer (Java computes the tokens; SQLite cannot), and
 * removed by a trigger when their chunk is deleted. Stateless; every method runs on the connection
 * given (the store's writer for changes) inside the caller's transaction.
 */
public final class SegmentIndex {
  /** The FTS5 table. */
  public static final String TABLE = "chunk_segments";

  /**
   * Marks stay inside tokens (Burmese and Thai vowel signs are marks); Latin words fold as in the
   * main index ({@code unicode61 remove_diacritics 2}).
   */
  public static final List<String> CREATE =
      List.of(
          """
          CREATE VIRTUAL TABLE chunk_segments USING fts5(segments, content='',
            contentless_delete=1,
            tokenize="unicode61 remove_diacritics 2 categories 'L* N* Co M*'")""",
          """
          CREATE TRIGGER chunks_segments_ad AFTER DELETE ON chunks BEGIN
            DELETE FROM chunk_segments WHERE rowid = old.id;
          END""");

  private static final int PROGRESS_EVERY = 1000;

  private SegmentIndex() {}

  /** Receives the count of chunks done while the whole store is segmented. */
  @FunctionalInterface
  public interface Progress {
    void chunksDone(long done, long total);
  }

  /**
   * Adds the segment row of one chunk when its text has a no-space script.
   *
   * @return whether a row was added
   */
  public static boolean add(Connection c, long chunkId, String text) throws SQLException {
    String seg = Segmenter.segments(text);
    if (seg == null) {
      return false;
    }
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO chunk_segments(rowid, segments) VALUES (?, ?)")) {
      ps.setLong(1, chunkId);
      ps.setString(2, seg);
      ps.executeUpdate();
    }
    return true;
  }

  /** Whether any chunk has a segment row (false for a store of spaced scripts only). */
  public static boolean hasRows(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT 1 FROM chunk_segments LIMIT 1")) {
      return rs.next();
    }
  }

  /**
   * Empties the segment index and segments every stored chunk again, reporting progress.
   *
   * @return the number of segment rows written
   */
  public static long rebuild(Connection c, Progress progress) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("INSERT INTO chunk_segments(chunk_segments) VALUES('delete-all')");
    }
    long total = count(c, "SELECT count(*) FROM chunks");
    long done = 0;
    long rows = 0;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, text FROM chunks ORDER BY id");
        PreparedStatement ins =
            c.prepareStatement("INSERT INTO chunk_segments(rowid, segments) VALUES (?, ?)")) {
      while (rs.next()) {
        String seg = Segmenter.segments(rs.getString(2));
        if (seg != null) {
          ins.setLong(1, rs.getLong(1));
          ins.setString(2, seg);
          ins.executeUpdate();
          rows++;
        }
        if (++done % PROGRESS_EVERY == 0) {
          progress.chunksDone(done, total);
        }
      }
    }
    progress.chunksDone(done, total);
    return rows;
  }

  /**
   * Checks the segment index: FTS5's own structure check, then that exactly the chunks with
   * no-space text have a row.
   *
   * @return what is wrong in a sentence, or null when it is sound
   */
  public static String check(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("INSERT INTO chunk_segments(chunk_segments) VALUES('integrity-check')");
    } catch (SQLException e) {
      String msg = String.valueOf(e.getMessage());
      if (msg.contains("SQLITE_BUSY") || msg.contains("locked")) {
        throw e;
      }
      return "the segment index for Chinese, Japanese, Korean, Thai and Burmese text is damaged ("
          + msg.strip()
          + ")";
    }
    long[] expected = expectedRows(c);
    long[] actual = ids(c, "SELECT rowid FROM chunk_segments ORDER BY rowid");
    if (Arrays.equals(expected, actual)) {
      return null;
    }
    long missing =
        Arrays.stream(expected).filter(id -> Arrays.binarySearch(actual, id) < 0).count();
    long extra = Arrays.stream(actual).filter(id -> Arrays.binarySearch(expected, id) < 0).count();
    return "the segment index for Chinese, Japanese, Korean, Thai and Burmese text lacks "
        + missing
        + " chunk(s) and has "
        + extra
        + " stale row(s)";
  }

  private static long[] expectedRows(Connection c) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, text FROM chunks ORDER BY id")) {
      while (rs.next()) {
        if (Scripts.hasNoSpace(rs.getString(2))) {
          out.add(rs.getLong(1));
        }
      }
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  private static long[] ids(Connection c, String sql) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getLong(1));
      }
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }
}
