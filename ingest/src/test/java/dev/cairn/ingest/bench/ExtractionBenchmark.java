package dev.cairn.ingest.bench;

import dev.cairn.ingest.CancellationToken;
import dev.cairn.ingest.ChunkRecord;
import dev.cairn.ingest.DocumentStore;
import dev.cairn.ingest.ExtractedText;
import dev.cairn.ingest.FileRecord;
import dev.cairn.ingest.FileState;
import dev.cairn.ingest.FinanceBenchPages;
import dev.cairn.ingest.IngestListener;
import dev.cairn.ingest.IngestOptions;
import dev.cairn.ingest.IngestSummary;
import dev.cairn.ingest.Ingestor;
import dev.cairn.ingest.StoreStats;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Extraction benchmark (no embedding): ingests all of {@code ../shared/data/docs} into a fresh
 * store and prints files/s, MB/s, outcomes, failures by reason and peak heap; then ingests the
 * FinanceBench PDFs and prints the evidence-page accuracy over every available evidence item; then
 * HTML main-text and docling similarity over the whole corpus.
 *
 * <p>Run: {@code BENCH_JVM_OPTS=-Xmx1g ./bench ingest [--workers N]}
 */
public final class ExtractionBenchmark {
  private ExtractionBenchmark() {}

  public static void main(String[] args) throws Exception {
    int workers = 2;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--workers")) {
        workers = Integer.parseInt(args[++i]);
      }
    }
    Path data = Path.of(System.getProperty("cairn.shared.dir", "../shared")).resolve("data");
    Path work = Files.createTempDirectory("cairn-ingest-bench");
    out(
        "ingest extraction benchmark, workers=%d, max heap %d MB, %d cores",
        workers,
        Runtime.getRuntime().maxMemory() >> 20,
        Runtime.getRuntime().availableProcessors());
    IngestOptions options = IngestOptions.builder().workerThreads(workers).build();

    // 1. the whole docs corpus
    Path docs = data.resolve("docs");
    resetPeaks();
    long t0 = System.nanoTime();
    IngestSummary s;
    try (DocumentStore store = DocumentStore.open(work.resolve("docs.sqlite"));
        Ingestor ing = new Ingestor(store, options)) {
      s = ing.ingest(List.of(docs), IngestListener.NONE, new CancellationToken());
      double secs = (System.nanoTime() - t0) / 1e9;
      StoreStats st = store.stats();
      long bytes = 0;
      Map<String, Integer> reasons = new TreeMap<>();
      for (FileRecord f : store.files(Optional.empty())) {
        bytes += f.size();
        if (f.state() != FileState.INDEXED) {
          String r = f.reason();
          if (r.startsWith("corrupt: ")) {
            r = "corrupt: <parser message>";
          }
          reasons.merge(f.state() + " " + r, 1, Integer::sum);
        }
      }
      out(
          "docs corpus: %d files, %.1f MB in %.1f s -> %.1f files/s, %.2f MB/s",
          s.filesSeen(), bytes / 1e6, secs, s.filesSeen() / secs, bytes / 1e6 / secs);
      out(
          "outcomes: indexed %d, skipped %d, failed %d, pending %d; %d documents, %d chunks; db %.1f MB",
          st.indexed(),
          st.skipped(),
          st.failed(),
          st.pending(),
          st.documents(),
          st.chunks(),
          st.databaseBytes() / 1e6);
      reasons.forEach((r, n) -> out("  %4d  %s", n, r));
      out("peak heap (sum of heap pool peaks): %d MB", peakHeapMb());

      // HTML main text vs Mozilla Readability's expected article
      List<Double> rec = new ArrayList<>();
      List<Double> prec = new ArrayList<>();
      try (Stream<Path> pages = Files.list(docs.resolve("html_readability_test_pages"))) {
        for (Path dir : pages.filter(Files::isDirectory).sorted().toList()) {
          Path src = dir.resolve("source.html");
          if (!Files.exists(dir.resolve("expected.html")) || store.file(src).isEmpty()) {
            continue;
          }
          String expected =
              Files.readString(dir.resolve("expected.html")).replaceAll("<[^>]+>", " ");
          double[] o = ExtractedText.overlap(expected, ExtractedText.of(store, src));
          rec.add(o[0]);
          prec.add(o[1]);
        }
      }
      out(
          "html main text (%d pages): word recall %.3f, word precision %.3f",
          rec.size(), ExtractedText.mean(rec), ExtractedText.mean(prec));

      // docling ground truth
      Map<String, List<Double>> f1 = new TreeMap<>();
      Path dl = docs.resolve("docling_test_data");
      for (String fmt : List.of("pdf", "docx", "html", "md", "doc", "epub")) {
        try (Stream<Path> srcs = Files.list(dl.resolve(fmt).resolve("sources"))) {
          for (Path src : srcs.sorted().toList()) {
            String name = src.getFileName().toString();
            Path gt = dl.resolve(fmt).resolve("groundtruth").resolve(name + ".md");
            if (!Files.exists(gt) && name.contains(".")) {
              gt =
                  dl.resolve(fmt)
                      .resolve("groundtruth")
                      .resolve(name.substring(0, name.lastIndexOf('.')) + ".md");
            }
            Optional<FileRecord> r = store.file(src);
            if (!Files.exists(gt) || r.isEmpty()) {
              continue;
            }
            double f =
                r.get().state() == FileState.INDEXED
                    ? ExtractedText.overlap(Files.readString(gt), ExtractedText.of(store, src))[2]
                    : 0.0;
            f1.computeIfAbsent(fmt, k -> new ArrayList<>()).add(f);
          }
        }
      }
      f1.forEach(
          (fmt, xs) ->
              out(
                  "docling %-4s %2d files: mean word F1 %.3f, min %.3f",
                  fmt,
                  xs.size(),
                  ExtractedText.mean(xs),
                  xs.stream().mapToDouble(Double::doubleValue).min().orElse(0)));
    }

    // 2. FinanceBench PDFs and evidence pages
    Path pdfs = data.resolve("qa/financebench/pdfs");
    resetPeaks();
    long t1 = System.nanoTime();
    try (DocumentStore store = DocumentStore.open(work.resolve("financebench.sqlite"));
        Ingestor ing = new Ingestor(store, options)) {
      IngestSummary fs = ing.ingest(List.of(pdfs), IngestListener.NONE, new CancellationToken());
      double secs = (System.nanoTime() - t1) / 1e9;
      int pages = 0;
      long bytes = 0;
      Map<Path, List<ChunkRecord>> byPdf = new HashMap<>();
      for (FileRecord f : store.files(Optional.empty())) {
        bytes += f.size();
        List<ChunkRecord> cs = store.chunksOfFile(f.path());
        byPdf.put(f.path(), cs);
        pages += cs.stream().mapToInt(c -> c.provenance().page()).max().orElse(0);
      }
      out(
          "financebench pdfs: %d files, %d pages, %.1f MB in %.1f s -> %.1f pages/s, %.2f MB/s; indexed %d failed %d",
          fs.filesSeen(),
          pages,
          bytes / 1e6,
          secs,
          pages / secs,
          bytes / 1e6 / secs,
          fs.indexed(),
          fs.failed());
      int right = 0;
      List<FinanceBenchPages.Item> items = FinanceBenchPages.items();
      for (FinanceBenchPages.Item i : items) {
        List<ChunkRecord> cs = byPdf.get(FinanceBenchPages.pdf(i).toAbsolutePath().normalize());
        int page = cs == null ? 0 : FinanceBenchPages.predictedPage(cs, i.evidence());
        if (page == i.page0() + 1) {
          right++;
        }
      }
      out(
          "financebench evidence page accuracy: %d / %d = %.1f %% (items whose PDF is present; 189 in the dataset)",
          right, items.size(), 100.0 * right / items.size());
      out("peak heap during financebench: %d MB", peakHeapMb());
    }
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      p.resetPeakUsage();
    }
  }

  private static long peakHeapMb() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum >> 20;
  }

  @SuppressWarnings("SystemOut")
  private static void out(String fmt, Object... args) {
    System.out.println(String.format(Locale.ROOT, fmt, args));
  }
}
