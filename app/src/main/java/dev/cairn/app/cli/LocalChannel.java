package dev.cairn.app.cli;

import dev.cairn.app.library.LibraryService;
import dev.cairn.app.local.LocalChannelServer;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;

/**
 * {@code cairn serve}'s local channel: answers {@code cairn search} over {@code
 * <home>/run/cairn.sock} while it runs. A channel that cannot start is a warning, never a failure
 * of the server. Owns the {@link LocalChannelServer} it started.
 */
final class LocalChannel implements AutoCloseable {
  private final Optional<LocalChannelServer> server;
  private final String note;

  private LocalChannel(Optional<LocalChannelServer> server, String note) {
    this.server = server;
    this.note = note;
  }

  static LocalChannel start(LibraryService library, String servedBy, PrintStream err) {
    try {
      Optional<LocalChannelServer> s = LocalChannelServer.start(library, servedBy);
      return new LocalChannel(
          s,
          s.isPresent()
              ? "answering `cairn search` at " + s.get().socketFile()
              : "another Cairn already answers `cairn search` for this home");
    } catch (IOException e) {
      err.println(
          "cairn serve: warning: `cairn search` will not be answered here: " + e.getMessage());
      return new LocalChannel(Optional.empty(), null);
    }
  }

  /** One line saying where `cairn search` is answered; empty when the channel failed to start. */
  Optional<String> describe() {
    return Optional.ofNullable(note);
  }

  @Override
  public void close() {
    server.ifPresent(LocalChannelServer::close);
  }
}
