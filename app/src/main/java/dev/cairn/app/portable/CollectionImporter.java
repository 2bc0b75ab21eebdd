package dev.cairn.app.portable;

import static dev.cairn.app.portable.PortableFiles.COLLECTIONS_DIR;
import static dev.cairn.app.portable.PortableFiles.META_FILE;
import static dev.cairn.app.portable.PortableFiles.STORE_FILE;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.ingest.DocumentStore;
import dev.cairn.ingest.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports an export file as a collection. Order: read the manifest (newer format or another model
 * stop here), unpack every part into a temporary folder under the home verifying its size and
 * SHA-256, rename the collection and map its old folders to new ones (in {@code collection.json}
 * and the document store), mark files not found under the new roots {@code MISSING}, and only then
 * move the folder into {@code collections/} with one rename (replacing an existing collection only
 * when asked, by moving it aside first and back on failure). A failed, cancelled or disk-full
 * import deletes its temporary folder and leaves every collection as it was.
 *
 * <p>Blocking; run it on a background thread. The caller makes sure the library service does not
 * hold the collection being replaced open.
 */
public final class CollectionImporter {
  private static final Logger LOG = LoggerFactory.getLogger(CollectionImporter.class);

  private CollectionImporter() {}

  /**
   * What to import and how.
   *
   * @param home Cairn's home
   * @param file the export file
   * @param name the collection's new name, or null to keep the exported name
   * @param roots old folder → new folder; folders not named keep their paths
   * @param replace replace a collection of that name (else NAME_TAKEN)
   * @param modelId this Cairn's embedding model id; an export built by another gives MODEL_MISMATCH
   *     (null skips the check, for collections never indexed)
   */
  public record Request(
      Path home, Path file, String name, Map<Path, Path> roots, boolean replace, String modelId) {
    public Request {
      Objects.requireNonNull(home, "home");
      Objects.requireNonNull(file, "file");
      roots = roots == null ? Map.of() : Map.copyOf(roots);
    }
  }

  /**
   * The outcome.
   *
   * @param collection the name it was imported as
   * @param manifest the export's manifest
   * @param moved files whose paths were mapped to new roots
   * @param missing files not found on this machine, marked MISSING
   */
  public record Result(String collection, ExportManifest manifest, int moved, List<Path> missing) {}

  /** Reads and checks the manifest only (format, versions); nothing is written. */
  public static ExportManifest readManifest(Path file) throws PortableException {
    try (ZipFile zip = openZip(file)) {
      return manifest(zip, file);
    } catch (IOException e) {
      throw new PortableException(
          PortableException.Kind.IO, "cannot read " + file + ": " + PortableFiles.ioMessage(e), e);
    }
  }

