package dev.cairn.app.gui.archviolation;

import java.awt.Desktop;
import java.io.IOException;
import java.net.URI;

/** A deliberately bad view model for LayerRulesTest: it opens the browser through AWT itself. */
public final class DesktopInViewModel {
  private DesktopInViewModel() {}

  static void open(URI link) throws IOException {
    Desktop.getDesktop().browse(link);
  }
}
