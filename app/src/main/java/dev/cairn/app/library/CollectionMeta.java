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
 * @param embedder the {@link EmbedderChoice} the index's vectors come from, in its text form;
 *     {@code null} (files written before the choice existed) means the default, {@code onnx}
 * @param pendingEmbedder the choice an unfinished re-embed is moving the collection to; {@code
 *     null} when none is under way
 */
record CollectionMeta(
    int formatVersion,
    String name,
    List<String> folders,
    String embeddingModelId,
    int dimensions,
    String created,
    String lastUpdated,
    String embedder,
    String pendingEmbedder) {
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
        FORMAT_VERSION, name, List.of(), null, 0, Instant.now().toString(), null, null, null);
  }

  /** A new collection whose vectors will come from {@code choice}. */
  static CollectionMeta fresh(String name, EmbedderChoice choice) {
    return fresh(name).withEmbedder(choice.spec());
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
        lastUpdated,
        embedder,
        pendingEmbedder);
  }

  CollectionMeta withModel(String modelId, int dims) {
    return new CollectionMeta(
        formatVersion,
        name,
        folders,
        modelId,
        dims,
        created,
        lastUpdated,
        embedder,
        pendingEmbedder);
  }

  CollectionMeta withLastUpdated(Instant when) {
    return new CollectionMeta(
        formatVersion,
        name,
        folders,
        embeddingModelId,
        dimensions,
        created,
        when.toString(),
        embedder,
        pendingEmbedder);
  }

  /** The same collection with its vectors recorded as coming from {@code spec}. */
  CollectionMeta withEmbedder(String spec) {
    return new CollectionMeta(
        formatVersion,
        name,
        folders,
        embeddingModelId,
        dimensions,
        created,
        lastUpdated,
        spec,
        pendingEmbedder);
  }

  /** The same collection with a re-embed to {@code spec} under way ({@code null}: none). */
  CollectionMeta withPendingEmbedder(String spec) {
    return new CollectionMeta(
        formatVersion,
        name,
        folders,
        embeddingModelId,
        dimensions,
        created,
        lastUpdated,
        embedder,
        spec);
  }

  /** The choice the index's vectors come from (the default for files without one). */
  EmbedderChoice embedderChoice(Path modelsDir) throws LibraryException {
    return EmbedderChoice.parse(embedder, modelsDir);
  }

  /** The choice an unfinished re-embed moves to, or {@code null}. */
  EmbedderChoice pendingChoice(Path modelsDir) throws LibraryException {
    return pendingEmbedder == null ? null : EmbedderChoice.parse(pendingEmbedder, modelsDir);
  }

  List<Path> folderPaths() {
    return folders.stream().map(Path::of).toList();
  }

  Instant lastUpdatedInstant() {
    return lastUpdated == null ? null : Instant.parse(lastUpdated);
  }

  static CollectionMeta read(Path dir) throws LibraryException {
    Path file = dir.resolve(FILE_NAME);
    CollectionMeta meta;
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length == 0
          || new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
        throw damaged(file, dir, "the file is empty", null);
      }
      meta = JSON.readValue(bytes, CollectionMeta.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw damaged(file, dir, CollectionJsonErrors.describe(e), e);
    } catch (IOException e) {
      throw new LibraryException(
          LibraryException.Kind.IO,
          "cannot read " + file + ": " + Failures.message(e) + " — check its permissions",
          e);
    }
    if (meta == null) {
      throw damaged(file, dir, "it holds no settings (null)", null);
    }
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
    for (String folder : meta.folders()) {
      if (folder == null || folder.isBlank() || !Path.of(folder).isAbsolute()) {
        throw damaged(file, dir, "the folder \"" + folder + "\" is not an absolute path", null);
      }
    }
    for (String choice : new String[] {meta.embedder(), meta.pendingEmbedder()}) {
      try {
        EmbedderChoice.parse(choice, null);
      } catch (LibraryException e) {
        throw damaged(
            file, dir, "\"" + choice + "\" is not an embedder (" + e.getMessage() + ")", e);
      }
    }
    try {
      meta.lastUpdatedInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw damaged(file, dir, "\"lastUpdated\" is not a date: " + meta.lastUpdated(), e);
    }
    return meta;
  }

  /** The message for a damaged collection.json: which file, what is wrong, how to fix it. */
  private static LibraryException damaged(Path file, Path dir, String what, Exception cause) {
    String name = dir.getFileName().toString();
    return new LibraryException(
        LibraryException.Kind.CORRUPT,
        "the collection file "
            + file
            + " is damaged: "
            + what
            + " — fix it in a text editor, or delete it and run `cairn index FOLDER --collection "
            + name
            + "` for the collection's folders (the documents already stored are kept)",
        cause);
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
