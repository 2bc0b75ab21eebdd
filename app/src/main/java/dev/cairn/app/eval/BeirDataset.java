package dev.cairn.app.eval;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a BEIR dataset folder (qrels/SPLIT.tsv, queries.jsonl, corpus.jsonl) and writes the kept
 * corpus documents as text files for the indexing pipeline. Owns nothing; touches only the files it
 * is given. Stateless.
 */
final class BeirDataset {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BeirDataset() {}

  /** One judged query. */
  record Query(String id, String text) {}

  /**
   * The judged queries of {@code queriesFile} in file order, at most {@code limit} (0 = all); a
   * query is judged when {@code qrels} has at least one relevant document for it.
   */
  static List<Query> judgedQueries(
      Path queriesFile, Map<String, Map<String, Integer>> qrels, int limit) throws IOException {
    List<Query> queries = new ArrayList<>();
    for (Query q : readQueries(queriesFile)) {
      if (qrels.containsKey(q.id())) {
        queries.add(q);
        if (limit > 0 && queries.size() >= limit) {
          break;
        }
      }
    }
    return queries;
  }

  /** Query id → document id → relevance; queries without a relevant document are dropped. */
  static Map<String, Map<String, Integer>> readQrels(Path file) throws IOException {
    Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      boolean first = true;
      while ((line = r.readLine()) != null) {
        String[] f = line.split("\t");
        if (first && f.length >= 1 && f[0].equals("query-id")) {
          first = false;
          continue;
        }
        first = false;
        if (f.length < 3) {
          continue;
        }
        int rel = Integer.parseInt(f[2].strip());
        out.computeIfAbsent(f[0].strip(), k -> new LinkedHashMap<>()).put(f[1].strip(), rel);
      }
    }
    out.values().removeIf(m -> m.values().stream().noneMatch(v -> v > 0));
    return out;
  }

  static List<Query> readQueries(Path file) throws IOException {
    List<Query> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (it.hasNext()) {
        JsonNode n = it.next();
        out.add(new Query(n.path("_id").asText(), n.path("text").asText()));
      }
    }
    return out;
  }

  /** Writes each kept document as {@code <safe id>.txt}; returns file name → document id. */
  static Map<String, String> writeCorpus(Path corpus, Path dir, Set<String> keep, int limit)
      throws IOException {
    Map<String, String> fileToDoc = new LinkedHashMap<>();
    List<JsonNode> fillers = new ArrayList<>();
    try (JsonParser p = JSON.getFactory().createParser(corpus.toFile());
        MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(p)) {
      while (it.hasNext()) {
        JsonNode n = it.next();
        String id = n.path("_id").asText();
        if (limit == 0 || keep.contains(id)) {
          write(n, dir, fileToDoc);
        } else if (keep.size() + fillers.size() < limit) {
          fillers.add(n);
        }
      }
    }
    for (JsonNode n : fillers) {
      if (fileToDoc.size() >= limit) {
        break;
      }
      write(n, dir, fileToDoc);
    }
    return fileToDoc;
  }

  private static void write(JsonNode n, Path dir, Map<String, String> fileToDoc)
      throws IOException {
    String id = n.path("_id").asText();
    String title = n.path("title").asText("");
    String text = n.path("text").asText("");
    String doc = (title + " " + text).strip();
    if (doc.isEmpty()) {
      return;
    }
    String name = id.replaceAll("[^A-Za-z0-9._-]", "_") + ".txt";
    if (fileToDoc.containsKey(name)) {
      name = fileToDoc.size() + "-" + name;
    }
    Files.writeString(dir.resolve(name), doc, StandardCharsets.UTF_8);
    fileToDoc.put(name, id);
  }
}
