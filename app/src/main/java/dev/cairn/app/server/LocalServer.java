package dev.cairn.app.server;

import dev.cairn.app.library.LibraryService;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The window's switchable {@code cairn serve}: the same {@link HttpServer} over the window's own
 * {@link LibraryService}, sharing what {@code connected-apps.json} exposes. Owns the server it
 * started; {@link #close} stops it. Thread-safe (synchronized); start and stop block, so call them
 * off the UI thread.
 */
public final class LocalServer implements AutoCloseable {
  private final LibraryService library;
  private HttpServer server;

  public LocalServer(LibraryService library) {
    this.library = Objects.requireNonNull(library, "library");
  }

  /**
   * Starts the server on {@code 127.0.0.1:port}, first stopping one already running.
   *
   * @return the port it listens on
   * @throws IOException when the port is taken or the token cannot be written
   */
  public synchronized int start(int port) throws IOException {
    stop();
    Path home = library.home();
    CairnTools tools =
        new CairnTools(
            library,
            new Scope(new ServerSettingsStore(home), Optional.empty()),
            new RequestLog(home));
    server = HttpServer.start(tools, AccessToken.loadOrCreate(home), port);
    return server.port();
  }

  /** Stops the server if it runs. Idempotent. */
  public synchronized void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** The port it listens on, when running. */
  public synchronized Optional<Integer> port() {
    return server == null ? Optional.empty() : Optional.of(server.port());
  }

  /** The file holding the bearer token. */
  public Path tokenFile() {
    return AccessToken.file(library.home());
  }

  @Override
  public void close() {
    stop();
  }
}
