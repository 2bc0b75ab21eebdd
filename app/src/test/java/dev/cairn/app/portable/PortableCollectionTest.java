package dev.cairn.app.portable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.app.cli.CairnCli;
import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.FileEntry;
import dev.cairn.app.library.FileState;
import dev.cairn.app.library.IndexingSummary;
import dev.cairn.app.library.ResultItem;
import dev.cairn.app.library.SearchMode;
import dev.cairn.app.library.SearchRequest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export and import of a real collection: Obsidian help notes indexed with the bundled model into a
 * real document store and index, exported, and imported under new names and roots, with truncated,
 * tampered, newer-format and other-model exports refused before anything changes.
 */
class PortableCollectionTest {
  static final Path VAULT =
      Path.of(System.getProperty("cairn.shared.dir", "../shared"))
          .resolve("data/docs/markdown_obsidian_vaults/obsidian-help-en/Linking notes and files");
  static final String QUERY = "link to a heading in another note";

  @TempDir static Path shared;
  static Path home;
  static Path notes;
  static Path export;
  static String modelId;
  static List<String> originalTop;
  static long chunks;

  @TempDir Path tmp;

  @BeforeAll
  static void indexAndExport() throws Exception {
    home = shared.resolve("home");
    notes = copyNotes(shared.resolve("laptop-a/notes"));
    try (DefaultLibraryService lib = DefaultLibraryService.open(home)) {
      IndexingSummary s = lib.index("work", List.of(notes), null).await();
      assertThat(s.indexed()).isPositive();
      chunks = s.chunks();
      originalTop = top(lib, "work");
      assertThat(originalTop).hasSize(5);
      modelId = lib.collections().getFirst().embeddingModel();
    }
    export = shared.resolve("work.cairn.zip");
    CollectionExporter.Result r = CollectionExporter.export(home, "work", export, null);
    assertThat(r.fileBytes()).isEqualTo(Files.size(export));
    assertThat(r.manifest().counts().get("chunks")).isEqualTo((long) chunks);
  }

