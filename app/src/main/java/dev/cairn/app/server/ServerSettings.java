package dev.cairn.app.server;

import java.util.List;
import java.util.Objects;

/**
 * What Cairn shows to other apps (assistants, editors) through {@code cairn mcp} and {@code cairn
 * serve}; persisted in {@code connected-apps.json} under Cairn's home by {@link
 * ServerSettingsStore}. Immutable. Access is read-only always: no tool writes anything.
 *
 * @param exposedCollections the collections other apps may see and search; none by default, and a
 *     collection not listed here is invisible to them (not even its name is shown)
 * @param serverEnabled whether the window runs the local HTTP server ({@code cairn serve} runs it
 *     regardless)
 * @param port the HTTP server's port on 127.0.0.1, 1024 to 65535
 */
public record ServerSettings(List<String> exposedCollections, boolean serverEnabled, int port) {
  /** The port used when none is chosen. */
  public static final int DEFAULT_PORT = 7436;

  public ServerSettings {
    exposedCollections = List.copyOf(Objects.requireNonNull(exposedCollections, "collections"));
    if (port < 1024 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1024 and 65535, got " + port);
    }
  }

  /** Nothing exposed, server off, the default port. */
  public static ServerSettings defaults() {
    return new ServerSettings(List.of(), false, DEFAULT_PORT);
  }

  public ServerSettings withExposedCollections(List<String> value) {
    return new ServerSettings(value, serverEnabled, port);
  }

  public ServerSettings withServerEnabled(boolean value) {
    return new ServerSettings(exposedCollections, value, port);
  }

  public ServerSettings withPort(int value) {
    return new ServerSettings(exposedCollections, serverEnabled, value);
  }
}
