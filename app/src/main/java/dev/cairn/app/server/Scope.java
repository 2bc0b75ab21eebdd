package dev.cairn.app.server;

import dev.cairn.app.library.LibraryException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which collections other apps may see: the ones named on the command line ({@code --collections
 * a,b}) for this run, else those exposed in {@code connected-apps.json}, read again at every call
 * so that a change in the window applies at once. Thread-safe.
 */
public final class Scope {
  private final ServerSettingsStore store;
  private final Optional<List<String>> override;

  /**
   * @param store the persisted choice
   * @param override the collections given for this run; empty to use the persisted choice
   */
  public Scope(ServerSettingsStore store, Optional<List<String>> override) {
    this.store = store;
    this.override = override.map(List::copyOf);
  }

  /** The exposed collection names, in the user's order (may name collections that do not exist). */
  public Set<String> exposed() throws ToolException {
    if (override.isPresent()) {
      return new LinkedHashSet<>(override.get());
    }
    try {
      return new LinkedHashSet<>(store.load().exposedCollections());
    } catch (LibraryException e) {
      throw new ToolException(ToolException.Code.FAILED, e.getMessage(), e);
    }
  }

  /** Whether the names come from the command line rather than the settings. */
  public boolean fromCommandLine() {
    return override.isPresent();
  }
}
