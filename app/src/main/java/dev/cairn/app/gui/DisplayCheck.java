package dev.cairn.app.gui;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks, before JavaFX starts, that this machine can show Cairn's window, so that a missing
 * desktop library or display gives one line saying what to do instead of a JavaFX stack trace. Only
 * Linux has such a check: JavaFX's GTK glass needs {@code libgtk-3.so.0} and an X11 or Wayland
 * display; Windows and macOS ship what JavaFX needs.
 */
final class DisplayCheck {
  static final String GTK_LIBRARY = "libgtk-3.so.0";

  private DisplayCheck() {}

  /** What is missing to open the window, in one line for the user; empty when nothing is. */
  static Optional<String> problem() {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return Optional.empty();
    }
    String glass = System.getProperty("glass.platform", "");
    if (glass.equalsIgnoreCase("Monocle") || glass.equalsIgnoreCase("Headless")) {
      return Optional.empty();
    }
    return problem(
        libraryLoads(GTK_LIBRARY), System.getenv("DISPLAY"), System.getenv("WAYLAND_DISPLAY"));
  }

  static Optional<String> problem(boolean gtkLoads, String display, String waylandDisplay) {
    if (!gtkLoads) {
      return Optional.of(
          "Cairn's window needs GTK 3, which is not installed: install it with"
              + " `sudo apt install libgtk-3-0` (Debian, Ubuntu) or `sudo dnf install gtk3`"
              + " (Fedora), then start Cairn again. The command line works without it: cairn --help");
    }
    if (blank(display) && blank(waylandDisplay)) {
      return Optional.of(
          "Cairn's window needs a graphical desktop, and this session has none (DISPLAY and"
              + " WAYLAND_DISPLAY are not set): start Cairn from your desktop, or use the command"
              + " line: cairn --help");
    }
    return Optional.empty();
  }

  static boolean libraryLoads(String name) {
    try (Arena arena = Arena.ofConfined()) {
      SymbolLookup.libraryLookup(name, arena);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
