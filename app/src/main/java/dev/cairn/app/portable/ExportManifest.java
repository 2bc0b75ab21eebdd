package dev.cairn.app.portable;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The {@code manifest.json} of an export file.
 *
 * @param format always {@link #FORMAT}
 * @param formatVersion layout of the export file ({@link #FORMAT_VERSION})
 * @param cairnVersion the Cairn that wrote it
 * @param created ISO instant of the export
 * @param collection the collection's name
 * @param embeddingModelId the model its vectors come from, null when never indexed
 * @param dimensions the embedding dimensions (0 when never indexed)
 * @param documentStoreSchema the document store's schema version
 * @param indexFormatVersion the index file's format version (0: no index)
 * @param roots the collection's folders on the exporting machine
 * @param counts files, documents (total bytes of the original files as {@code documentBytes}),
 *     chunks, and files by state
 * @param settings the collection's own settings from {@code collection.json}, as written
 * @param cacheIncluded false when the hot cache was in use and left out (it refills at query time)
 * @param lexicalIndexIncluded whether the store carries its full-text and segment indexes: true in
 *     format 1 (absent there, read as true), false from format 2 on (rebuilt on import)
 * @param parts every file in the zip but the manifest, with size and SHA-256
 */
public record ExportManifest(
    String format,
    int formatVersion,
    String cairnVersion,
    String created,
    String collection,
    String embeddingModelId,
    int dimensions,
    int documentStoreSchema,
    int indexFormatVersion,
    List<String> roots,
    Map<String, Long> counts,
    Map<String, Object> settings,
    boolean cacheIncluded,
    Boolean lexicalIndexIncluded,
    List<Part> parts) {

  public static final String FORMAT = "cairn-collection-export";
  public static final int FORMAT_VERSION = 2;
  public static final String FILE_NAME = "manifest.json";

  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public ExportManifest {
    roots = roots == null ? List.of() : List.copyOf(roots);
    counts = counts == null ? Map.of() : Map.copyOf(counts);
    settings = settings == null ? Map.of() : settings;
    parts = parts == null ? List.of() : List.copyOf(parts);
    // format 1 had no such field: its store was whole
    lexicalIndexIncluded = lexicalIndexIncluded == null || lexicalIndexIncluded;
  }

  /** True when the import must rebuild the store's full-text and segment indexes. */
  boolean lexicalIndexLeftOut() {
    return !lexicalIndexIncluded;
  }

  /**
   * One file of the export.
   *
   * @param path its name in the zip ({@code documents.sqlite}, {@code index/index.cairn}, ...)
   * @param bytes its size
   * @param sha256 lower-case hex SHA-256 of its bytes
   */
  public record Part(String path, long bytes, String sha256) {}

  byte[] toJson() throws IOException {
    return JSON.writeValueAsBytes(this);
  }

  static ExportManifest fromJson(byte[] json) throws IOException {
    return JSON.readValue(json, ExportManifest.class);
  }

  long partBytes() {
    return parts.stream().mapToLong(Part::bytes).sum();
  }
}
