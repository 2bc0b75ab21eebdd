package dev.cairn.app.gui;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * The user's desktop applications: the browser and the application the system opens a file with.
 * Keeps {@code java.awt.Desktop} out of the view models ({@link AwtDesktopApps} is the real one).
 * Implementations are thread-safe; the calls may block and are made on background threads.
 */
public interface DesktopApps {

  /** Whether {@link #browse} can work here (false on a headless machine). */
  boolean canBrowse();

  /** Whether {@link #open} can work here (false on a headless machine). */
  boolean canOpen();

  /**
   * Opens {@code link} in the user's browser.
   *
   * @throws IOException when the browser cannot be started
   */
  void browse(URI link) throws IOException;

  /**
   * Opens {@code file} in the system's application for it.
   *
   * @throws IOException when no application can be started for it
   */
  void open(Path file) throws IOException;
}
