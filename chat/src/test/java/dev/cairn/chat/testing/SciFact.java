package dev.cairn.chat.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the BEIR SciFact abstracts from the shared evaluation data ({@code
 * ${cairn.shared.dir}/data/beir/scifact/corpus.jsonl}); a document is {@code title + " " + text}.
 */
public final class SciFact {
  private SciFact() {}

  /** The corpus file. */
  public static Path corpus() {
    String shared = System.getProperty("cairn.shared.dir", "../shared");
    return Path.of(shared, "data", "beir", "scifact", "corpus.jsonl");
  }

  /** The first {@code n} documents in file order. */
  public static List<String> firstDocuments(int n) {
    Path file = corpus();
    ObjectMapper om = new ObjectMapper();
    List<String> out = new ArrayList<>(n);
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while (out.size() < n && (line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode d = om.readTree(line);
        out.add(d.path("title").asText() + " " + d.path("text").asText());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read SciFact corpus " + file, e);
    }
    return out;
  }
}
