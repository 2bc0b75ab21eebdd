package dev.cairn.app;

import dev.cairn.app.cli.CairnCli;
import dev.cairn.app.gui.DesktopLauncher;
import dev.cairn.app.platform.BackgroundPriority;
import dev.cairn.app.platform.Logging;
import dev.cairn.app.platform.PlatformDirs;

/**
 * Cairn's single entry point. With no arguments it opens the desktop window; with arguments it runs
 * the command-line interface and exits with its status.
 *
 * <p>Both paths end in an explicit {@link System#exit}: de.kherud:llama leaves a non-daemon native
 * thread alive after its model is closed, so the JVM would otherwise never exit by itself.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // --home holds everything Cairn writes: set the log and model-cache folders before any write.
    PlatformDirs.homeArgument(args).ifPresent(PlatformDirs::useHome);
    Logging.configure();
    if (args.length == 0) {
      System.exit(DesktopLauncher.launch(args));
    }
    // The command line indexes at normal priority; only the window lowers its background work.
    BackgroundPriority.keepNormalPriority();
    System.exit(CairnCli.run(args));
  }
}
