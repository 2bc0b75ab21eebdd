package dev.cairn.app.gui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.cairn.app.library.Settings;
import java.util.Objects;
import javafx.application.Application;
import javafx.application.ColorScheme;
import javafx.application.Platform;

/** Applies AtlantaFX's Primer light or dark theme to the whole application. UI thread only. */
final class Themes {
  private Themes() {}

  /** Cairn's few extra style rules on top of the theme. */
  static final String CAIRN_CSS =
      Objects.requireNonNull(Themes.class.getResource("cairn.css"), "cairn.css missing")
          .toExternalForm();

  /** Applies {@code theme}; SYSTEM follows the platform's colour scheme. Returns whether dark. */
  static boolean apply(Settings.Theme theme) {
    boolean dark =
        switch (theme) {
          case DARK -> true;
          case LIGHT -> false;
          case SYSTEM -> systemIsDark();
        };
    Application.setUserAgentStylesheet(
        dark
            ? new PrimerDark().getUserAgentStylesheet()
            : new PrimerLight().getUserAgentStylesheet());
    return dark;
  }

  private static boolean systemIsDark() {
    try {
      return Platform.getPreferences().getColorScheme() == ColorScheme.DARK;
    } catch (UnsupportedOperationException | IllegalStateException e) {
      return false;
    }
  }
}
