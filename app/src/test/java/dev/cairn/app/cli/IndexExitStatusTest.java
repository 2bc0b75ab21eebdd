package dev.cairn.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.library.TestCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn index} on a folder where some files cannot be read (a truncated Word file and a PDF
 * without its root object, from {@code ../shared/data/docs}) beside readable notes: the readable
 * files are indexed and searchable, each failed file is named with its reason, and the command
 * exits with the documented status {@value CairnCli#EXIT_FILES_FAILED} (README, "Exit status") —
 * also when the same folder is indexed again and the broken files are unchanged (not read again,
 * but named again); once they are gone, the status is 0.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class IndexExitStatusTest {
  static final List<String> BROKEN =
      List.of(
          "tika_test_documents/bad_inputs/testWORD_truncated.docx",
          "pdfs_scanned_ocrmypdf_tests/invalid.pdf");

  @Test
  void aRunWithFailedFilesNamesThemAndExitsWithTheFilesFailedStatus(@TempDir Path tmp)
      throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("folder"));
    Path vault =
        TestCorpus.sharedData()
            .resolve("docs/markdown_obsidian_vaults/obsidian-help-en/Getting started");
    try (Stream<Path> s = Files.list(vault)) {
      for (Path n : s.filter(p -> p.toString().endsWith(".md")).sorted().limit(3).toList()) {
        Files.copy(n, folder.resolve(n.getFileName().toString()));
      }
    }
    for (String b : BROKEN) {
      Path from = TestCorpus.sharedData().resolve("docs").resolve(b);
      Files.copy(from, folder.resolve(from.getFileName().toString()));
    }
    Path home = tmp.resolve("home");

    Cli.Result first = Cli.run("--home", home.toString(), "index", folder.toString());

    assertThat(first.code()).as(first.err()).isEqualTo(CairnCli.EXIT_FILES_FAILED).isEqualTo(3);
    assertThat(first.out()).containsPattern("indexed 3 files, unchanged 0, skipped 0, failed 2;");
    assertThat(first.err())
        .contains("failed: " + folder.resolve("testWORD_truncated.docx") + ": corrupt: ")
        .contains("failed: " + folder.resolve("invalid.pdf") + ": corrupt: ")
        .contains("cairn: 2 files could not be indexed")
        .contains("exit status 3")
        .doesNotContain("Exception");
    Cli.Result search =
        Cli.run("--home", home.toString(), "search", "-k", "3", "--mode", "lexical", "Obsidian");
    assertThat(search.code()).as(search.err()).isZero();
    assertThat(search.out()).contains(".md");

    Cli.Result again = Cli.run("--home", home.toString(), "index", folder.toString());

    assertThat(again.code())
        .as("the broken files are still not indexed: %s%s", again.out(), again.err())
        .isEqualTo(CairnCli.EXIT_FILES_FAILED);
    assertThat(again.out()).contains("unchanged 5,");
    assertThat(again.err())
        .contains(
            "failed (unchanged since an earlier run): "
                + folder.resolve("invalid.pdf")
                + ": corrupt: ")
        .contains(
            "failed (unchanged since an earlier run): "
                + folder.resolve("testWORD_truncated.docx")
                + ": corrupt: ")
        .contains("cairn: 2 files could not be indexed");

    // the broken files removed: nothing under the folder is failed any more
    Files.delete(folder.resolve("invalid.pdf"));
    Files.delete(folder.resolve("testWORD_truncated.docx"));
    Cli.Result fixed = Cli.run("--home", home.toString(), "index", folder.toString());

    assertThat(fixed.code()).as(fixed.out() + fixed.err()).isZero();
    assertThat(fixed.err()).doesNotContain("failed:", "could not be indexed");
  }
}
