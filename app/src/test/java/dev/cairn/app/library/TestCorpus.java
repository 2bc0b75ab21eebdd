package dev.cairn.app.library;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A small real corpus copied from the shared evaluation data into a temporary folder: Obsidian help
 * notes (Markdown), a few Enron emails (as {@code .eml}) and one PDF.
 */
public final class TestCorpus {
  private TestCorpus() {}

  /** The shared data folder ({@code cairn.shared.dir}/data). */
  public static Path sharedData() {
    return Path.of(System.getProperty("cairn.shared.dir", "../shared")).resolve("data");
  }

  /**
   * Markdown notes the corpus copies (all of "Linking notes and files" and six getting-started
   * notes).
   */
  static final List<String> NOTES =
      List.of(
          "Getting started/Create a vault.md",
          "Getting started/Create your first note.md",
          "Getting started/Link notes.md",
          "Getting started/Back up your Obsidian files.md",
          "Getting started/Sync your notes across devices.md",
          "Getting started/Update Obsidian.md",
          "Linking notes and files/Aliases.md",
          "Linking notes and files/Embed files.md",
          "Linking notes and files/Internal links.md");

  /** Sender of the copied emails' first message folder. */
  static final int EMAILS = 8;

  /**
   * Copies the corpus into {@code dir}: {@code notes/*.md}, {@code mail/*.eml}, {@code
   * pdf/testPDF.pdf}. Returns {@code dir}.
   */
  public static Path create(Path dir) throws IOException {
    Path data = sharedData().resolve("docs");
    Path notes = Files.createDirectories(dir.resolve("notes"));
    for (String n : NOTES) {
      Path src = data.resolve("markdown_obsidian_vaults/obsidian-help-en").resolve(n);
      Files.copy(src, notes.resolve(src.getFileName().toString()));
    }
    Path mail = Files.createDirectories(dir.resolve("mail"));
    Path inbox = data.resolve("emails_enron_sample/maildir/allen-p/inbox");
    try (Stream<Path> s = Files.list(inbox)) {
      List<Path> msgs =
          s.filter(Files::isRegularFile)
              .sorted((a, b) -> Integer.compare(num(a), num(b)))
              .limit(EMAILS)
              .toList();
      for (Path m : msgs) {
        Files.copy(m, mail.resolve("allen-" + m.getFileName() + ".eml"));
      }
    }
    Path pdf = Files.createDirectories(dir.resolve("pdf"));
    Files.copy(data.resolve("tika_test_documents/pdf/testPDF.pdf"), pdf.resolve("testPDF.pdf"));
    return dir;
  }

  private static int num(Path p) {
    try {
      return Integer.parseInt(p.getFileName().toString().replaceAll("\\D", ""));
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }
}
