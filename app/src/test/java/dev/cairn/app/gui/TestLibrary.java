package dev.cairn.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** Real documents from the shared evaluation data, copied into a test's temporary folder. */
final class TestLibrary {
  private TestLibrary() {}

  /** {@code ${cairn.shared.dir}/data/docs}. */
  static Path docs() {
    Path docs =
        Path.of(System.getProperty("cairn.shared.dir", "../shared"))
            .resolve("data")
            .resolve("docs");
    if (!Files.isDirectory(docs)) {
      throw new IllegalStateException(
          "shared test data not found at " + docs.toAbsolutePath() + " (set -Dcairn.shared.dir)");
    }
    return docs;
  }

  /** Obsidian Sync help notes used as the notes of the fixture folder. */
  static final List<String> NOTES =
      List.of(
          "Security and privacy.md",
          "Upgrade Sync encryption.md",
          "Version history.md",
          "Sync regions.md",
          "Headless Sync.md");

  /**
   * A small mixed folder of nine files: five Markdown notes, a two-page paper as PDF, an email, an
   * empty text file and a password-protected PDF (the last two are not indexed, each with its
   * reason).
   */
  static Path mixedFolder(Path into) {
    try {
      Files.createDirectories(into);
      Path sync = docs().resolve("markdown_obsidian_vaults/obsidian-help-en/Obsidian Sync");
      for (String note : NOTES) {
        Files.copy(sync.resolve(note), into.resolve(note));
      }
      Path unstructured = docs().resolve("unstructured_example_docs");
      Files.copy(
          unstructured.resolve("pdf/layout-parser-paper-fast.pdf"),
          into.resolve("layout-parser-paper-fast.pdf"));
      Files.copy(unstructured.resolve("fake-email.eml"), into.resolve("fake-email.eml"));
      Files.copy(unstructured.resolve("empty.txt"), into.resolve("empty.txt"));
      Files.copy(unstructured.resolve("pdf/password.pdf"), into.resolve("password.pdf"));
      return into;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A folder of {@code count} more Obsidian help notes (for indexing while measuring stalls). */
  static Path moreNotes(Path into, int count) {
    try {
      Files.createDirectories(into);
      Path plugins = docs().resolve("markdown_obsidian_vaults/obsidian-help-en/Plugins");
      try (var files = Files.list(plugins)) {
        for (Path p :
            files.filter(p -> p.toString().endsWith(".md")).sorted().limit(count).toList()) {
          Files.copy(p, into.resolve(p.getFileName().toString()));
        }
      }
      return into;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Opens the chat screen of {@code app} and waits until its model list is loaded (it loads the
   * first time the screen is shown); returns the screen's view model.
   */
  static ChatViewModel openChat(FxRobot robot, CairnApp app) throws InterruptedException {
    robot.clickOn("#nav-chat");
    ChatViewModel vm = app.view().chatViewModel();
    assertThat(waitFor(Duration.ofSeconds(30), () -> vm.picker().modelsLoadedProperty().get()))
        .as("the chat screen's model list loads")
        .isTrue();
    WaitForAsyncUtils.waitForFxEvents();
    return vm;
  }

  /** Lets a freshly shown window finish its first CSS and layout passes. */
  static void settle() throws InterruptedException {
    org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
    Thread.sleep(300);
    org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
  }

  /** Polls {@code condition} every 20 ms until it holds or {@code timeout} passes. */
  static boolean waitFor(Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(20);
    }
    return condition.getAsBoolean();
  }
}
