package dev.cairn.app.library;

import java.util.List;

/**
 * The one action that fixes what {@link LibraryService#validate} found, as its problems name it:
 * each problem ends with the command that fixes it ({@code cairn validate --repair} or {@code cairn
 * rebuild}), and the window offers the same action.
 */
public enum Remedy {
  /** Nothing to fix, or nothing Cairn can fix (a damaged {@code collection.json} is the user's). */
  NONE,
  /**
   * {@link LibraryService#repair}: what {@code cairn validate --repair} does. Chosen as soon as one
   * problem names it, because a repair also re-creates a damaged index (what a rebuild fixes).
   */
  REPAIR,
  /** {@link LibraryService#rebuild}: what {@code cairn rebuild} does. */
  REBUILD;

  /** The remedy the problems of one validation name; {@link #NONE} for none. */
  public static Remedy of(List<String> problems) {
    String repair = Failures.repairCommand(null).replace("`", "");
    String rebuild = Failures.rebuildCommand(null).replace("`", "").replace(" COLLECTION", "");
    Remedy found = NONE;
    for (String p : problems) {
      if (p.contains(repair)) {
        return REPAIR;
      }
      if (p.contains(rebuild)) {
        found = REBUILD;
      }
    }
    return found;
  }
}
