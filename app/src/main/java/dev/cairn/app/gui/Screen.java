package dev.cairn.app.gui;

/** The screens of the main window, in side-bar order. */
public enum Screen {
  LIBRARY("Library", "Ctrl+1"),
  SEARCH("Search", "Ctrl+K"),
  CHAT("Chat", "Ctrl+3"),
  HEALTH("Index health", "Ctrl+4"),
  SETTINGS("Settings", "Ctrl+5");

  private final String title;
  private final String shortcut;

  Screen(String title, String shortcut) {
    this.title = title;
    this.shortcut = shortcut;
  }

  public String title() {
    return title;
  }

  /** The keyboard shortcut shown next to the title. */
  public String shortcut() {
    return shortcut;
  }
}
