package dev.cairn.app.portable;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.IndexingSummary;
import dev.cairn.app.library.ResultItem;
import dev.cairn.app.library.SearchMode;
import dev.cairn.app.library.SearchRequest;
import dev.cairn.ingest.DocumentStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export format 2 on a real collection (Obsidian help notes, bundled model): the store travels
 * without its full-text and segment indexes and they are rebuilt on import, the manifest keeps its
 * golden layout, and an export in format 1 (whole store, no {@code lexicalIndexIncluded}) still
 * imports.
 */
class PortableFormatTest {
  static final Path VAULT =
      Path.of(System.getProperty("cairn.shared.dir", "../shared"))
          .resolve("data/docs/markdown_obsidian_vaults/obsidian-help-en/Linking notes and files");
  static final String WORDS = "heading";

  @TempDir static Path shared;
  static Path home;
  static Path notes;
  static Path export;
  static String modelId;
  static List<String> lexicalTop;

  @TempDir Path tmp;

  @BeforeAll
  static void indexAndExport() throws Exception {
    home = shared.resolve("home");
    notes = Files.createDirectories(shared.resolve("notes"));
    try (Stream<Path> s = Files.list(VAULT)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".md")).toList()) {
        Files.copy(f, notes.resolve(f.getFileName()));
      }
    }
    try (DefaultLibraryService lib = DefaultLibraryService.open(home)) {
      IndexingSummary s = lib.index("work", List.of(notes), null).await();
      assertThat(s.indexed()).isPositive();
      modelId = lib.collections().getFirst().embeddingModel();
      lexicalTop = lexical(lib, "work");
      assertThat(lexicalTop).isNotEmpty();
    }
    export = shared.resolve("work.cairn.zip");
    CollectionExporter.export(home, "work", export, null);
  }

  private static List<String> lexical(DefaultLibraryService lib, String collection)
      throws Exception {
    return lib
        .search(new SearchRequest(collection, WORDS, 5, SearchMode.LEXICAL, null))
        .items()
        .stream()
        .map(ResultItem::text)
        .toList();
  }

  @Test
  void aFormat2ExportLeavesTheFullTextIndexOutAndTheImportRebuildsIt() throws Exception {
    ExportManifest m = CollectionImporter.readManifest(export);
    assertThat(m.formatVersion()).isEqualTo(2);
    assertThat(m.lexicalIndexIncluded()).isFalse();
    long exportedStore = partBytes(m, "documents.sqlite");
    Path whole = tmp.resolve("whole.sqlite");
    try (DocumentStore store =
        DocumentStore.open(home.resolve("collections/work/documents.sqlite"))) {
      store.copyTo(whole);
    }
    assertThat(exportedStore)
        .as("the store part without its full-text index is smaller than the whole store")
        .isLessThan(Files.size(whole));

    Path homeB = Files.createDirectories(tmp.resolve("home-b"));
    CollectionImporter.importCollection(
        new CollectionImporter.Request(homeB, export, "moved", Map.of(), false, modelId), null);
    try (DefaultLibraryService lib = DefaultLibraryService.open(homeB)) {
      assertThat(lexical(lib, "moved")).isEqualTo(lexicalTop);
      assertThat(lib.validate("moved").ok()).isTrue();
    }
  }

  @Test
  void anExportInFormat1StillImports() throws Exception {
    Path v1 = asFormat1(tmp.resolve("work-v1.cairn.zip"));
    ExportManifest m = CollectionImporter.readManifest(v1);
    assertThat(m.formatVersion()).isEqualTo(1);
    assertThat(m.lexicalIndexIncluded()).as("format 1 carried the whole store").isTrue();
    Path homeB = Files.createDirectories(tmp.resolve("home-b"));
    CollectionImporter.importCollection(
        new CollectionImporter.Request(homeB, v1, "old", Map.of(), false, modelId), null);
    try (DefaultLibraryService lib = DefaultLibraryService.open(homeB)) {
      assertThat(lexical(lib, "old")).isEqualTo(lexicalTop);
      assertThat(lib.validate("old").ok()).isTrue();
    }
  }

  @Test
  void theManifestKeepsItsGoldenLayout() throws Exception {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("files", 9L);
    counts.put("documents", 9L);
    counts.put("chunks", 41L);
    counts.put("document_bytes", 52311L);
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("name", "work");
    settings.put("folders", List.of("/home/ann/notes"));
    ExportManifest written =
        new ExportManifest(
            ExportManifest.FORMAT,
            ExportManifest.FORMAT_VERSION,
            CollectionExporter.CAIRN_VERSION,
            "2026-12-03T08:00:00Z",
            "work",
            "all-minilm-l6-v2",
            384,
            5,
            1,
            List.of("/home/ann/notes"),
            counts,
            settings,
            true,
            false,
            List.of(
                new ExportManifest.Part("collection.json", 312, "0".repeat(63) + "1"),
                new ExportManifest.Part("documents.sqlite", 81920, "0".repeat(63) + "2")));
    JsonNode golden = ExportManifest.JSON.readTree(golden("export-manifest-v2.json"));
    JsonNode actual = ExportManifest.JSON.readTree(written.toJson());
    assertThat(actual).isEqualTo(golden);
    List<String> goldenFields = new ArrayList<>();
    golden.fieldNames().forEachRemaining(goldenFields::add);
    List<String> actualFields = new ArrayList<>();
    actual.fieldNames().forEachRemaining(actualFields::add);
    assertThat(actualFields).as("field order").isEqualTo(goldenFields);
    assertThat(ExportManifest.fromJson(golden("export-manifest-v2.json"))).isEqualTo(written);
  }

  @Test
  void aFormat1ManifestReadsAsAWholeStore() throws Exception {
    ExportManifest v1 = ExportManifest.fromJson(golden("export-manifest-v1.json"));
    assertThat(v1.formatVersion()).isEqualTo(1);
    assertThat(v1.lexicalIndexIncluded()).isTrue();
    assertThat(v1.lexicalIndexLeftOut()).isFalse();
    assertThat(v1.counts()).containsEntry("chunks", 41L);
  }

  private static byte[] golden(String name) throws Exception {
    try (InputStream in = PortableFormatTest.class.getResourceAsStream(name)) {
      assertThat(in).as("golden file " + name).isNotNull();
      return in.readAllBytes();
    }
  }

  private static long partBytes(ExportManifest m, String path) {
    return m.parts().stream()
        .filter(p -> p.path().equals(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no part " + path + " in " + m.parts()))
        .bytes();
  }

  /**
   * The export as format 1 wrote it: the whole store (full-text and segment indexes included) and a
   * manifest of version 1 without {@code lexicalIndexIncluded}, checksums matching.
   */
  private Path asFormat1(Path out) throws Exception {
    Path whole = tmp.resolve("whole-v1.sqlite");
    try (DocumentStore store =
        DocumentStore.open(home.resolve("collections/work/documents.sqlite"))) {
      store.copyTo(whole);
    }
    Files.deleteIfExists(whole.resolveSibling("whole-v1.sqlite-wal"));
    byte[] store = Files.readAllBytes(whole);
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(export);
        ZipInputStream zin = new ZipInputStream(in)) {
      ZipEntry e;
      while ((e = zin.getNextEntry()) != null) {
        entries.put(e.getName(), zin.readAllBytes());
      }
    }
    entries.put("documents.sqlite", store);
    ObjectNode manifest = (ObjectNode) ExportManifest.JSON.readTree(entries.get("manifest.json"));
    manifest.put("formatVersion", 1);
    manifest.remove("lexicalIndexIncluded");
    for (JsonNode p : manifest.get("parts")) {
      if (p.get("path").asText().equals("documents.sqlite")) {
        ((ObjectNode) p).put("bytes", store.length);
        ((ObjectNode) p)
            .put(
                "sha256",
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(store)));
      }
    }
    entries.put("manifest.json", ExportManifest.JSON.writeValueAsBytes(manifest));
    try (OutputStream os = Files.newOutputStream(out);
        ZipOutputStream zout = new ZipOutputStream(os)) {
      for (var e : entries.entrySet()) {
        zout.putNextEntry(new ZipEntry(e.getKey()));
        zout.write(e.getValue());
        zout.closeEntry();
      }
    }
    return out;
  }
}
