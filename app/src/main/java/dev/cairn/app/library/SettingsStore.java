package dev.cairn.app.library;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and atomically writes {@code settings.json} under Cairn's home. */
final class SettingsStore {
  static final String FILE_NAME = "settings.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path file;

  SettingsStore(Path home) {
    this.file = home.resolve(FILE_NAME);
  }

  /** The stored settings, or the defaults when the file does not exist. */
  Settings load() throws LibraryException {
    if (!Files.exists(file)) {
      return Settings.defaults();
    }
    try {
      // Fields missing in an older file are completed from the defaults.
      ObjectNode merged = JSON.valueToTree(Settings.defaults());
      JsonNode stored = JSON.readTree(file.toFile());
      if (stored == null || !stored.isObject()) {
        throw new IOException("not a JSON object");
      }
      stored.properties().forEach(e -> merged.set(e.getKey(), e.getValue()));
      return JSON.treeToValue(merged, Settings.class);
    } catch (IOException | IllegalArgumentException | NullPointerException e) {
      throw new LibraryException(
          LibraryException.Kind.CORRUPT,
          "settings file " + file + " cannot be read (" + e.getMessage() + ") — fix or delete it",
          e);
    }
  }

  void save(Settings settings) throws LibraryException {
    try {
      AtomicFiles.write(file, JSON.writeValueAsBytes(settings));
    } catch (IOException e) {
      throw new LibraryException(
          LibraryException.Kind.IO, "cannot write settings to " + file + ": " + e.getMessage(), e);
    }
  }
}
