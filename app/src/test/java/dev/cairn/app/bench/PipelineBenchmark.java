package dev.cairn.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.eval.BeirEvaluation;
import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.IndexingListener;
import dev.cairn.app.library.IndexingProgress;
import dev.cairn.app.library.IndexingSummary;
import dev.cairn.app.library.ResultItem;
import dev.cairn.app.library.SearchFilter;
import dev.cairn.app.library.SearchMode;
import dev.cairn.app.library.SearchPipeline;
import dev.cairn.app.library.SearchRequest;
import dev.cairn.app.library.SearchResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The pipeline's benchmark: {@code ./bench pipeline [scifact|covid|finance|all] [--docs N]
 * [--queries N] [--limit N] [--hybrid-scoring exact|rerank|bounded] [--embedder E]} (SciFact's
 * hybrid scoring; default the product's).
 *
 * <ul>
 *   <li>scifact: {@code eval beir} on the whole SciFact corpus, every mode from one indexing, the
 *       fusion sweep, and the embedder alone on the same chunks (indexing-speed ratio).
 *   <li>covid: COVID-QA — share of questions whose answer text is inside a top-5 chunk, per mode.
 *   <li>finance: FinanceBench — share of questions with a top-5 result on the evidence page.
 * </ul>
 */
public final class PipelineBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PipelineBenchmark() {}

  public static void main(String[] args) throws Exception {
    String what = args.length > 0 ? args[0] : "all";
    int limit = 0;
    int docs = 0;
    int queries = 0;
    SearchPipeline.HybridScoring scoring = null;
    String embedder = null;
    for (int i = 1; i + 1 < args.length; i++) {
      switch (args[i]) {
        case "--limit" -> limit = Integer.parseInt(args[i + 1]);
        case "--docs" -> docs = Integer.parseInt(args[i + 1]);
        case "--queries" -> queries = Integer.parseInt(args[i + 1]);
        case "--hybrid-scoring" -> scoring = SearchPipeline.HybridScoring.parse(args[i + 1]);
        case "--embedder" -> embedder = args[i + 1];
        default -> {}
      }
    }
    Path data = Path.of(System.getProperty("cairn.shared.dir", "../shared")).resolve("data");
    System.out.println("cores: " + Runtime.getRuntime().availableProcessors());
    if (what.equals("scifact") || what.equals("all")) {
      scifact(data.resolve("beir/scifact"), docs, queries, scoring, embedder);
    }
    if (what.equals("covid") || what.equals("all")) {
      covid(data.resolve("qa/covid_qa"), docs > 0 ? docs : 98, limit > 0 ? limit : 150);
    }
    if (what.equals("finance") || what.equals("all")) {
      finance(data.resolve("qa/financebench"), docs > 0 ? docs : 400, limit > 0 ? limit : 100);
    }
  }

  static IndexingListener stderrProgress() {
    return new IndexingListener() {
      private long last;

      @Override
      public synchronized void progress(IndexingProgress p) {
        long now = System.nanoTime();
        if (now - last > 15_000_000_000L) {
          last = now;
          System.err.printf(
              Locale.ROOT,
              "  [%s] files %d/%d chunks %d embedded %d (%.1f/s)%n",
              p.phase(),
              p.filesDone(),
              p.filesSeen(),
              p.chunks(),
              p.chunksEmbedded(),
              p.ratePerSecond());
        }
      }
    };
  }

  static void scifact(
      Path dir, int docs, int queries, SearchPipeline.HybridScoring scoring, String embedder)
      throws Exception {
    System.out.println(
        "== SciFact (BEIR test split), all modes from one indexing, hybrid scoring "
            + (scoring == null ? SearchPipeline.DEFAULT_SCORING : scoring)
            + (docs > 0 ? ", " + docs + " documents (judged first)" : "")
            + (queries > 0 ? ", first " + queries + " judged queries" : "")
            + (embedder != null ? ", embedder " + embedder : ""));
    Path work = Files.createTempDirectory("cairn-bench-scifact-");
    List<BeirEvaluation.Report> reports =
        BeirEvaluation.runModes(
            new BeirEvaluation.Options(
                dir, "test", SearchMode.HYBRID, docs, queries, work, scoring, embedder),
            List.of(SearchMode.HYBRID, SearchMode.VECTOR, SearchMode.LEXICAL),
            stderrProgress(),
            true);
    for (BeirEvaluation.Report r : reports) {
      System.out.println(JSON.writeValueAsString(r.toJsonMap()));
    }
    BeirEvaluation.Report h = reports.getFirst();
    System.out.println("fusion sweep (hybrid nDCG@10): " + h.fusionVariants());
    System.out.printf(
        Locale.ROOT,
        "indexing: end to end %.1f s, embedder alone on the same chunks %.1f s, ratio %.2f%n",
        h.indexSeconds(),
        h.embedOnlySeconds(),
        h.indexSeconds() / h.embedOnlySeconds());
  }

  static void covid(Path dir, int maxDocs, int limit) throws Exception {
    // The questions of the first maxDocs documents (in question order), at most limit of them.
    List<JsonNode> questions = new ArrayList<>();
    Set<String> documents = new LinkedHashSet<>();
    try (MappingIterator<JsonNode> it =
        JSON.readerFor(JsonNode.class).readValues(dir.resolve("questions.jsonl").toFile())) {
      while (it.hasNext() && questions.size() < limit) {
        JsonNode q = it.next();
        String doc = q.path("document_file").asText();
        if (documents.contains(doc) || documents.size() < maxDocs) {
          documents.add(doc);
          questions.add(q);
        }
      }
    }
    System.out.println(
        "== COVID-QA: answer text inside a top-5 chunk ("
            + questions.size()
            + " questions over "
            + documents.size()
            + " papers, all "
            + documents.size()
            + " indexed)");
    Path home = Files.createTempDirectory("cairn-bench-covid-");
    Path docsDir = Files.createDirectories(home.resolve("papers"));
    for (String d : documents) {
      Files.copy(dir.resolve(d), docsDir.resolve(Path.of(d).getFileName()));
    }
    try (DefaultLibraryService lib = DefaultLibraryService.open(home.resolve("home"))) {
      IndexingSummary s = lib.index("covid", List.of(docsDir), stderrProgress()).await();
      System.out.printf(
          Locale.ROOT,
          "indexed %d files, %d chunks in %.1f s%n",
          s.indexed(),
          s.chunks(),
          s.seconds());
      Map<SearchMode, Integer> hits = new LinkedHashMap<>();
      Map<SearchMode, Long> millis = new LinkedHashMap<>();
      int n = 0;
      for (JsonNode q : questions) {
        String answer = norm(q.path("answers").get(0).path("text").asText());
        n++;
        for (SearchMode m : SearchMode.values()) {
          SearchResponse r =
              lib.search(
                  new SearchRequest("covid", q.path("question").asText(), 5, m, SearchFilter.NONE));
          millis.merge(m, r.elapsed().toMillis(), Long::sum);
          boolean hit = r.items().stream().anyMatch(i -> norm(i.text()).contains(answer));
          hits.merge(m, hit ? 1 : 0, Integer::sum);
        }
      }
      for (SearchMode m : SearchMode.values()) {
        System.out.printf(
            Locale.ROOT,
            "  %-7s answer in top-5: %.3f (%d/%d), mean %.0f ms/query%n",
            m.label(),
            hits.get(m) / (double) n,
            hits.get(m),
            n,
            millis.get(m) / (double) n);
      }
    }
  }

  static void finance(Path dir, int maxPages, int limit) throws Exception {
    // Questions whose evidence PDFs each have at most maxPages pages (see
    // pdfs_textlayer_check.tsv).
    Map<String, Integer> pages = new LinkedHashMap<>();
    for (String line : Files.readAllLines(dir.resolve("pdfs_textlayer_check.tsv"))) {
      String[] f = line.split("\t");
      if (f.length > 1 && f[1].startsWith("pages=")) {
        String name = Path.of(f[0]).getFileName().toString().replaceFirst("\\.pdf$", "");
        pages.put(name, Integer.parseInt(f[1].substring("pages=".length())));
      }
    }
    List<JsonNode> questions = new ArrayList<>();
    try (MappingIterator<JsonNode> it =
        JSON.readerFor(JsonNode.class)
            .readValues(dir.resolve("questions_with_pdf_here.jsonl").toFile())) {
      while (it.hasNext() && questions.size() < limit) {
        JsonNode q = it.next();
        boolean small = true;
        for (JsonNode e : q.path("evidence")) {
          small &= pages.getOrDefault(e.path("doc_name").asText(), Integer.MAX_VALUE) <= maxPages;
        }
        if (small) {
          questions.add(q);
        }
      }
    }
    Set<String> docs = new LinkedHashSet<>();
    for (JsonNode q : questions) {
      q.path("evidence").forEach(e -> docs.add(e.path("doc_name").asText()));
    }
    System.out.println(
        "== FinanceBench: top-5 result on the evidence page ("
            + questions.size()
            + " questions, "
            + docs.size()
            + " PDFs of at most "
            + maxPages
            + " pages)");
    Path home = Files.createTempDirectory("cairn-bench-finance-");
    List<Path> pdfs = docs.stream().map(d -> dir.resolve("pdfs").resolve(d + ".pdf")).toList();
    try (DefaultLibraryService lib = DefaultLibraryService.open(home)) {
      IndexingSummary s = lib.index("finance", pdfs, stderrProgress()).await();
      System.out.printf(
          Locale.ROOT,
          "indexed %d files (%d failed), %d chunks in %.1f s%n",
          s.indexed(),
          s.failed(),
          s.chunks(),
          s.seconds());
      Map<SearchMode, Integer> hits = new LinkedHashMap<>();
      for (JsonNode q : questions) {
        for (SearchMode m : SearchMode.values()) {
          SearchResponse r =
              lib.search(
                  new SearchRequest(
                      "finance", q.path("question").asText(), 5, m, SearchFilter.NONE));
          boolean hit = false;
          for (ResultItem i : r.items()) {
            for (JsonNode e : q.path("evidence")) {
              String doc = e.path("doc_name").asText() + ".pdf";
              int page0 = e.path("evidence_page_num").asInt();
              if (i.path().getFileName().toString().equals(doc) && i.page() - 1 == page0) {
                hit = true;
              }
            }
          }
          hits.merge(m, hit ? 1 : 0, Integer::sum);
        }
      }
      for (SearchMode m : SearchMode.values()) {
        System.out.printf(
            Locale.ROOT,
            "  %-7s evidence page in top-5: %.3f (%d/%d)%n",
            m.label(),
            hits.get(m) / (double) questions.size(),
            hits.get(m),
            questions.size());
      }
    }
  }

  static String norm(String s) {
    return s.replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
  }
}
