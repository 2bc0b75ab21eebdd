package dev.cairn.app.bench;

import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.IndexingSummary;
import dev.cairn.app.portable.CollectionExporter;
import dev.cairn.app.portable.CollectionImporter;
import dev.cairn.app.portable.ExportManifest;
import dev.cairn.ingest.DocumentStore;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The export-size benchmark: {@code ./bench export-size [N]}. Indexes the N smallest FinanceBench
 * PDFs (default 4) with the bundled model into a fresh home, exports the collection (format 2),
 * imports it into a second home, and prints the figures docs/benchmarks.md records: the documents'
 * bytes, chunks, each part's size and deflated size, the export file as a share of the documents,
 * what the store part would have been in format 1 (whole store, default deflate), and the export
 * and import wall times.
 */
public final class ExportSizeBenchmark {
  private ExportSizeBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    Path data = Path.of(System.getProperty("cairn.shared.dir", "../shared")).resolve("data");
    Path work = Files.createTempDirectory("cairn-export-bench-");
    Path pdfs = Files.createDirectories(work.resolve("pdfs"));
    long docBytes = 0;
    try (Stream<Path> s = Files.list(data.resolve("qa/financebench/pdfs"))) {
      List<Path> smallest =
          s.filter(p -> p.toString().endsWith(".pdf"))
              .sorted(Comparator.comparingLong(ExportSizeBenchmark::size))
              .limit(n)
              .toList();
      for (Path p : smallest) {
        Files.copy(p, pdfs.resolve(p.getFileName()));
        docBytes += Files.size(p);
      }
    }
    Path home = work.resolve("home");
    long chunks;
    long t0 = System.nanoTime();
    try (DefaultLibraryService lib = DefaultLibraryService.open(home)) {
      IndexingSummary s = lib.index("bench", List.of(pdfs), null).await();
      chunks = s.chunks();
    }
    System.out.printf(
        Locale.ROOT,
        "documents: %d PDFs, %,d bytes; %,d chunks; indexed in %.1f s%n",
        n,
        docBytes,
        chunks,
        (System.nanoTime() - t0) / 1e9);

    Path export = work.resolve("bench.cairn.zip");
    long e0 = System.nanoTime();
    CollectionExporter.Result r = CollectionExporter.export(home, "bench", export, null);
    double exportS = (System.nanoTime() - e0) / 1e9;
    ExportManifest m = r.manifest();
    try (ZipFile zip = new ZipFile(export.toFile())) {
      for (ExportManifest.Part p : m.parts()) {
        ZipEntry e = zip.getEntry(p.path());
        System.out.printf(
            Locale.ROOT,
            "part %-20s %,12d bytes, deflated %,12d = %5.1f %% of the documents%n",
            p.path(),
            p.bytes(),
            e.getCompressedSize(),
            100.0 * e.getCompressedSize() / docBytes);
      }
    }
    Path whole = work.resolve("whole.sqlite");
    try (DocumentStore store =
        DocumentStore.open(home.resolve("collections/bench/documents.sqlite"))) {
      store.copyTo(whole);
    }
    long v1Deflated = deflatedSize(whole, work.resolve("v1-store.zip"));
    System.out.printf(
        Locale.ROOT,
        "format 1 store part (whole store, default deflate): %,d bytes, deflated %,d = %.1f %% of"
            + " the documents%n",
        Files.size(whole),
        v1Deflated,
        100.0 * v1Deflated / docBytes);
    System.out.printf(
        Locale.ROOT,
        "export file (format %d): %,d bytes = %.1f %% of the documents; export %.1f s%n",
        m.formatVersion(),
        r.fileBytes(),
        100.0 * r.fileBytes() / docBytes,
        exportS);

    Path homeB = Files.createDirectories(work.resolve("home-b"));
    long i0 = System.nanoTime();
    CollectionImporter.importCollection(
        new CollectionImporter.Request(
            homeB, export, "bench", Map.of(), false, m.embeddingModelId()),
        null);
    System.out.printf(
        Locale.ROOT,
        "import (checksums, unpack, full-text rebuild, missing check): %.1f s%n",
        (System.nanoTime() - i0) / 1e9);
    System.out.println("work folder (delete when done): " + work);
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long deflatedSize(Path file, Path zipFile) throws Exception {
    try (OutputStream os = Files.newOutputStream(zipFile);
        ZipOutputStream zip = new ZipOutputStream(os)) {
      zip.putNextEntry(new ZipEntry("documents.sqlite"));
      Files.copy(file, zip);
      zip.closeEntry();
    }
    try (ZipFile z = new ZipFile(zipFile.toFile())) {
      return z.getEntry("documents.sqlite").getCompressedSize();
    }
  }
}