  public static Result importCollection(Request req, PortableListener listener)
      throws PortableException {
    PortableListener l = listener == null ? PortableListener.NONE : listener;
    Path collections = req.home().resolve(COLLECTIONS_DIR);
    Path work = null;
    try (ZipFile zip = openZip(req.file())) {
      ExportManifest m = manifest(zip, req.file());
      String name = req.name() == null ? m.collection() : req.name();
      if (name == null || !PortableFiles.COLLECTION_NAME.matcher(name).matches()) {
        throw new PortableException(
            PortableException.Kind.INVALID,
            "invalid collection name '"
                + name
                + "': use 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit");
      }
      // A collection with an embedder of its own (gguf:…, ollama:…, a model folder) is checked
      // against that embedder when it opens, naming both identities; only the default is
      // compared with this Cairn's bundled model here.
      Object embedder = m.settings() == null ? null : m.settings().get("embedder");
      boolean defaultEmbedder = embedder == null || "onnx".equals(embedder);
      if (req.modelId() != null
          && defaultEmbedder
          && m.embeddingModelId() != null
          && !m.embeddingModelId().equals(req.modelId())) {
        throw new PortableException(
            PortableException.Kind.MODEL_MISMATCH,
            req.file()
                + " was built by embedding model "
                + m.embeddingModelId()
                + " but this Cairn uses "
                + req.modelId()
                + " — rebuild instead: index the original folders (cairn index FOLDER --collection "
                + name
                + ")");
      }
      Path dest = collections.resolve(name);
      checkFree(dest, name, req.replace());

      Files.createDirectories(collections);
      work = Files.createTempDirectory(req.home(), ".cairn-import-");
      unpack(zip, m, work, l, req.file());

      l.progress("mapping folders", m.partBytes(), m.partBytes());
      rewriteMeta(work.resolve(META_FILE), name, req.roots());
      int moved;
      List<Path> missing;
      try (DocumentStore store = DocumentStore.open(work.resolve(STORE_FILE))) {
        Map<Path, Path> roots = new LinkedHashMap<>();
        req.roots().forEach((k, v) -> roots.put(k, v.toAbsolutePath().normalize()));
        moved = roots.isEmpty() ? 0 : store.relocate(roots);
        missing = store.markMissing();
        if (m.lexicalIndexLeftOut()) {
          l.progress("rebuilding the full-text index", m.partBytes(), m.partBytes());
          store.rebuildLexicalIndex();
        }
      }
      if (l.cancelled()) {
        throw new PortableException(PortableException.Kind.CANCELLED, "cancelled by the user");
      }
      install(work, dest, name, req.replace());
      work = null;
      LOG.info(
          "imported {} as collection '{}' ({} paths mapped, {} missing)",
          req.file(),
          name,
          moved,
          missing.size());
      return new Result(name, m, moved, missing);
    } catch (IOException e) {
      throw new PortableException(
          PortableException.Kind.IO,
          "cannot import " + req.file() + ": " + PortableFiles.ioMessage(e),
          e);
    } catch (StoreException e) {
      throw new PortableException(
          PortableException.Kind.TAMPERED,
          "the document store in " + req.file() + " cannot be opened: " + e.getMessage(),
          e);
    } finally {
      PortableFiles.deleteTree(work);
    }
  }

  private static void checkFree(Path dest, String name, boolean replace) throws PortableException {
    if (Files.exists(dest) && !replace) {
      throw new PortableException(
          PortableException.Kind.NAME_TAKEN,
          "a collection named '"
              + name
              + "' exists — replace it (--replace) or import under another name (--as NAME)");
    }
  }

  private static ZipFile openZip(Path file) throws PortableException {
    if (!Files.isRegularFile(file)) {
      throw new PortableException(PortableException.Kind.NOT_FOUND, "no such file: " + file);
    }
    try {
      return new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new PortableException(
          PortableException.Kind.TRUNCATED,
          file + " is truncated or not a Cairn export (" + e.getMessage() + ") — export it again",
          e);
    } catch (IOException e) {
      throw new PortableException(
          PortableException.Kind.IO, "cannot read " + file + ": " + PortableFiles.ioMessage(e), e);
    }
  }

  private static ExportManifest manifest(ZipFile zip, Path file) throws PortableException {
    ZipEntry e = zip.getEntry(ExportManifest.FILE_NAME);
    if (e == null) {
      throw new PortableException(
          PortableException.Kind.TAMPERED, file + " is not a Cairn export (no manifest.json)");
    }
    ExportManifest m;
    try (InputStream in = zip.getInputStream(e)) {
      m = ExportManifest.fromJson(in.readNBytes(1 << 20));
    } catch (IOException ex) {
      throw new PortableException(
          PortableException.Kind.TAMPERED,
          "the manifest of " + file + " is unreadable: " + ex.getMessage(),
          ex);
    }
    if (!ExportManifest.FORMAT.equals(m.format())) {
      throw new PortableException(
          PortableException.Kind.TAMPERED,
          file + " is not a Cairn collection export (format '" + m.format() + "')");
    }
    newer(file, "export format", m.formatVersion(), ExportManifest.FORMAT_VERSION);
    newer(file, "document store schema", m.documentStoreSchema(), DocumentStore.SCHEMA_VERSION);
    newer(file, "index format", m.indexFormatVersion(), 1);
    return m;
  }

  private static void newer(Path file, String what, int theirs, int ours) throws PortableException {
    if (theirs > ours) {
      throw new PortableException(
          PortableException.Kind.NEWER_FORMAT,
          file
              + " was written by a newer Cairn ("
              + what
              + " "
              + theirs
              + ", this Cairn reads up to "
              + ours
              + ") — update Cairn, or rebuild the collection from its folders");
    }
  }

