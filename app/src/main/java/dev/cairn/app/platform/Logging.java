package dev.cairn.app.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Sends Cairn's logs (SLF4J, bound to java.util.logging by slf4j-jdk14) to rotating files in {@link
 * PlatformDirs#logDir()}: {@code cairn-0.log} (the newest), {@code cairn-1.log}, {@code
 * cairn-2.log}, each up to 5 MB; a second process running at the same time writes {@code
 * cairn-0.log.1} and so on (java.util.logging's own rule). The console keeps only warnings and
 * errors of Cairn's own loggers, so the command line's output stays clean: libraries' warnings
 * (POI, PDFBox, Tika) go to the log file only.
 */
public final class Logging {
  static final int FILE_LIMIT_BYTES = 5 * 1024 * 1024;
  static final int FILE_COUNT = 3;
  private static final String FORMAT = "%1$tF %1$tT.%1$tL %4$s [%3$s] %5$s%6$s%n";

  private Logging() {}

  /**
   * Installs the file handler on the root logger, once per process (later calls return the same
   * file). Does nothing when the user configured java.util.logging with {@code
   * -Djava.util.logging.config.file}. When the log folder cannot be created or written, prints one
   * line saying so on stderr and keeps logging to the console only: the app must still start.
   *
   * @return the active log file, or empty when logs go to the console only
   */
  public static synchronized Optional<Path> configure() {
    if (configured != null) {
      return configured;
    }
    if (System.getProperty("java.util.logging.config.file") != null) {
      configured = Optional.empty();
      return configured;
    }
    Path dir = PlatformDirs.logDir();
    try {
      configured = Optional.of(install(dir));
    } catch (IOException | RuntimeException e) {
      System.err.println(
          "cairn: cannot write logs to " + dir + " (" + e + "); logging to the console only");
      configured = Optional.empty();
    }
    return configured;
  }

  private static Optional<Path> configured;

  /** Whether a log record comes from Cairn's own code (shown on the console when a warning). */
  static boolean isCairnRecord(java.util.logging.LogRecord record) {
    String name = record.getLoggerName();
    return name != null && name.startsWith("dev.cairn.");
  }

  /** Installs a rotating file handler writing into {@code dir}; returns the newest file's path. */
  static Path install(Path dir) throws IOException {
    Files.createDirectories(dir);
    System.setProperty("java.util.logging.SimpleFormatter.format", FORMAT);
    Logger root = LogManager.getLogManager().getLogger("");
    FileHandler file =
        new FileHandler(dir.resolve("cairn-%g.log").toString(), FILE_LIMIT_BYTES, FILE_COUNT, true);
    file.setEncoding("UTF-8");
    file.setFormatter(new SimpleFormatter());
    file.setLevel(Level.ALL);
    for (Handler h : root.getHandlers()) {
      h.setLevel(Level.WARNING);
      h.setFilter(Logging::isCairnRecord);
    }
    root.addHandler(file);
    if (root.getLevel() == null || root.getLevel().intValue() > Level.INFO.intValue()) {
      root.setLevel(Level.INFO);
    }
    Logger.getLogger(Logging.class.getName())
        .info(
            () ->
                "Cairn logging to "
                    + dir.resolve("cairn-0.log")
                    + " (Java "
                    + Runtime.version()
                    + ", "
                    + System.getProperty("os.name")
                    + ")");
    return dir.resolve("cairn-0.log");
  }
}
