package dev.cairn.app.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformDirsTest {
  private static final Path HOME = Path.of("/home/ada");

  @Test
  void linuxLogsGoUnderTheXdgStateFolder() {
    assertThat(PlatformDirs.logDir("Linux", Map.of(), HOME))
        .isEqualTo(Path.of("/home/ada/.local/state/cairn/logs"));
    assertThat(PlatformDirs.logDir("Linux", Map.of("XDG_STATE_HOME", "/var/state/ada"), HOME))
        .isEqualTo(Path.of("/var/state/ada/cairn/logs"));
  }

  @Test
  void aRelativeOrBlankXdgStateHomeIsIgnored() {
    assertThat(PlatformDirs.logDir("Linux", Map.of("XDG_STATE_HOME", "state"), HOME))
        .isEqualTo(Path.of("/home/ada/.local/state/cairn/logs"));
    assertThat(PlatformDirs.logDir("Linux", Map.of("XDG_STATE_HOME", " "), HOME))
        .isEqualTo(Path.of("/home/ada/.local/state/cairn/logs"));
  }

  @Test
  void macLogsGoUnderLibraryLogs() {
    assertThat(PlatformDirs.logDir("Mac OS X", Map.of(), HOME))
        .isEqualTo(Path.of("/home/ada/Library/Logs/Cairn"));
  }

  @Test
  void windowsLogsGoUnderLocalAppData() {
    Path localAppData = HOME.resolve("AppData").resolve("Local").toAbsolutePath();
    assertThat(
            PlatformDirs.logDir(
                "Windows 11", Map.of("LOCALAPPDATA", "/data/ada/local", "APPDATA", "/x"), HOME))
        .isEqualTo(Path.of("/data/ada/local/Cairn/logs"));
    assertThat(PlatformDirs.logDir("Windows 11", Map.of(), HOME))
        .isEqualTo(localAppData.resolve("Cairn").resolve("logs"));
  }

  @Test
  void theLogDirPropertyOverridesThePlatformFolder() {
    String before = System.getProperty(PlatformDirs.LOG_DIR_PROPERTY);
    try {
      System.setProperty(PlatformDirs.LOG_DIR_PROPERTY, "/tmp/cairn-logs-test/../cairn-logs");
      assertThat(PlatformDirs.logDir()).isEqualTo(Path.of("/tmp/cairn-logs"));
    } finally {
      if (before == null) {
        System.clearProperty(PlatformDirs.LOG_DIR_PROPERTY);
      } else {
        System.setProperty(PlatformDirs.LOG_DIR_PROPERTY, before);
      }
    }
  }
}
