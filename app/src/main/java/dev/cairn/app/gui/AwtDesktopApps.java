package dev.cairn.app.gui;

import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/** {@link DesktopApps} through {@code java.awt.Desktop}. Stateless and thread-safe. */
public final class AwtDesktopApps implements DesktopApps {

  @Override
  public boolean canBrowse() {
    return supports(Desktop.Action.BROWSE);
  }

  @Override
  public boolean canOpen() {
    return supports(Desktop.Action.OPEN);
  }

  @Override
  public void browse(URI link) throws IOException {
    if (!canBrowse()) {
      throw new IOException("no browser can be started on this desktop for " + link);
    }
    Desktop.getDesktop().browse(link);
  }

  @Override
  public void open(Path file) throws IOException {
    if (!canOpen()) {
      throw new IOException("no application can be started on this desktop for " + file);
    }
    Desktop.getDesktop().open(file.toFile());
  }

  private static boolean supports(Desktop.Action action) {
    return !GraphicsEnvironment.isHeadless()
        && Desktop.isDesktopSupported()
        && Desktop.getDesktop().isSupported(action);
  }
}
