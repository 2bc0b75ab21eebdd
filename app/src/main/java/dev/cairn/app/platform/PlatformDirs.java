package dev.cairn.app.platform;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The platform's folder for Cairn's log files (the data folder itself is {@code
 * dev.cairn.app.library.CairnHome}).
 *
 * <ul>
 *   <li>Linux: {@code $XDG_STATE_HOME/cairn/logs}, by default {@code ~/.local/state/cairn/logs}
 *   <li>Windows: {@code %LOCALAPPDATA%\Cairn\logs}, by default {@code ~\AppData\Local\Cairn\logs}
 *   <li>macOS: {@code ~/Library/Logs/Cairn}
 * </ul>
 *
 * The system property {@value #LOG_DIR_PROPERTY} overrides all of them; the command line's {@code
 * --home DIR} sets it to {@code DIR/logs} (see {@link #useHome}).
 */
public final class PlatformDirs {
  /** System property naming the log folder explicitly. */
  public static final String LOG_DIR_PROPERTY = "cairn.log.dir";

  /** System property naming the folder the bundled models are extracted into (cairn-chat's). */
  public static final String MODELS_CACHE_PROPERTY = "cairn.models.cache";

  private PlatformDirs() {}

  /** The log folder for this process: {@value #LOG_DIR_PROPERTY}, or the platform's location. */
  public static Path logDir() {
    String explicit = System.getProperty(LOG_DIR_PROPERTY);
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit).toAbsolutePath().normalize();
    }
    return logDir(
        System.getProperty("os.name", ""),
        System.getenv(),
        Path.of(System.getProperty("user.home", ".")));
  }

  /**
   * Makes everything Cairn writes go under {@code home} — logs to {@code home/logs}, the bundled
   * model's extraction cache to {@code home/cache/models} — unless the system properties already
   * name other folders. Called with the command line's {@code --home} before anything is written,
   * so that a user whose account home is not writable can still use Cairn.
   */
  public static void useHome(Path home) {
    Path abs = home.toAbsolutePath().normalize();
    if (isBlank(System.getProperty(LOG_DIR_PROPERTY))) {
      System.setProperty(LOG_DIR_PROPERTY, abs.resolve("logs").toString());
    }
    if (isBlank(System.getProperty(MODELS_CACHE_PROPERTY))) {
      System.setProperty(MODELS_CACHE_PROPERTY, abs.resolve("cache").resolve("models").toString());
    }
  }

  /**
   * The value of {@code --home DIR} or {@code --home=DIR} among command-line arguments, if given
   * (before a {@code --} that ends the options).
   */
  public static java.util.Optional<Path> homeArgument(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--")) {
        break;
      }
      if (a.equals("--home") && i + 1 < args.length && !args[i + 1].isBlank()) {
        return java.util.Optional.of(Path.of(args[i + 1]));
      }
      if (a.startsWith("--home=") && a.length() > "--home=".length()) {
        return java.util.Optional.of(Path.of(a.substring("--home=".length())));
      }
    }
    return java.util.Optional.empty();
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  /**
   * The platform log folder for the given OS name, environment and user home (no property
   * override). An environment variable that is blank or not an absolute path is ignored, as the XDG
   * specification asks.
   */
  public static Path logDir(String osName, Map<String, String> env, Path userHome) {
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.startsWith("windows")) {
      Path base = absoluteEnv(env, "LOCALAPPDATA");
      if (base == null) {
        base = userHome.resolve("AppData").resolve("Local");
      }
      return base.resolve("Cairn").resolve("logs");
    }
    if (os.startsWith("mac") || os.contains("darwin")) {
      return userHome.resolve("Library").resolve("Logs").resolve("Cairn");
    }
    Path base = absoluteEnv(env, "XDG_STATE_HOME");
    if (base == null) {
      base = userHome.resolve(".local").resolve("state");
    }
    return base.resolve("cairn").resolve("logs");
  }

  private static Path absoluteEnv(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    Path p = Path.of(value);
    return p.isAbsolute() ? p : null;
  }
}
