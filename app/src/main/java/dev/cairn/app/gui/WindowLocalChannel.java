package dev.cairn.app.gui;

import dev.cairn.app.library.LibraryService;
import dev.cairn.app.local.LocalChannelServer;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The window's local channel: while the window runs, {@code cairn search} for its home is answered
 * by the window's own service (no model load in the command line). A channel that cannot start is
 * logged, never shown as an error: the command line then searches in its own process.
 */
final class WindowLocalChannel {
  private static final Logger LOG = LoggerFactory.getLogger(WindowLocalChannel.class);

  private WindowLocalChannel() {}

  /** Starts the channel over {@code service}; null when it is not listening. */
  static AutoCloseable start(LibraryService service) {
    try {
      return LocalChannelServer.start(service, "window").orElse(null);
    } catch (IOException | RuntimeException e) {
      LOG.warn("`cairn search` will not be answered by the window: {}", e.getMessage());
      return null;
    }
  }

  /** Closes what {@link #start} returned (null is fine). */
  static void close(AutoCloseable channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (Exception e) {
      LOG.warn("closing the window's local channel failed: {}", e.getMessage());
    }
  }
}
