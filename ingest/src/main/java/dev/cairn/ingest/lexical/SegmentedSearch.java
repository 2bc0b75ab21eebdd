package dev.cairn.ingest.lexical;

import dev.cairn.ingest.LexicalHit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Keyword search over both full-text indexes: the query's spaced words in the main index (every
 * chunk) and in the segment index (words glued to a no-space run, which the main index holds only
 * as part of a longer token), its no-space runs in the segment index; a chunk's score is the sum of
 * its BM25 in both. Every occurrence of a word is in exactly one of the two indexes, so nothing is
 * counted twice, and a chunk matched by the main index alone scores exactly as before the segment
 * index existed. Snippets are built in Java ({@link Snippets}) since the segment index stores
 * bigrams, not text. Stateless.
 */
public final class SegmentedSearch {
  private SegmentedSearch() {}

  /**
   * Runs the search on a read connection.
   *
   * @param filterSql the store's filter conditions over {@code c}, {@code d} and {@code f} (chunks,
   *     documents, files), each starting with " AND ", empty for none
   * @param filterArgs the values of the filter's placeholders, in order (String, Integer or Long)
   * @return at most {@code k} hits, best first, matched terms wrapped in «»
   */
  public static List<LexicalHit> search(
      Connection c, LexicalQuery q, int k, String filterSql, List<Object> filterArgs)
      throws SQLException {
    List<Object> args = new ArrayList<>();
    // MATERIALIZED keeps bm25() inside each full-text query (not flattened into the GROUP BY)
    StringBuilder hits = new StringBuilder("WITH hits(id, s) AS MATERIALIZED (");
    String words = q.wordsMatch();
    if (words != null) {
      hits.append(
          "SELECT rowid, bm25(chunks_fts) FROM chunks_fts WHERE chunks_fts MATCH ? UNION ALL ");
      args.add(words);
    }
    hits.append(
        "SELECT rowid, bm25(chunk_segments) FROM chunk_segments WHERE chunk_segments MATCH ?),"
            + " scored(id, s) AS (SELECT id, sum(s) FROM hits GROUP BY id)");
    args.add(q.segmentsMatch());
    String sql =
        hits
            + " SELECT c.id, h.s, c.text FROM scored h JOIN chunks c ON c.id = h.id"
            + " JOIN documents d ON d.id = c.document_id JOIN files f ON f.id = c.file_id"
            + " WHERE 1=1"
            + filterSql
            + " ORDER BY h.s, c.id LIMIT ?";
    args.addAll(filterArgs);
    args.add(k);
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      List<LexicalHit> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String snippet =
              Snippets.snippet(rs.getString(3), q, LexicalHit.MARK_OPEN, LexicalHit.MARK_CLOSE);
          out.add(new LexicalHit(rs.getLong(1), -rs.getDouble(2), snippet));
        }
      }
      return out;
    }
  }

  static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      switch (args.get(i)) {
        case String s -> ps.setString(i + 1, s);
        case Integer n -> ps.setInt(i + 1, n);
        case Long n -> ps.setLong(i + 1, n);
        default -> throw new IllegalArgumentException("unexpected SQL argument " + args.get(i));
      }
    }
  }
}
