package dev.cairn.ingest.bench;

import dev.cairn.ingest.ChunkFilter;
import dev.cairn.ingest.ChunkRecord;
import dev.cairn.ingest.DocumentStore;
import dev.cairn.ingest.FileRecord;
import dev.cairn.ingest.FileState;
import dev.cairn.ingest.IngestListener;
import dev.cairn.ingest.IngestOptions;
import dev.cairn.ingest.Ingestor;
import dev.cairn.ingest.OcrOptions;
import dev.cairn.ingest.OcrProgress;
import dev.cairn.ingest.OcrSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * OCR benchmark: ingests {@code ../shared/data/docs/pdfs_scanned_ocrmypdf_tests} once with OCR off
 * (which pages have a text layer) and once with Tesseract, and prints the pages OCR had to read,
 * the pages that yielded text, the OCR pass's pages/s, files by outcome, and whether a word known
 * to be on a scanned page ("LinnSequencer", linn.pdf) is found by lexical search.
 *
 * <p>Run: {@code ./bench ocr [--workers N] [--lang eng]}
 */
public final class OcrBenchmark {
  private OcrBenchmark() {}

  public static void main(String[] args) throws Exception {
    int workers = 1;
    List<String> langs = List.of();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--workers" -> workers = Integer.parseInt(args[++i]);
        case "--lang" -> langs = List.of(args[++i].split("\\+"));
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Path corpus =
        Path.of(System.getProperty("cairn.shared.dir", "../shared"))
            .resolve("data/docs/pdfs_scanned_ocrmypdf_tests")
            .toAbsolutePath()
            .normalize();
    OcrSupport tesseract = OcrSupport.probe(null);
    if (!tesseract.available()) {
      System.err.println("Tesseract unavailable: " + tesseract.problem());
      System.exit(1);
    }
    System.out.printf("corpus %s, Tesseract languages %s%n", corpus, tesseract.languages());
    int totalPages = 0;
    try (var s = Files.list(corpus)) {
      for (Path p : s.filter(f -> f.toString().endsWith(".pdf")).toList()) {
        try (PDDocument d = Loader.loadPDF(p.toFile())) {
          totalPages += d.getNumberOfPages();
        } catch (java.io.IOException e) {
          // unreadable PDFs (invalid.pdf) count no pages
        }
      }
    }
    Path tmp = Files.createTempDirectory("cairn-ocr-bench");
    int textLayerPages;
    try (DocumentStore off = DocumentStore.open(tmp.resolve("off.sqlite"))) {
      run(off, corpus, OcrOptions.OFF, workers, IngestListener.NONE);
      textLayerPages = pagesWithText(off);
    }
    long[] ocrPass = new long[2];
    IngestListener timer =
        new IngestListener() {
          @Override
          public void ocrProgress(OcrProgress p) {
            if (p.done() == 0 && p.current() == null) {
              ocrPass[0] = System.nanoTime();
            }
            ocrPass[1] = System.nanoTime();
          }
        };
    try (DocumentStore on = DocumentStore.open(tmp.resolve("on.sqlite"))) {
      run(on, corpus, OcrOptions.DEFAULT.withLanguages(langs), workers, timer);
      int withText = pagesWithText(on);
      int ocrPages = totalPages - textLayerPages;
      double secs = (ocrPass[1] - ocrPass[0]) / 1e9;
      Map<FileState, Integer> states = new TreeMap<>();
      for (FileRecord r : on.files(Optional.empty())) {
        states.merge(r.state(), 1, Integer::sum);
      }
      System.out.printf(Locale.ROOT, "PDF pages                 %d%n", totalPages);
      System.out.printf(Locale.ROOT, "pages with a text layer   %d%n", textLayerPages);
      System.out.printf(Locale.ROOT, "pages read by OCR         %d%n", ocrPages);
      System.out.printf(
          Locale.ROOT, "OCR pages yielding text   %d%n", Math.max(0, withText - textLayerPages));
      System.out.printf(
          Locale.ROOT,
          "OCR pass                  %.1f s, %.2f pages/s (%d workers)%n",
          secs,
          secs > 0 ? ocrPages / secs : 0.0,
          workers);
      System.out.printf(Locale.ROOT, "files by state            %s%n", states);
      boolean found = !on.lexicalSearch("LinnSequencer", 3, ChunkFilter.NONE).isEmpty();
      System.out.printf(Locale.ROOT, "'LinnSequencer' found     %s%n", found);
    }
  }

  private static void run(
      DocumentStore store, Path corpus, OcrOptions ocr, int workers, IngestListener l) {
    IngestOptions o = IngestOptions.builder().ocr(ocr).workerThreads(workers).build();
    try (Ingestor ing = new Ingestor(store, o)) {
      ing.ingest(List.of(corpus), l, null);
    }
  }

  /** Distinct (file, page) pairs that have a chunk, for PDFs. */
  private static int pagesWithText(DocumentStore store) {
    Set<String> pages = new HashSet<>();
    for (FileRecord r : store.files(Optional.of(FileState.INDEXED))) {
      if (!r.path().toString().endsWith(".pdf")) {
        continue;
      }
      for (ChunkRecord c : store.chunksOfFile(r.path())) {
        if (c.provenance().page() > 0) {
          pages.add(r.path() + "#" + c.provenance().page());
        }
      }
    }
    return pages.size();
  }
}
