package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileScannerTest {
  @Test
  void hiddenSystemAndCairnFoldersAreSkippedAndSymlinkLoopsAreNotFollowed(@TempDir Path tmp)
      throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.writeString(root.resolve("keep.txt"), "keep");
    Files.createDirectories(root.resolve(".git"));
    Files.writeString(root.resolve(".git/config"), "x");
    Files.createDirectories(root.resolve("node_modules/pkg"));
    Files.writeString(root.resolve("node_modules/pkg/index.js"), "x");
    Path collection = Files.createDirectories(root.resolve("cairn-home/collections/mail"));
    Files.writeString(collection.resolve("collection.json"), "{}");
    Files.writeString(collection.resolve("documents.sqlite"), "");
    Files.createDirectories(root.resolve("a/b"));
    Files.writeString(root.resolve("a/b/deep.md"), "# deep");
    Files.createSymbolicLink(root.resolve("a/b/loop"), root.resolve("a"));
    Files.createSymbolicLink(root.resolve("link.txt"), root.resolve("keep.txt"));

    FileScanner.Result r =
        FileScanner.scan(
            List.of(root), IngestOptions.defaults(), tmp.resolve("db/documents.sqlite"));
    assertThat(r.files())
        .extracting(f -> root.relativize(f.path()).toString())
        .containsExactlyInAnyOrder("keep.txt", "a/b/deep.md");
    assertThat(r.problems()).isEmpty();
  }

  @Test
  void includeAndExcludePatternsApplyRelativeToTheRoot(@TempDir Path tmp) throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.createDirectories(root.resolve("mail/archive"));
    Files.writeString(root.resolve("mail/a.eml"), "x");
    Files.writeString(root.resolve("mail/archive/old.eml"), "x");
    Files.writeString(root.resolve("notes.md"), "x");
    IngestOptions opts =
        IngestOptions.builder().include("**.eml").exclude("mail/archive/**").build();
    FileScanner.Result r = FileScanner.scan(List.of(root), opts, null);
    assertThat(r.files())
        .extracting(f -> root.relativize(f.path()).toString())
        .containsExactly("mail/a.eml");
  }

  @Test
  void theStoresOwnFilesAreNeverScanned(@TempDir Path tmp) throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.writeString(root.resolve("documents.sqlite"), "x");
    Files.writeString(root.resolve("documents.sqlite-wal"), "x");
    Files.writeString(root.resolve("note.txt"), "x");
    FileScanner.Result r =
        FileScanner.scan(List.of(root), IngestOptions.defaults(), root.resolve("documents.sqlite"));
    assertThat(r.files())
        .extracting(f -> f.path().getFileName().toString())
        .containsExactly("note.txt");
  }
}