  private static Path copyNotes(Path dir) throws Exception {
    Files.createDirectories(dir);
    try (Stream<Path> s = Files.list(VAULT)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".md")).toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    return dir;
  }

  private static List<String> top(DefaultLibraryService lib, String collection) throws Exception {
    return lib
        .search(new SearchRequest(collection, QUERY, 5, SearchMode.VECTOR, null))
        .items()
        .stream()
        .map(ResultItem::text)
        .toList();
  }

  private Path freshHome() throws Exception {
    return Files.createDirectories(tmp.resolve("home-b"));
  }

  private static List<String> homeEntries(Path h) throws Exception {
    try (Stream<Path> s = Files.list(h)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void anImportUnderANewRootFindsTheSameResultsWithoutReembedding() throws Exception {
    Path homeB = freshHome();
    Path moved = copyNotes(tmp.resolve("laptop-b/Documents/notes"));
    CollectionImporter.Result r =
        CollectionImporter.importCollection(
            new CollectionImporter.Request(
                homeB, export, "notes", Map.of(notes, moved), false, modelId),
            null);
    assertThat(r.collection()).isEqualTo("notes");
    assertThat(r.missing()).isEmpty();
    assertThat(r.moved()).isEqualTo(r.manifest().counts().get("files").intValue());
    assertThat(homeEntries(homeB)).containsExactly("collections");
    try (DefaultLibraryService lib = DefaultLibraryService.open(homeB)) {
      assertThat(lib.collections().getFirst().folders()).containsExactly(moved);
      assertThat(lib.collections().getFirst().chunks()).isEqualTo(chunks);
      assertThat(top(lib, "notes")).isEqualTo(originalTop);
      assertThat(lib.validate("notes").ok()).isTrue();
      List<FileEntry> files = lib.files("notes", Optional.empty());
      assertThat(files).isNotEmpty().allMatch(f -> f.path().startsWith(moved));
      assertThat(files).allMatch(f -> f.state() == FileState.INDEXED);
    }
  }

  @Test
  void filesNotFoundOnTheNewMachineAreMarkedMissingAndStaySearchable() throws Exception {
    Path homeB = freshHome();
    Path empty = Files.createDirectories(tmp.resolve("elsewhere"));
    CollectionImporter.Result r =
        CollectionImporter.importCollection(
            new CollectionImporter.Request(
                homeB, export, null, Map.of(notes, empty), false, modelId),
            null);
    assertThat(r.collection()).isEqualTo("work");
    assertThat(r.missing()).hasSize(r.manifest().counts().get("files").intValue());
    try (DefaultLibraryService lib = DefaultLibraryService.open(homeB)) {
      assertThat(lib.files("work", Optional.of(FileState.MISSING))).hasSize(r.missing().size());
      assertThat(lib.files("work", Optional.of(FileState.MISSING)).getFirst().reason())
          .startsWith("missing: not found after import");
      assertThat(top(lib, "work")).isEqualTo(originalTop);
    }
  }

  @Test
  void anExistingNameIsRefusedUnlessReplaceIsAsked() throws Exception {
    assertThatThrownBy(
            () ->
                CollectionImporter.importCollection(
                    new CollectionImporter.Request(home, export, null, Map.of(), false, modelId),
                    null))
        .isInstanceOf(PortableException.class)
        .hasMessageContaining("a collection named 'work' exists — replace it (--replace)")
        .extracting(e -> ((PortableException) e).kind())
        .isEqualTo(PortableException.Kind.NAME_TAKEN);

    Path homeB = freshHome();
    CollectionImporter.importCollection(
        new CollectionImporter.Request(homeB, export, "dup", Map.of(), false, modelId), null);
    Files.writeString(homeB.resolve("collections/dup/marker.txt"), "old copy");
    CollectionImporter.importCollection(
        new CollectionImporter.Request(homeB, export, "dup", Map.of(), true, modelId), null);
    assertThat(homeB.resolve("collections/dup/marker.txt")).doesNotExist();
    assertThat(homeB.resolve("collections/dup/documents.sqlite")).isRegularFile();
    assertThat(homeEntries(homeB)).containsExactly("collections");
  }

  private void assertRefused(Path file, PortableException.Kind kind, String message, String model)
      throws Exception {
    Path homeB = freshHome();
    Files.createDirectories(homeB.resolve("collections/keep"));
    Files.writeString(homeB.resolve("collections/keep/collection.json"), "{\"name\":\"keep\"}");
    assertThatThrownBy(
            () ->
                CollectionImporter.importCollection(
                    new CollectionImporter.Request(homeB, file, "keep", Map.of(), true, model),
                    null))
        .isInstanceOf(PortableException.class)
        .hasMessageContaining(message)
        .extracting(e -> ((PortableException) e).kind())
        .isEqualTo(kind);
    // nothing was replaced and nothing was left behind
    assertThat(homeEntries(homeB)).containsExactly("collections");
    assertThat(homeB.resolve("collections/keep/collection.json")).hasContent("{\"name\":\"keep\"}");
  }

  @Test
  void aTruncatedExportIsRefusedAndChangesNothing() throws Exception {
    byte[] all = Files.readAllBytes(export);
    Path cut = Files.write(tmp.resolve("cut.zip"), java.util.Arrays.copyOf(all, all.length / 2));
    assertRefused(
        cut, PortableException.Kind.TRUNCATED, "is truncated or not a Cairn export", modelId);
    Path empty = Files.write(tmp.resolve("empty.zip"), new byte[0]);
    assertRefused(empty, PortableException.Kind.TRUNCATED, "is truncated", modelId);
  }

  /** Rewrites the export with one entry's bytes changed (a valid zip, wrong content). */
  private Path rewrite(String entry, UnaryOperator<byte[]> change) throws Exception {
    Path out = tmp.resolve("changed-" + entry.replace('/', '_') + ".zip");
    try (InputStream in = Files.newInputStream(export);
        ZipInputStream zin = new ZipInputStream(in);
        OutputStream os = Files.newOutputStream(out);
        ZipOutputStream zout = new ZipOutputStream(os)) {
      ZipEntry e;
      while ((e = zin.getNextEntry()) != null) {
        byte[] b = zin.readAllBytes();
        zout.putNextEntry(new ZipEntry(e.getName()));
        zout.write(e.getName().equals(entry) ? change.apply(b) : b);
        zout.closeEntry();
      }
    }
    return out;
  }

  @Test
  void aTamperedPartIsFoundByItsChecksum() throws Exception {
    Path tampered =
        rewrite(
            "documents.sqlite",
            b -> {
              b[b.length - 100] ^= 0x55;
              return b;
            });
    assertRefused(
        tampered,
        PortableException.Kind.TAMPERED,
        "part documents.sqlite does not match its checksum",
        modelId);
    Path index = rewrite("index/index.cairn", b -> java.util.Arrays.copyOf(b, b.length - 1));
    assertRefused(
        index, PortableException.Kind.TAMPERED, "part index/index.cairn does not match", modelId);
  }

  @Test
  void anExportFromANewerCairnIsRefusedWithTheVersions() throws Exception {
    Path newer =
        rewrite(
            "manifest.json",
            b ->
                new String(b, StandardCharsets.UTF_8)
                    .replace("\"formatVersion\" : 2", "\"formatVersion\" : 99")
                    .getBytes(StandardCharsets.UTF_8));
    assertRefused(
        newer,
        PortableException.Kind.NEWER_FORMAT,
        "was written by a newer Cairn (export format 99, this Cairn reads up to 2)",
        modelId);
  }

  @Test
  void anExportBuiltByAnotherModelIsRefusedWithARebuildHint() throws Exception {
    assertRefused(
        export,
        PortableException.Kind.MODEL_MISMATCH,
        "but this Cairn uses other-model-v9 — rebuild instead",
        "other-model-v9");
  }

  @Test
  void aCancelledImportLeavesNothingBehind() throws Exception {
    Path homeB = freshHome();
    PortableListener cancelAtOnce =
        new PortableListener() {
          @Override
          public boolean cancelled() {
            return true;
          }
        };
    assertThatThrownBy(
            () ->
                CollectionImporter.importCollection(
                    new CollectionImporter.Request(homeB, export, null, Map.of(), false, modelId),
                    cancelAtOnce))
        .extracting(e -> ((PortableException) e).kind())
        .isEqualTo(PortableException.Kind.CANCELLED);
    assertThat(homeEntries(homeB)).containsExactly("collections");
    assertThat(homeB.resolve("collections/work")).doesNotExist();
  }

  /**
   * A disk that fills up during the import: a real tmpfs smaller than the unpacked export holds the
   * new home, an existing collection already on it. The import fails with "the disk is full",
   * removes its half-written parts and leaves the existing collection as it was.
   */
  @Test
  void aDiskThatFillsUpDuringImportGetsAClearErrorAndLosesNothing() throws Exception {
    Path mount = Files.createDirectories(tmp.resolve("small-disk"));
    long size = Files.size(export) * 3 / 4; // the parts unpack to more than the deflated file
    Process m =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mount.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(m.getInputStream().readAllBytes());
    org.assertj.core.api.Assumptions.assumeThat(m.waitFor() == 0)
        .as("this machine does not let the test mount a small tmpfs: " + out)
        .isTrue();
    try {
      Path homeB = Files.createDirectories(mount.resolve("home"));
      Path kept = Files.createDirectories(homeB.resolve("collections/kept"));
      Files.writeString(kept.resolve("collection.json"), "{\"name\":\"kept\"}");
      assertThatThrownBy(
              () ->
                  CollectionImporter.importCollection(
                      new CollectionImporter.Request(
                          homeB, export, "work", Map.of(), false, modelId),
                      null))
          .isInstanceOf(PortableException.class)
          .hasMessageContaining("the disk is full")
          .extracting(e -> ((PortableException) e).kind())
          .isEqualTo(PortableException.Kind.IO);
      assertThat(homeEntries(homeB.resolve("collections"))).containsExactly("kept");
      assertThat(Files.readString(kept.resolve("collection.json")))
          .isEqualTo("{\"name\":\"kept\"}");
      try (Stream<Path> s = Files.walk(homeB)) {
        assertThat(s.filter(Files::isRegularFile).count()).isEqualTo(1);
      }
    } finally {
      new ProcessBuilder("umount", mount.toString()).start().waitFor();
    }
  }

  @Test
  void theManifestNamesVersionsModelCountsAndAChecksumPerPart() throws Exception {
    ExportManifest m = CollectionImporter.readManifest(export);
    assertThat(m.format()).isEqualTo(ExportManifest.FORMAT);
    assertThat(m.embeddingModelId()).isEqualTo(modelId);
    assertThat(m.dimensions()).isEqualTo(384);
    assertThat(m.indexFormatVersion()).isEqualTo(1);
    assertThat(m.roots()).containsExactly(notes.toString());
    assertThat(m.parts())
        .extracting(ExportManifest.Part::path)
        .contains("collection.json", "documents.sqlite", "index/index.cairn");
    assertThat(m.parts()).allMatch(p -> p.sha256().matches("[0-9a-f]{64}") && p.bytes() > 0);
    assertThat(m.counts().get("document_bytes")).isPositive();
  }

  @Test
  void anUnknownCollectionCannotBeExported() {
    assertThatThrownBy(() -> CollectionExporter.export(home, "nope", tmp.resolve("x.zip"), null))
        .hasMessageContaining("no collection named 'nope'");
    assertThat(tmp.resolve("x.zip")).doesNotExist();
  }

  @Test
  void theCommandLineExportsAndImportsAndAsksReplaceOrRename() throws Exception {
    Path homeB = freshHome();
    Path file = tmp.resolve("cli.zip");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertThat(CairnCli.run(o, e, "--home", home.toString(), "export", "work", file.toString()))
        .isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("exported 'work' to " + file);
    String[] imp = {
      "--home", homeB.toString(), "import", file.toString(), "--map", notes + "=" + notes
    };
    assertThat(CairnCli.run(o, e, imp)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("as collection 'work'");
    assertThat(CairnCli.run(o, e, imp)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(
            "a collection named 'work' exists — replace it (--replace) or import under another name (--as NAME)");
    assertThat(
            CairnCli.run(
                o, e, "--home", homeB.toString(), "import", file.toString(), "--as", "work2"))
        .isZero();
    assertThat(homeB.resolve("collections/work2/collection.json")).isRegularFile();
  }

  @Test
  void theLibraryScreenExportsTheSelectedCollectionAndImportsItUnderAFreeName() throws Exception {
    Path homeB = freshHome();
    Path file = tmp.resolve("gui.zip");
    var exec = new dev.cairn.app.gui.CurrentThreadTaskExecutor();
    try (DefaultLibraryService lib = DefaultLibraryService.open(home)) {
      var collections = new dev.cairn.app.gui.CollectionsModel(lib, exec);
      var vm = new dev.cairn.app.gui.LibraryViewModel(lib, exec, collections);
      collections.refreshAndSelect("work");
      vm.exportImport().exportSelected(file);
      assertThat(vm.errorProperty().get()).isNull();
      assertThat(vm.exportImport().statusProperty().get()).startsWith("Exported 'work' to " + file);
      assertThat(vm.exportImport().busyProperty().get()).isFalse();
      assertThat(vm.exportImport().progressProperty().get()).isEqualTo(1.0);
    }
    try (DefaultLibraryService lib = DefaultLibraryService.open(homeB)) {
      var collections = new dev.cairn.app.gui.CollectionsModel(lib, exec);
      var vm = new dev.cairn.app.gui.LibraryViewModel(lib, exec, collections);
      ExportManifest[] seen = new ExportManifest[1];
      vm.exportImport().inspectExport(file, m -> seen[0] = m);
      assertThat(seen[0].collection()).isEqualTo("work");
      vm.exportImport().importExport(file, "work", Map.of());
      collections.refresh();
      assertThat(vm.exportImport().collectionExists("work")).isTrue();
      assertThat(vm.exportImport().statusProperty().get()).isEqualTo("Imported as 'work'.");
      vm.exportImport().importExport(file, "work", Map.of());
      assertThat(vm.errorProperty().get()).contains("a collection named 'work' exists");
      assertThat(collections.selected()).isEqualTo("work");
    }
  }
}
