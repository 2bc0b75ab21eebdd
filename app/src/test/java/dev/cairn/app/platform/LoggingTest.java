package dev.cairn.app.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LoggingTest {
  @TempDir Path dir;

  @AfterEach
  void removeFileHandlers() {
    Logger root = LogManager.getLogManager().getLogger("");
    for (Handler h : root.getHandlers()) {
      if (h instanceof FileHandler) {
        root.removeHandler(h);
        h.close();
      }
    }
  }

  @Test
  void slf4jRecordsLandInTheLogFileOfTheGivenFolder() throws Exception {
    Path logs = dir.resolve("nested").resolve("logs");

    Path file = Logging.install(logs);
    LoggerFactory.getLogger("dev.cairn.test").warn("indexing failed for {}", "notes.md");
    for (Handler h : LogManager.getLogManager().getLogger("").getHandlers()) {
      h.flush();
    }

    assertThat(file).isEqualTo(logs.resolve("cairn-0.log"));
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(text).contains("Cairn logging to " + file);
    assertThat(text).contains("WARNING [dev.cairn.test] indexing failed for notes.md");
  }

  @Test
  void aFolderThatCannotBeCreatedIsReportedAsAnIoError() throws Exception {
    Path blocker = Files.writeString(dir.resolve("not-a-folder"), "x");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Logging.install(blocker.resolve("logs")))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("not-a-folder");
  }

  @Test
  void theConsoleShowsCairnsOwnWarningsButNotLibraryWarnings() throws Exception {
    Logging.install(dir.resolve("logs"));
    Handler console =
        java.util.Arrays.stream(LogManager.getLogManager().getLogger("").getHandlers())
            .filter(h -> !(h instanceof FileHandler))
            .findFirst()
            .orElseThrow();

    var cairn = new java.util.logging.LogRecord(java.util.logging.Level.WARNING, "x");
    cairn.setLoggerName("dev.cairn.app.library.IndexingRun");
    var poi = new java.util.logging.LogRecord(java.util.logging.Level.WARNING, "y");
    poi.setLoggerName("org.apache.poi.hssf.usermodel.HSSFWorkbook");

    assertThat(console.isLoggable(cairn)).isTrue();
    assertThat(console.isLoggable(poi)).isFalse();
  }
}
