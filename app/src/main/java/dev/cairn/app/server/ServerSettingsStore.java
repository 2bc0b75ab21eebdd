package dev.cairn.app.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cairn.app.library.AtomicFiles;
import dev.cairn.app.library.LibraryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and atomically writes {@code connected-apps.json} under Cairn's home. Read again on every
 * request by the servers, so a change made in the window (or by {@code cairn apps}) applies to a
 * running {@code cairn mcp} at once. Thread-safe (stateless apart from the path).
 */
public final class ServerSettingsStore {
  /** The file name under Cairn's home. */
  public static final String FILE_NAME = "connected-apps.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path file;

  public ServerSettingsStore(Path home) {
    this.file = home.resolve(FILE_NAME);
  }

  /** The file this store reads and writes. */
  public Path file() {
    return file;
  }

  /** The stored settings, or the defaults (nothing exposed) when the file does not exist. */
  public ServerSettings load() throws LibraryException {
    if (!Files.exists(file)) {
      return ServerSettings.defaults();
    }
    try {
      ServerSettings s = JSON.readValue(file.toFile(), ServerSettings.class);
      if (s == null) {
        throw new IOException("the file is empty");
      }
      return s;
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      throw new LibraryException(
          LibraryException.Kind.CORRUPT,
          "connected-apps settings "
              + file
              + " cannot be read ("
              + e.getMessage()
              + ")"
              + " — fix or delete it (deleting exposes nothing)",
          e);
    }
  }

  /** Replaces the stored settings atomically. */
  public void save(ServerSettings settings) throws LibraryException {
    try {
      AtomicFiles.write(file, JSON.writeValueAsBytes(settings));
    } catch (IOException e) {
      throw new LibraryException(
          LibraryException.Kind.IO, "cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
