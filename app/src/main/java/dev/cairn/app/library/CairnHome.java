package dev.cairn.app.library;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Where Cairn keeps its collections, models and settings by default. */
public final class CairnHome {
  private CairnHome() {}

  /**
   * The platform data folder: {@code $XDG_DATA_HOME/cairn} (or {@code ~/.local/share/cairn}) on
   * Linux, {@code %APPDATA%\Cairn} on Windows, {@code ~/Library/Application Support/Cairn} on
   * macOS.
   */
  public static Path defaultHome() {
    return defaultHome(System.getProperty("os.name", ""), System.getenv(), userHome());
  }

  /** {@link #defaultHome()} for the given OS name, environment and user home (testable). */
  static Path defaultHome(String osName, Map<String, String> env, Path userHome) {
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.startsWith("windows")) {
      String appData = env.get("APPDATA");
      Path base =
          appData != null && !appData.isBlank()
              ? Path.of(appData)
              : userHome.resolve("AppData").resolve("Roaming");
      return base.resolve("Cairn");
    }
    if (os.startsWith("mac") || os.contains("darwin")) {
      return userHome.resolve("Library").resolve("Application Support").resolve("Cairn");
    }
    String xdg = env.get("XDG_DATA_HOME");
    Path base =
        xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
            ? Path.of(xdg)
            : userHome.resolve(".local").resolve("share");
    return base.resolve("cairn");
  }

  private static Path userHome() {
    return Path.of(System.getProperty("user.home", "."));
  }
}
