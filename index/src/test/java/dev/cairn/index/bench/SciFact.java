package dev.cairn.index.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** BEIR SciFact read from {@code cairn.shared.dir}: corpus, test queries, qrels, nDCG@10. */
final class SciFact {
  final List<String> docIds = new ArrayList<>();
  final List<String> docTexts = new ArrayList<>();
  final Map<String, Integer> docIndex = new HashMap<>();
  final Map<String, String> queries = new LinkedHashMap<>();
  final Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();

  static Path dir() {
    String shared = System.getProperty("cairn.shared.dir", "../shared");
    return Path.of(shared, "data", "beir", "scifact");
  }

  static SciFact load() throws IOException {
    Path dir = dir();
    SciFact s = new SciFact();
    ObjectMapper json = new ObjectMapper();
    try (BufferedReader r = Files.newBufferedReader(dir.resolve("corpus.jsonl"))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n = json.readTree(line);
        s.docIndex.put(n.get("_id").asText(), s.docIds.size());
        s.docIds.add(n.get("_id").asText());
        s.docTexts.add((n.path("title").asText("") + " " + n.path("text").asText("")).strip());
      }
    }
    for (String line : Files.readAllLines(dir.resolve("qrels/test.tsv"))) {
      String[] f = line.split("\t");
      if (f.length < 3 || f[0].equals("query-id")) {
        continue;
      }
      s.qrels.computeIfAbsent(f[0], k -> new HashMap<>()).put(f[1], Integer.parseInt(f[2]));
    }
    Map<String, String> all = new HashMap<>();
    try (BufferedReader r = Files.newBufferedReader(dir.resolve("queries.jsonl"))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank()) {
          JsonNode n = json.readTree(line);
          all.put(n.get("_id").asText(), n.get("text").asText());
        }
      }
    }
    for (String q : s.qrels.keySet()) {
      if (all.containsKey(q)) {
        s.queries.put(q, all.get(q));
      }
    }
    return s;
  }

  /** nDCG@10 of a ranked list of corpus ids against the query's qrels. */
  double ndcg10(String queryId, List<String> ranked) {
    Map<String, Integer> rel = qrels.getOrDefault(queryId, Map.of());
    double dcg = 0;
    for (int i = 0; i < Math.min(10, ranked.size()); i++) {
      int g = rel.getOrDefault(ranked.get(i), 0);
      dcg += (Math.pow(2, g) - 1) / (Math.log(i + 2) / Math.log(2));
    }
    List<Integer> gains = new ArrayList<>(rel.values());
    gains.sort((a, b) -> b - a);
    double ideal = 0;
    for (int i = 0; i < Math.min(10, gains.size()); i++) {
      ideal += (Math.pow(2, gains.get(i)) - 1) / (Math.log(i + 2) / Math.log(2));
    }
    return ideal == 0 ? 0 : dcg / ideal;
  }

  static void save(Path file, float[][] vectors) throws IOException {
    Files.createDirectories(file.getParent());
    try (DataOutputStream out =
        new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
      out.writeInt(vectors.length);
      out.writeInt(vectors.length == 0 ? 0 : vectors[0].length);
      for (float[] v : vectors) {
        for (float x : v) {
          out.writeFloat(x);
        }
      }
    }
  }

  static float[][] loadVectors(Path file) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      int n = in.readInt();
      int d = in.readInt();
      float[][] v = new float[n][d];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
          v[i][j] = in.readFloat();
        }
      }
      return v;
    }
  }

  static Set<Long> ids(List<dev.cairn.index.SearchHit> hits) {
    Set<Long> s = new java.util.HashSet<>();
    hits.forEach(h -> s.add(h.chunkId()));
    return s;
  }
}
