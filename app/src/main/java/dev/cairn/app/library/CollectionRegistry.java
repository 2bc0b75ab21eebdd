package dev.cairn.app.library;

import dev.cairn.ingest.StoreException;
import dev.cairn.ingest.StoreStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The collections under {@code <home>/collections}: names, creation, and the open {@link
 * CollectionHandle}s (one per collection per process, opened on first use). Thread-safe; owns the
 * open handles and closes them in {@link #close()}.
 */
final class CollectionRegistry implements AutoCloseable {
  static final String COLLECTIONS_DIR = "collections";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final Path home;
  private final Map<String, CollectionHandle> open = new ConcurrentHashMap<>();

  CollectionRegistry(Path home) throws LibraryException {
    this.home = home;
    try {
      Files.createDirectories(home.resolve(COLLECTIONS_DIR));
    } catch (IOException e) {
      throw Failures.io("cannot create Cairn's home folder " + home, e);
    }
  }

  Path collectionDir(String name) {
    return home.resolve(COLLECTIONS_DIR).resolve(name);
  }

  static void checkName(String name) throws LibraryException {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new LibraryException(
          LibraryException.Kind.INVALID_REQUEST,
          "invalid collection name '"
              + name
              + "': use 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
  }

  /** The collections on disk, by name, described with {@code watching}. */
  List<CollectionInfo> list(Predicate<String> watching) throws LibraryException {
    List<CollectionInfo> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(home.resolve(COLLECTIONS_DIR))) {
      for (Path d : dirs.sorted().toList()) {
        if (Files.isRegularFile(d.resolve(CollectionMeta.FILE_NAME))) {
          out.add(info(handle(d.getFileName().toString()), watching));
        }
      }
    } catch (IOException e) {
      throw Failures.io("cannot list collections in " + home, e);
    }
    return out;
  }

  CollectionInfo create(String name, EmbedderChoice embedder, Predicate<String> watching)
      throws LibraryException {
    checkName(name);
    synchronized (open) {
      Path dir = collectionDir(name);
      if (Files.exists(dir.resolve(CollectionMeta.FILE_NAME))) {
        throw new LibraryException(
            LibraryException.Kind.ALREADY_EXISTS, "collection '" + name + "' already exists");
      }
      CollectionMeta.fresh(name, embedder).write(dir);
      return info(handle(name), watching);
    }
  }

  /**
   * Creates the collection, or returns it as it is when it exists already with the same embedder
   * (so {@code cairn index --embedder X} can be run again); with another embedder it is refused,
   * naming both and the command that changes it. Moved out of {@link DefaultLibraryService}.
   */
  CollectionInfo createOrReuse(
      String name, EmbedderChoice choice, Path modelsDir, Predicate<String> watching)
      throws LibraryException {
    try {
      return create(name, choice, watching);
    } catch (LibraryException e) {
      if (e.kind() != LibraryException.Kind.ALREADY_EXISTS) {
        throw e;
      }
      CollectionHandle h = handle(name);
      EmbedderChoice current = h.meta().embedderChoice(modelsDir);
      if (current.equals(choice)) {
        return info(h, watching);
      }
      throw new LibraryException(
          LibraryException.Kind.ALREADY_EXISTS,
          "collection '"
              + name
              + "' already embeds with "
              + current.spec()
              + ", not "
              + choice.spec()
              + " — to change it run `cairn reembed "
              + name
              + " --embedder "
              + choice.spec()
              + "`");
    }
  }

  /** The open collection, opening it on first use. */
  CollectionHandle handle(String name) throws LibraryException {
    checkName(name);
    synchronized (open) {
      CollectionHandle h = open.get(name);
      if (h != null) {
        return h;
      }
      Path dir = collectionDir(name);
      if (!Files.isRegularFile(dir.resolve(CollectionMeta.FILE_NAME))) {
        throw new LibraryException(
            LibraryException.Kind.NOT_FOUND,
            "no collection named '"
                + name
                + "' in "
                + home
                + " — index some files into it first (cairn index PATH --collection "
                + name
                + ")");
      }
      h = CollectionHandle.open(name, dir);
      open.put(name, h);
      return h;
    }
  }

  /** The collection, creating an empty one first when it does not exist. */
  CollectionHandle handleOrCreate(String name) throws LibraryException {
    checkName(name);
    synchronized (open) {
      if (!Files.isRegularFile(collectionDir(name).resolve(CollectionMeta.FILE_NAME))) {
        CollectionMeta.fresh(name).write(collectionDir(name));
      }
      return handle(name);
    }
  }

  CollectionInfo info(CollectionHandle h, Predicate<String> watching) throws LibraryException {
    StoreStats s = storeStats(h);
    CollectionMeta m = h.meta();
    return new CollectionInfo(
        h.name,
        m.folderPaths(),
        m.embeddingModelId(),
        s.files(),
        s.chunks(),
        m.lastUpdatedInstant(),
        watching.test(h.name));
  }

  static StoreStats storeStats(CollectionHandle h) throws LibraryException {
    try {
      return h.store.stats();
    } catch (StoreException e) {
      throw Failures.io("cannot read the document store of collection '" + h.name + "'", e);
    }
  }

  @Override
  public void close() {
    synchronized (open) {
      open.values().forEach(CollectionHandle::close);
      open.clear();
    }
  }
}
