package dev.cairn.app.library;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A named collection as listed by {@link LibraryService#collections()}.
 *
 * @param name the collection's name (letters, digits, '-', '_', '.')
 * @param folders the folders and files added to it, in the order they were added
 * @param embeddingModel id of the embedding model its vectors come from; {@code null} before the
 *     first indexing
 * @param files number of files known to it (any state)
 * @param chunks number of searchable chunks
 * @param lastUpdated end of the last indexing run; {@code null} if never indexed
 * @param watching whether its folders are watched for changes
 */
public record CollectionInfo(
    String name,
    List<Path> folders,
    String embeddingModel,
    long files,
    long chunks,
    Instant lastUpdated,
    boolean watching) {
  public CollectionInfo {
    Objects.requireNonNull(name, "name");
    folders = List.copyOf(folders);
  }
}
