package dev.cairn.app.gui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link WindowState} in a small JSON file ({@code <home>/window.json}). Writes are atomic
 * (temp file + rename). A missing or unreadable file gives the defaults: losing the window size is
 * no reason to refuse to start, but it is logged.
 */
public final class WindowStateStore {
  private static final Logger LOG = LoggerFactory.getLogger(WindowStateStore.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path file;

  public WindowStateStore(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** The saved state, or {@link WindowState#defaults()} when none was saved or it is unreadable. */
  public WindowState load() {
    if (!Files.isRegularFile(file)) {
      return WindowState.defaults();
    }
    try {
      return JSON.readValue(file.toFile(), WindowState.class);
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("ignoring unreadable window state {}: {}", file, e.getMessage());
      return WindowState.defaults();
    }
  }

  /** Saves {@code state} atomically. */
  public void save(WindowState state) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, JSON.writeValueAsString(state));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write window state " + state, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save window state to " + file, e);
    }
  }
}
