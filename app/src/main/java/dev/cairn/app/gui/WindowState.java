package dev.cairn.app.gui;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Where the window was and how it looked when it last closed: bounds, maximised and the screen that
 * was shown. (The theme is an application setting.)
 *
 * @param x left edge in screen pixels, NaN when the platform should place the window
 * @param y top edge in screen pixels, NaN when the platform should place the window
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WindowState(
    double x, double y, double width, double height, boolean maximized, String screen) {

  public static final double MIN_WIDTH = 900;
  public static final double MIN_HEIGHT = 600;

  /** The state of a first start: 1200×800, placed by the platform, Library screen. */
  public static WindowState defaults() {
    return new WindowState(Double.NaN, Double.NaN, 1200, 800, false, Screen.LIBRARY.name());
  }

  public WindowState {
    if (!(width > 0) || !(height > 0)) {
      throw new IllegalArgumentException(
          "window size must be positive, got " + width + "x" + height);
    }
    if (screen == null || screen.isBlank()) {
      screen = Screen.LIBRARY.name();
    }
  }

  /** The remembered screen, or Library if the name is not one of ours. */
  public Screen screenOrDefault() {
    try {
      return Screen.valueOf(screen);
    } catch (IllegalArgumentException e) {
      return Screen.LIBRARY;
    }
  }
}
