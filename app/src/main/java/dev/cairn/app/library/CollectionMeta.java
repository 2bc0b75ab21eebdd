package dev.cairn.app.library;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The contents of a collection's {@code collection.json}: its folders, the identity of the
 * embedding model its vectors come from, and when it was last indexed. Written atomically.
 *
 * @param formatVersion version of this file's layout
 * @param name the collection's name
 * @param folders absolute paths added to it
 * @param embeddingModelId the embedding model's id; {@code null} before the first indexing
 * @param dimensions the embedding dimensions; 0 before the first indexing
 * @param created ISO instant of creation
 * @param lastUpdated ISO instant of the end of the last indexing run; {@code null} if never
 */
record CollectionMeta(
    int formatVersion,
    String name,
    List<String> folders,
    String embeddingModelId,
    int dimensions,
    String created,
    String lastUpdated) {
  static final int FORMAT_VERSION = 1;
  static final String FILE_NAME = "collection.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  CollectionMeta {
    Objects.requireNonNull(name, "name");
    folders = folders == null ? List.of() : List.copyOf(folders);
  }

  static CollectionMeta fresh(String name) {
    return new CollectionMeta(
        FORMAT_VERSION, name, List.of(), null, 0, Instant.now().toString(), null);
  }

  CollectionMeta withFolders(List<Path> added) {
    LinkedHashSet<String> all = new LinkedHashSet<>(folders);
    added.forEach(p -> all.add(p.toAbsolutePath().normalize().toString()));
    return new CollectionMeta(
        formatVersion,
        name,
        new ArrayList<>(all),
        embeddingModelId,
        dimensions,
        created,
        lastUpdated);
  }

  CollectionMeta withModel(String modelId, int dims) {
    return new CollectionMeta(formatVersion, name, folders, modelId, dims, created, lastUpdated);
  }

  CollectionMeta withLastUpdated(Instant when) {
    return new CollectionMeta(
        formatVersion, name, folders, embeddingModelId, dimensions, created, when.toString());
  }

  List<Path> folderPaths() {
    return folders.stream().map(Path::of).toList();
  }

  Instant lastUpdatedInstant() {
    return lastUpdated == null ? null : Instant.parse(lastUpdated);
  }

  static CollectionMeta read(Path dir) throws LibraryException {
    Path file = dir.resolve(FILE_NAME);
    try {
      CollectionMeta meta = JSON.readValue(file.toFile(), CollectionMeta.class);
      if (meta.formatVersion() > FORMAT_VERSION) {
        throw new LibraryException(
            LibraryException.Kind.CORRUPT,
            file
                + " has format version "
                + meta.formatVersion()
                + " but this Cairn reads up to "
                + FORMAT_VERSION
                + " — update Cairn");
      }
      return meta;
    } catch (IOException e) {
      throw new LibraryException(
          LibraryException.Kind.CORRUPT,
          "collection file " + file + " cannot be read (" + e.getMessage() + ")",
          e);
    }
  }

  void write(Path dir) throws LibraryException {
    Path file = dir.resolve(FILE_NAME);
    try {
      Files.createDirectories(dir);
      AtomicFiles.write(file, JSON.writeValueAsBytes(this));
    } catch (IOException e) {
      throw new LibraryException(
          LibraryException.Kind.IO, "cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
