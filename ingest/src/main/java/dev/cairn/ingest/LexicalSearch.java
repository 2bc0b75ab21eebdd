package dev.cairn.ingest;

import dev.cairn.ingest.lexical.GluedWords;
import dev.cairn.ingest.lexical.LexicalQuery;
import dev.cairn.ingest.lexical.SegmentIndex;
import dev.cairn.ingest.lexical.SegmentedSearch;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lexical search over the store: the FTS5 BM25 query built from a user's words, the segment index
 * for no-space scripts ({@link SegmentedSearch}, {@link GluedWords}), and {@link ChunkFilter}s
 * (folder, file type, date, mail fields, language) written as SQL conditions, also as a predicate
 * over chunk ids for the vector index. Reads only, through {@link StoreConnections}. Thread-safe.
 */
final class LexicalSearch {
  private static final Pattern QUERY_TERM = Pattern.compile("[\\p{L}\\p{N}]+");

  private final StoreConnections db;

  LexicalSearch(StoreConnections db) {
    this.db = db;
  }

  List<LexicalHit> search(String query, int k, ChunkFilter filter) {
    if (k <= 0) {
      throw new IllegalArgumentException("k must be > 0, got " + k);
    }
    LexicalQuery parsed = LexicalQuery.parse(query);
    if (parsed.isEmpty()) {
      return List.of();
    }
    List<Object> filterArgs = new ArrayList<>();
    String filterWhere = filterSql(filter == null ? ChunkFilter.NONE : filter, filterArgs);
    if (parsed.hasNoSpaceRuns()) {
      return db.read(c -> SegmentedSearch.search(c, parsed, k, filterWhere, filterArgs));
    }
    String match = ftsQuery(query);
    if (match == null) {
      return List.of();
    }
    List<Object> args = new ArrayList<>();
    args.add(match);
    String where = filterSql(filter == null ? ChunkFilter.NONE : filter, args);
    String sql =
        "SELECT c.id, bm25(chunks_fts) AS s, snippet(chunks_fts, 0, '"
            + LexicalHit.MARK_OPEN
            + "', '"
            + LexicalHit.MARK_CLOSE
            + "', '…', 24)"
            + " FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid"
            + " JOIN documents d ON d.id = c.document_id JOIN files f ON f.id = c.file_id"
            + " WHERE chunks_fts MATCH ?"
            + where
            + " ORDER BY s LIMIT ?";
    args.add(k);
    return db.read(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            StoreSql.bind(ps, args);
            List<LexicalHit> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(new LexicalHit(rs.getLong(1), -rs.getDouble(2), rs.getString(3)));
              }
            }
            // words glued to Chinese or Burmese text are in the segment index only
            return SegmentIndex.hasRows(c)
                ? GluedWords.merge(c, parsed, k, out, filterWhere, filterArgs)
                : out;
          }
        });
  }

  /** The FTS5 query for a user's text, or null when it has no words. */
  static String ftsQuery(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = QUERY_TERM.matcher(text);
    List<String> terms = new ArrayList<>();
    while (m.find() && terms.size() < 64) {
      String t = m.group().toLowerCase(Locale.ROOT);
      if (!terms.contains(t)) {
        terms.add(t);
      }
    }
    if (terms.isEmpty()) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (String t : terms) {
      if (!sb.isEmpty()) {
        sb.append(" OR ");
      }
      sb.append('"').append(t.replace("\"", "\"\"")).append('"');
    }
    return sb.toString();
  }

  private static String filterSql(ChunkFilter f, List<Object> args) {
    StringBuilder sb = new StringBuilder();
    if (f.folderPrefix() != null) {
      String prefix = Path.of(f.folderPrefix()).toAbsolutePath().normalize().toString();
      String withSep =
          prefix.endsWith(java.io.File.separator) ? prefix : prefix + java.io.File.separator;
      // A copy's place counts too: the filter sees every location of a duplicated document.
      sb.append(" AND ")
          .append(DocumentCopies.anyPlace("(f.path = ? OR substr(f.path, 1, ?) = ?)"));
      for (int copy = 0; copy < DocumentCopies.PLACE_KINDS; copy++) {
        args.add(prefix);
        args.add(withSep.length());
        args.add(withSep);
      }
    }
    if (!f.fileTypes().isEmpty()) {
      sb.append(" AND ")
          .append(
              DocumentCopies.anyPlace(
                  "f.ext IN (" + StoreSql.placeholders(f.fileTypes().size()) + ")"));
      List<String> types = f.fileTypes().stream().sorted().toList();
      for (int copy = 0; copy < DocumentCopies.PLACE_KINDS; copy++) {
        args.addAll(types);
      }
    }
    if (f.from() != null) {
      sb.append(" AND ").append(MessageMeta.DATE).append(" >= ?");
      args.add(f.from().toEpochMilli());
    }
    if (f.to() != null) {
      sb.append(" AND ").append(MessageMeta.DATE).append(" < ?");
      args.add(f.to().toEpochMilli());
    }
    // sender, recipients, mail folder, attachments: the message's fields (MessageMeta)
    sb.append(MessageMeta.where(f, args));
    if (f.language() != null) {
      sb.append(" AND d.language = ?");
      args.add(f.language());
    }
    return sb.toString();
  }

  LongPredicate allowedChunks(ChunkFilter filter) {
    if (filter == null || filter.isUnrestricted()) {
      return id -> true;
    }
    List<Object> args = new ArrayList<>();
    String where = filterSql(filter, args);
    String sql =
        "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id"
            + " JOIN files f ON f.id = c.file_id WHERE 1=1"
            + where
            + " ORDER BY c.id";
    long[] ids =
        db.read(
            c -> {
              try (PreparedStatement ps = c.prepareStatement(sql)) {
                StoreSql.bind(ps, args);
                return StoreSql.longs(ps);
              }
            });
    return id -> Arrays.binarySearch(ids, id) >= 0;
  }
}
