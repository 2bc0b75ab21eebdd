package dev.cairn.app.gui;

import javafx.application.Application;

/**
 * Starts the JavaFX application and returns when its last window has closed. Kept apart from {@link
 * CairnApp} so that {@code dev.cairn.app.Main} never loads a JavaFX class on the CLI path.
 */
public final class DesktopLauncher {
  private DesktopLauncher() {}

  public static void launch(String[] args) {
    Application.launch(CairnApp.class, args);
  }
}
