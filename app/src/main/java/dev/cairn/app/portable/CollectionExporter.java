package dev.cairn.app.portable;

import static dev.cairn.app.portable.PortableFiles.CACHE_FILE;
import static dev.cairn.app.portable.PortableFiles.COLLECTIONS_DIR;
import static dev.cairn.app.portable.PortableFiles.INDEX_DIR;
import static dev.cairn.app.portable.PortableFiles.INDEX_FILE;
import static dev.cairn.app.portable.PortableFiles.META_FILE;
import static dev.cairn.app.portable.PortableFiles.STORE_FILE;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.cairn.ingest.DocumentStore;
import dev.cairn.ingest.FileRecord;
import dev.cairn.ingest.StoreException;
import dev.cairn.ingest.StoreStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one collection into one export file: a zip of {@code collection.json}, a consistent copy
 * of {@code documents.sqlite} ({@link DocumentStore#copyTo}, SQLite's {@code VACUUM INTO}) without
 * its full-text and segment indexes (export format 2: rebuilt on import) and deflated hardest, the
 * index folder ({@code index.cairn}, and the hot cache {@code cache.sqlite} unless it is open with
 * unwritten changes) and, last, {@code manifest.json}. The zip is written to {@code FILE.part} and
 * renamed when complete, so a failed or cancelled export leaves no half file under the asked name.
 *
 * <p>Blocking; run it on a background thread. Not for concurrent use on the same target.
 */
public final class CollectionExporter {
  private static final Logger LOG = LoggerFactory.getLogger(CollectionExporter.class);

  /** Written into every manifest. */
  public static final String CAIRN_VERSION = "0.1.0";

  private CollectionExporter() {}

  /**
   * The outcome of an export.
   *
   * @param file the export file
   * @param fileBytes its size
   * @param manifest what it holds
   */
  public record Result(Path file, long fileBytes, ExportManifest manifest) {}

  /**
   * Exports collection {@code name} from {@code home} into {@code target} (replacing a file there
   * only once the new one is complete).
   *
   * @throws PortableException NOT_FOUND, INVALID, IO or CANCELLED; nothing is left behind
   */
  public static Result export(Path home, String name, Path target, PortableListener listener)
      throws PortableException {
    PortableListener l = listener == null ? PortableListener.NONE : listener;
    Path dir = home.resolve(COLLECTIONS_DIR).resolve(name);
    if (!PortableFiles.COLLECTION_NAME.matcher(name).matches()
        || !Files.isRegularFile(dir.resolve(META_FILE))) {
      throw new PortableException(
          PortableException.Kind.NOT_FOUND, "no collection named '" + name + "' in " + home);
    }
    if (!Files.isRegularFile(dir.resolve(STORE_FILE))) {
      throw new PortableException(
          PortableException.Kind.NOT_FOUND,
          "collection '" + name + "' has no document store yet — index some files first");
    }
    Path out = target.toAbsolutePath().normalize();
    Path part = out.resolveSibling(out.getFileName() + ".part");
    Path work = null;
    try {
      Files.createDirectories(out.getParent());
      work = Files.createTempDirectory(out.getParent(), ".cairn-export-");
      l.progress("copying the document store", 0, 0);
      Path storeCopy = work.resolve(STORE_FILE);
      Map<String, Long> counts = new LinkedHashMap<>();
      try (DocumentStore store = DocumentStore.open(dir.resolve(STORE_FILE))) {
        store.copyTo(storeCopy);
      }
      try (DocumentStore copy = DocumentStore.open(storeCopy)) {
        StoreStats s = copy.stats();
        counts.put("files", (long) s.files());
        counts.put("documents", (long) s.documents());
        counts.put("chunks", (long) s.chunks());
        counts.put("indexed_files", (long) s.indexed());
        counts.put("document_bytes", s.indexedBytes());
        for (FileRecord r : copy.files(Optional.empty())) {
          counts.merge(
              "state_" + r.state().name().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
        }
      }
      // export format 2: the full-text and segment indexes are rebuilt on import, not carried
      dev.cairn.ingest.PortableStore.leaveOutLexicalIndex(storeCopy);
      // the copy was opened in WAL mode; fold it back so the part is one self-contained file
      Files.deleteIfExists(work.resolve(STORE_FILE + "-wal"));
      Files.deleteIfExists(work.resolve(STORE_FILE + "-shm"));

      Map<String, Path> sources = new LinkedHashMap<>();
      sources.put(META_FILE, dir.resolve(META_FILE));
      sources.put(STORE_FILE, storeCopy);
      boolean cacheIncluded = false;
      int indexFormat = 0;
      Path indexDir = dir.resolve(INDEX_DIR);
      if (Files.isRegularFile(indexDir.resolve(INDEX_FILE))) {
        indexFormat = PortableFiles.indexFormatVersion(indexDir.resolve(INDEX_FILE));
        sources.put(INDEX_DIR + "/" + INDEX_FILE, indexDir.resolve(INDEX_FILE));
        Path cache = indexDir.resolve(CACHE_FILE);
        Path wal = indexDir.resolve(CACHE_FILE + "-wal");
        if (Files.isRegularFile(cache) && !(Files.exists(wal) && Files.size(wal) > 0)) {
          sources.put(INDEX_DIR + "/" + CACHE_FILE, cache);
          cacheIncluded = true;
        } else if (Files.isRegularFile(cache)) {
          LOG.info(
              "hot cache of '{}' is in use; exported without it (it refills at query time)", name);
        }
      }
      Map<String, Object> settings =
          ExportManifest.JSON.readValue(
              dir.resolve(META_FILE).toFile(), new TypeReference<Map<String, Object>>() {});
      @SuppressWarnings("unchecked")
      List<String> roots =
          settings.get("folders") instanceof List<?> f ? (List<String>) f : List.of();
      String model = settings.get("embeddingModelId") instanceof String m ? m : null;
      int dims = settings.get("dimensions") instanceof Number n ? n.intValue() : 0;

      long total = 0;
      for (Path p : sources.values()) {
        total += Files.size(p);
      }
      PortableFiles.Meter meter = new PortableFiles.Meter(l, total);
      List<ExportManifest.Part> parts = new ArrayList<>();
      try (OutputStream fos = Files.newOutputStream(part);
          ZipOutputStream zip =
              new ZipOutputStream(new java.io.BufferedOutputStream(fos, 1 << 16))) {
        for (var e : sources.entrySet()) {
          // the store is text and compresses well; the index's vectors hardly at all
          zip.setLevel(
              e.getKey().equals(STORE_FILE)
                  ? java.util.zip.Deflater.BEST_COMPRESSION
                  : java.util.zip.Deflater.DEFAULT_COMPRESSION);
          zip.putNextEntry(new ZipEntry(e.getKey()));
          MessageDigest md = PortableFiles.sha256();
          long n;
          try (InputStream in = Files.newInputStream(e.getValue())) {
            n = PortableFiles.copy(in, zip, md, meter, "writing " + e.getKey());
          }
          zip.closeEntry();
          parts.add(new ExportManifest.Part(e.getKey(), n, PortableFiles.hex(md)));
        }
        ExportManifest manifest =
            new ExportManifest(
                ExportManifest.FORMAT,
                ExportManifest.FORMAT_VERSION,
                CAIRN_VERSION,
                Instant.now().toString(),
                name,
                model,
                dims,
                DocumentStore.SCHEMA_VERSION,
                indexFormat,
                roots,
                counts,
                settings,
                cacheIncluded,
                false,
                parts);
        zip.putNextEntry(new ZipEntry(ExportManifest.FILE_NAME));
        zip.write(manifest.toJson());
        zip.closeEntry();
        zip.finish();
        zip.close();
        try (var ch =
            java.nio.channels.FileChannel.open(part, java.nio.file.StandardOpenOption.WRITE)) {
          ch.force(true);
        }
        Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("exported collection '{}' to {} ({} bytes)", name, out, Files.size(out));
        return new Result(out, Files.size(out), manifest);
      }
    } catch (IOException e) {
      throw new PortableException(
          PortableException.Kind.IO,
          "cannot export collection '" + name + "' to " + out + ": " + PortableFiles.ioMessage(e),
          e);
    } catch (StoreException e) {
      throw new PortableException(
          PortableException.Kind.IO,
          "cannot export collection '" + name + "': " + e.getMessage(),
          e);
    } finally {
      try {
        Files.deleteIfExists(part);
      } catch (IOException ignored) {
        // best effort: a failed export's leftover
      }
      PortableFiles.deleteTree(work);
    }
  }
}
