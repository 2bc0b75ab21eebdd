package dev.cairn.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * FinanceBench page check: for each evidence item, the chunk of the evidence PDF that shares the
 * most words with the evidence text is "the chunk containing it"; its 1-based page must equal the
 * dataset's 0-based {@code evidence_page_num} + 1.
 */
public final class FinanceBenchPages {
  /** One evidence item; {@code page0} is FinanceBench's 0-based page index. */
  public record Item(String doc, int page0, String evidence) {}

  private FinanceBenchPages() {}

  public static Path dir() {
    return TestData.shared().resolve("qa/financebench");
  }

  public static Path pdf(Item i) {
    return dir().resolve("pdfs").resolve(i.doc() + ".pdf");
  }

  /** All evidence items of all 150 questions whose PDF is present. */
  public static List<Item> items() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Item> out = new ArrayList<>();
    for (String line : Files.readAllLines(dir().resolve("financebench_open_source.jsonl"))) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode q = json.readTree(line);
      for (JsonNode e : q.get("evidence")) {
        Item i =
            new Item(
                e.get("doc_name").asText(),
                e.get("evidence_page_num").asInt(),
                e.get("evidence_text").asText());
        if (Files.exists(pdf(i))) {
          out.add(i);
        }
      }
    }
    return out;
  }

  /** The 1-based page of the chunk sharing most words with the evidence, 0 when no chunk. */
  public static int predictedPage(List<ChunkRecord> chunks, String evidence) {
    Map<String, Integer> ev = ExtractedText.bag(evidence);
    int best = 0;
    long bestScore = -1;
    for (ChunkRecord c : chunks) {
      Map<String, Integer> bag = ExtractedText.bag(c.text());
      long score = 0;
      for (Map.Entry<String, Integer> e : ev.entrySet()) {
        score += Math.min(e.getValue(), bag.getOrDefault(e.getKey(), 0));
      }
      if (score > bestScore) {
        bestScore = score;
        best = c.provenance().page();
      }
    }
    return best;
  }
}