  /** Unpacks every part, checking names, sizes and SHA-256 against the manifest. */
  private static void unpack(
      ZipFile zip, ExportManifest m, Path work, PortableListener l, Path file)
      throws IOException, PortableException {
    Map<String, ExportManifest.Part> parts = new HashMap<>();
    for (ExportManifest.Part p : m.parts()) {
      if (!PortableFiles.PART_NAME.matcher(p.path()).matches()) {
        throw new PortableException(
            PortableException.Kind.TAMPERED, file + " names a part '" + p.path() + "' not allowed");
      }
      parts.put(p.path(), p);
    }
    for (String required : List.of(META_FILE, STORE_FILE)) {
      if (!parts.containsKey(required)) {
        throw new PortableException(
            PortableException.Kind.TAMPERED, file + " has no " + required + " in its manifest");
      }
    }
    for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
      String n = en.nextElement().getName();
      if (!n.equals(ExportManifest.FILE_NAME) && !parts.containsKey(n)) {
        throw new PortableException(
            PortableException.Kind.TAMPERED, file + " holds '" + n + "', which its manifest lacks");
      }
    }
    PortableFiles.Meter meter = new PortableFiles.Meter(l, m.partBytes());
    for (ExportManifest.Part p : m.parts()) {
      ZipEntry e = zip.getEntry(p.path());
      if (e == null) {
        throw new PortableException(
            PortableException.Kind.TRUNCATED, file + " lacks the part " + p.path());
      }
      Path target = work.resolve(p.path());
      Files.createDirectories(target.getParent());
      MessageDigest md = PortableFiles.sha256();
      long n;
      try (InputStream in = zip.getInputStream(e);
          OutputStream out = Files.newOutputStream(target)) {
        n = PortableFiles.copy(in, out, md, meter, "verifying " + p.path());
      } catch (ZipException ex) {
        throw new PortableException(
            PortableException.Kind.TAMPERED,
            file + ": part " + p.path() + " is damaged (" + ex.getMessage() + ")",
            ex);
      }
      String sha = PortableFiles.hex(md);
      if (n != p.bytes() || !sha.equals(p.sha256())) {
        throw new PortableException(
            PortableException.Kind.TAMPERED,
            file
                + ": part "
                + p.path()
                + " does not match its checksum (SHA-256 "
                + sha
                + ", "
                + n
                + " bytes; manifest says "
                + p.sha256()
                + ", "
                + p.bytes()
                + " bytes) — the file was changed or damaged; export it again");
      }
    }
  }

  /** Sets the new name and maps the folders in the unpacked {@code collection.json}. */
  private static void rewriteMeta(Path meta, String name, Map<Path, Path> roots)
      throws IOException {
    ObjectNode json = (ObjectNode) ExportManifest.JSON.readTree(meta.toFile());
    json.put("name", name);
    if (json.get("folders") instanceof ArrayNode folders) {
      ArrayNode mapped = json.putArray("folders");
      folders.forEach(f -> mapped.add(mapRoot(Path.of(f.asText()), roots).toString()));
    }
    Path tmp = meta.resolveSibling(META_FILE + ".tmp");
    ExportManifest.JSON.writeValue(tmp.toFile(), json);
    Files.move(tmp, meta, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static Path mapRoot(Path p, Map<Path, Path> roots) {
    for (var e : roots.entrySet()) {
      if (p.startsWith(e.getKey())) {
        return e.getValue().toAbsolutePath().normalize().resolve(e.getKey().relativize(p));
      }
    }
    return p;
  }

  /** Moves the verified folder into place; an existing one is moved aside and back on failure. */
  private static void install(Path work, Path dest, String name, boolean replace)
      throws IOException, PortableException {
    checkFree(dest, name, replace);
    Path aside = null;
    if (Files.exists(dest)) {
      aside = dest.resolveSibling("." + name + ".replaced-" + UUID.randomUUID());
      aside = work.getParent().resolve(aside.getFileName());
      Files.move(dest, aside, StandardCopyOption.ATOMIC_MOVE);
    }
    try {
      Files.move(work, dest, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (aside != null) {
        Files.move(aside, dest, StandardCopyOption.ATOMIC_MOVE);
      }
      throw e;
    }
    PortableFiles.deleteTree(aside);
  }
}
