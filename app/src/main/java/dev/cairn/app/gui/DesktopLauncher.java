package dev.cairn.app.gui;

import javafx.application.Application;

/**
 * Starts the JavaFX application and returns when its last window has closed. Kept apart from {@link
 * CairnApp} so that {@code dev.cairn.app.Main} never loads a JavaFX class on the CLI path.
 */
public final class DesktopLauncher {
  private DesktopLauncher() {}

  /**
   * Opens the window and returns when it has closed.
   *
   * @return the process exit status: 0, or 5 when this machine cannot show the window (the reason
   *     is printed on standard error in one line)
   */
  public static int launch(String[] args) {
    var problem = DisplayCheck.problem();
    if (problem.isPresent()) {
      System.err.println(problem.get());
      return EXIT_NO_DISPLAY;
    }
    Application.launch(CairnApp.class, args);
    return 0;
  }

  /** Exit status when the window cannot be shown on this machine (no GTK 3, no display). */
  public static final int EXIT_NO_DISPLAY = 5;
}
