package dev.cairn.ingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.ingest.CancellationToken;
import dev.cairn.ingest.ChunkFilter;
import dev.cairn.ingest.DocumentStore;
import dev.cairn.ingest.IngestListener;
import dev.cairn.ingest.IngestOptions;
import dev.cairn.ingest.Ingestor;
import dev.cairn.ingest.LexicalHit;
import dev.cairn.ingest.MultilingualWords;
import dev.cairn.ingest.lexical.GluedWords;
import dev.cairn.ingest.lexical.LexicalQuery;
import dev.cairn.ingest.lexical.SegmentedSearch;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Cost of the segment index for no-space scripts: on BEIR SciFact (English) the document store's
 * bytes per table, lexical nDCG@10 and search time per query through the production path ({@code
 * DocumentStore.lexicalSearch}, which is the unchanged FTS5 query while a collection has no
 * no-space text) and through the two-index path that a collection with some Chinese or Burmese text
 * takes for every query; then the same figures on the two real multilingual notes.
 *
 * <p>Run: {@code ./bench lexical}
 */
public final class LexicalBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int K = 10;
  private static final int DEPTH = 100;
  private static final int ROUNDS = 3;

  private LexicalBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(System.getProperty("cairn.shared.dir", "../shared")).resolve("data");
    Path beir = data.resolve("beir/scifact");
    Path work = Files.createTempDirectory("cairn-lexical-bench");
    out(
        "lexical benchmark, %d cores, max heap %d MB",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

    Path corpus = Files.createDirectories(work.resolve("scifact"));
    int docs = 0;
    try (BufferedReader r = Files.newBufferedReader(beir.resolve("corpus.jsonl"))) {
      String line;
      while ((line = r.readLine()) != null) {
        JsonNode n = JSON.readTree(line);
        Files.writeString(
            corpus.resolve(n.get("_id").asText() + ".txt"),
            n.get("title").asText() + "\n\n" + n.get("text").asText() + "\n");
        docs++;
      }
    }
    Path db = work.resolve("scifact.sqlite");
    long t0 = System.nanoTime();
    try (DocumentStore store = DocumentStore.open(db);
        Ingestor ing = new Ingestor(store, IngestOptions.builder().workerThreads(2).build())) {
      ing.ingest(List.of(corpus), IngestListener.NONE, new CancellationToken());
      out(
          "scifact: %d documents, %d chunks ingested in %.1f s",
          docs, store.chunkCount(), (System.nanoTime() - t0) / 1e9);
    }
    tableBytes(db);
    trigram(db, List.of());

    Map<String, String> queries = new LinkedHashMap<>();
    try (BufferedReader r = Files.newBufferedReader(beir.resolve("queries.jsonl"))) {
      String line;
      while ((line = r.readLine()) != null) {
        JsonNode n = JSON.readTree(line);
        queries.put(n.get("_id").asText(), n.get("text").asText());
      }
    }
    Map<String, Set<String>> qrels = new HashMap<>();
    for (String line : Files.readAllLines(beir.resolve("qrels/test.tsv")).subList(1, 340)) {
      String[] f = line.split("\t");
      if (Integer.parseInt(f[2]) > 0) {
        qrels.computeIfAbsent(f[0], q -> new LinkedHashSet<>()).add(f[1]);
      }
    }
    try (DocumentStore store = DocumentStore.open(db);
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      Function<String, List<LexicalHit>> production =
          q -> store.lexicalSearch(q, DEPTH, ChunkFilter.NONE);
      Function<String, List<LexicalHit>> twoIndexes =
          q -> {
            try {
              return SegmentedSearch.search(c, LexicalQuery.parse(q), DEPTH, "", List.of());
            } catch (SQLException e) {
              throw new IllegalStateException(e);
            }
          };
      Function<String, List<LexicalHit>> schemaOne = q -> schemaOneSearch(c, q);
      out("scifact chunks with text of a no-space script (segment rows): %d", segmentRows(c));
      Map<String, Function<String, List<LexicalHit>>> paths = new LinkedHashMap<>();
      paths.put("schema 1 query (main FTS5 index only, as before)", schemaOne);
      paths.put(
          "schema 3 words path on a plain connection (schema 1 query + glued words)",
          q -> {
            try {
              return GluedWords.merge(
                  c, LexicalQuery.parse(q), DEPTH, schemaOneSearch(c, q), "", List.of());
            } catch (SQLException e) {
              throw new IllegalStateException(e);
            }
          });
      paths.put("schema 3 DocumentStore.lexicalSearch (pooled read connections)", production);
      paths.put("schema 3 two-index query on a plain connection", twoIndexes);
      evaluate(store, paths, queries, qrels);
    }

    Path notes = data.resolve("docs/multilingual_notes");
    Path ndb = work.resolve("notes.sqlite");
    try (DocumentStore store = DocumentStore.open(ndb);
        Ingestor ing = new Ingestor(store, IngestOptions.defaults())) {
      ing.ingest(List.of(notes), IngestListener.NONE, new CancellationToken());
      out("multilingual notes: %d chunks", store.chunkCount());
    }
    tableBytes(ndb);
    List<String> words = MultilingualWords.all();
    trigram(ndb, words);
    try (DocumentStore store = DocumentStore.open(ndb)) {
      int found = 0;
      for (String w : words) {
        found += store.lexicalSearch(w, K, ChunkFilter.NONE).isEmpty() ? 0 : 1;
      }
      out("  segment index (chosen): finds %d of %d words", found, words.size());
      double[] ms = new double[words.size() * ROUNDS];
      int i = 0;
      for (int round = 0; round < ROUNDS; round++) {
        for (String w : words) {
          long s = System.nanoTime();
          store.lexicalSearch(w, K, ChunkFilter.NONE);
          ms[i++] = (System.nanoTime() - s) / 1e6;
        }
      }
      Arrays.sort(ms);
      out(
          "multilingual notes: %d searches, p50 %.2f ms, p95 %.2f ms",
          ms.length, ms[ms.length / 2], ms[(int) (ms.length * 0.95)]);
    }
  }

  /** Runs every path on every query in turn (so machine load hits them alike), ROUNDS times. */
  private static void evaluate(
      DocumentStore store,
      Map<String, Function<String, List<LexicalHit>>> paths,
      Map<String, String> queries,
      Map<String, Set<String>> qrels) {
    Map<String, double[]> ndcg = new LinkedHashMap<>();
    Map<String, List<Double>> ms = new LinkedHashMap<>();
    for (String p : paths.keySet()) {
      ndcg.put(p, new double[1]);
      ms.put(p, new ArrayList<>());
    }
    for (int round = 0; round < ROUNDS; round++) {
      for (var e : qrels.entrySet()) {
        for (var p : paths.entrySet()) {
          long s = System.nanoTime();
          List<LexicalHit> hits = p.getValue().apply(queries.get(e.getKey()));
          ms.get(p.getKey()).add((System.nanoTime() - s) / 1e6);
          if (round == 0) {
            ndcg.get(p.getKey())[0] += ndcg(ranked(store, hits), e.getValue()) / qrels.size();
          }
        }
      }
    }
    for (String p : paths.keySet()) {
      double[] t = ms.get(p).stream().mapToDouble(Double::doubleValue).sorted().toArray();
      out(
          "%s: nDCG@10 %.4f over %d queries; search p50 %.2f ms, p95 %.2f ms, mean %.2f ms (%d"
              + " searches, depth %d, interleaved)",
          p,
          ndcg.get(p)[0],
          qrels.size(),
          t[t.length / 2],
          t[(int) (t.length * 0.95)],
          Arrays.stream(t).average().orElse(0),
          t.length,
          DEPTH);
    }
  }

  private static List<String> ranked(DocumentStore store, List<LexicalHit> hits) {
    List<String> ranked = new ArrayList<>();
    for (LexicalHit h : hits) {
      String file =
          store.chunk(h.chunkId()).orElseThrow().provenance().file().getFileName().toString();
      String id = file.substring(0, file.length() - 4);
      if (!ranked.contains(id)) {
        ranked.add(id);
      }
      if (ranked.size() == K) {
        break;
      }
    }
    return ranked;
  }

  /** The lexical query of schema 1, verbatim: BM25 over the main index alone. */
  private static List<LexicalHit> schemaOneSearch(Connection c, String query) {
    String match = LexicalQuery.parse(query).wordsMatch();
    if (match == null) {
      return List.of();
    }
    String sql =
        "SELECT c.id, bm25(chunks_fts) AS s, snippet(chunks_fts, 0, '«', '»', '…', 24)"
            + " FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid"
            + " JOIN documents d ON d.id = c.document_id JOIN files f ON f.id = c.file_id"
            + " WHERE chunks_fts MATCH ? ORDER BY s LIMIT ?";
    try (var ps = c.prepareStatement(sql)) {
      ps.setString(1, match);
      ps.setInt(2, DEPTH);
      List<LexicalHit> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new LexicalHit(rs.getLong(1), -rs.getDouble(2), rs.getString(3)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long segmentRows(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM chunk_segments_docsize")) {
      return rs.getLong(1);
    }
  }

  /**
   * The alternative not taken: FTS5's trigram tokenizer beside the main index, over every chunk.
   * Its size, and how many of the given words it can find at all (FTS5 trigram matches only terms
   * of three or more characters).
   */
  private static void trigram(Path db, List<String> words) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE VIRTUAL TABLE tri USING fts5(text, content='chunks', content_rowid='id',"
              + " tokenize='trigram')");
      st.execute("INSERT INTO tri(tri) VALUES('rebuild')");
      long bytes;
      try (ResultSet rs =
          st.executeQuery("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'tri%'")) {
        bytes = rs.getLong(1);
      }
      int found = 0;
      for (String w : words) {
        try (var ps = c.prepareStatement("SELECT count(*) FROM tri WHERE tri MATCH ?")) {
          ps.setString(1, '"' + w + '"');
          try (ResultSet rs = ps.executeQuery()) {
            found += rs.getLong(1) > 0 ? 1 : 0;
          }
        }
      }
      out(
          "  trigram table beside the main index (not chosen): %,d bytes; finds %d of %d words",
          bytes, found, words.size());
      st.execute("DROP TABLE tri");
    }
  }

  private static double ndcg(List<String> ranked, Set<String> relevant) {
    double dcg = 0;
    for (int i = 0; i < ranked.size(); i++) {
      if (relevant.contains(ranked.get(i))) {
        dcg += 1 / (Math.log(i + 2) / Math.log(2));
      }
    }
    double ideal = 0;
    for (int i = 0; i < Math.min(K, relevant.size()); i++) {
      ideal += 1 / (Math.log(i + 2) / Math.log(2));
    }
    return dcg / ideal;
  }

  /** Bytes per table and index of the store (SQLite's dbstat), the full-text ones grouped. */
  private static void tableBytes(Path db) throws SQLException {
    Map<String, Long> bytes = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      try (ResultSet rs =
          st.executeQuery("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC")) {
        while (rs.next()) {
          String n = rs.getString(1);
          String group =
              n.startsWith("chunks_fts")
                  ? "main full-text index (chunks_fts*)"
                  : n.startsWith("chunk_segments")
                      ? "segment index (chunk_segments*)"
                      : "tables and indexes";
          bytes.merge(group, rs.getLong(2), Long::sum);
        }
      }
    }
    long total = bytes.values().stream().mapToLong(Long::longValue).sum();
    for (var e : bytes.entrySet()) {
      out("  %-36s %,12d bytes (%.2f %%)", e.getKey(), e.getValue(), 100.0 * e.getValue() / total);
    }
    out("  %-36s %,12d bytes", "store", total);
  }

  private static void out(String fmt, Object... args) {
    System.out.println(String.format(Locale.ROOT, fmt, args));
  }
}
