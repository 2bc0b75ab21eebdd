package dev.cairn.app.library;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An embedding model Cairn offers to download ({@link EmbeddingDownloadCatalog}): where each file
 * comes from and, where Cairn could verify it, the SHA-256 it must have. An entry whose hashes are
 * not pinned is still listed (so the window can name it), but {@link #toDownload} refuses it until
 * the user supplies the hashes: Cairn never downloads a file it cannot check. Immutable.
 *
 * @param name folder name under {@code <home>/models/embeddings/}, and the name the user types
 * @param displayName readable name
 * @param files the files, in download order
 * @param dimensions vector length
 * @param maxTokens pieces per text the model was trained for
 * @param pooling {@code MEAN} or {@code CLS}
 * @param queryPrefix put before queries (e5: {@code "query: "})
 * @param passagePrefix put before stored texts (e5: {@code "passage: "})
 * @param licence licence of the weights
 * @param hashSource where the pinned SHA-256 values come from; null when they are not pinned
 */
public record EmbeddingCatalogEntry(
    String name,
    String displayName,
    List<File> files,
    int dimensions,
    int maxTokens,
    String pooling,
    String queryPrefix,
    String passagePrefix,
    String licence,
    String hashSource) {

  /**
   * One file of an entry.
   *
   * @param fileName the name in the model folder ({@code model.onnx}, {@code tokenizer.json})
   * @param url where it is downloaded from
   * @param sizeBytes exact size when known, 0 when not
   * @param sha256 pinned lower-case hex SHA-256; null when not pinned
   */
  public record File(String fileName, URI url, long sizeBytes, String sha256) {
    public File {
      Objects.requireNonNull(fileName, "fileName");
      Objects.requireNonNull(url, "url");
      sha256 = sha256 == null ? null : sha256.toLowerCase(Locale.ROOT);
    }
  }

  public EmbeddingCatalogEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(displayName, "displayName");
    files = List.copyOf(files);
    licence = licence == null ? "" : licence;
    boolean allPinned = files.stream().allMatch(f -> f.sha256() != null);
    if (allPinned != (hashSource != null)) {
      throw new IllegalArgumentException(
          name
              + ": an entry names the source of its hashes exactly when every file has one"
              + " (hashSource="
              + hashSource
              + ", files without a hash: "
              + files.stream().filter(f -> f.sha256() == null).map(File::fileName).toList()
              + ")");
    }
  }

  /** Whether every file's SHA-256 is pinned in this build. */
  public boolean pinned() {
    return hashSource != null;
  }

  /**
   * The download of this entry, with the user's hashes for files this build does not pin and the
   * user's sources (a mirror, a local server) in place of the built-in ones.
   *
   * @param sha256 file name → 64 hex digits, for files without a pinned hash (a pinned hash cannot
   *     be replaced)
   * @param urls file name → another http(s) source of the same file
   * @throws LibraryException INVALID_REQUEST naming each file whose hash is still unknown, a hash
   *     that contradicts a pinned one, or a file name the entry does not have
   */
  public EmbeddingModelDownload toDownload(Map<String, String> sha256, Map<String, URI> urls)
      throws LibraryException {
    List<String> names = files.stream().map(File::fileName).toList();
    for (String k : union(sha256.keySet(), urls.keySet())) {
      if (!names.contains(k)) {
        throw new LibraryException(
            LibraryException.Kind.INVALID_REQUEST,
            displayName + " has no file '" + k + "' (its files: " + String.join(", ", names) + ")");
      }
    }
    List<ModelDownload> out = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (File f : files) {
      String given = sha256.get(f.fileName());
      if (given != null && f.sha256() != null && !given.equalsIgnoreCase(f.sha256())) {
        throw new LibraryException(
            LibraryException.Kind.INVALID_REQUEST,
            "the SHA-256 given for "
                + f.fileName()
                + " ("
                + given
                + ") is not the one Cairn pins ("
                + f.sha256()
                + ", from "
                + hashSource
                + ")");
      }
      String hash = f.sha256() != null ? f.sha256() : given;
      if (hash == null) {
        missing.add(f.fileName());
        continue;
      }
      try {
        out.add(
            new ModelDownload(
                displayName + " " + f.fileName(),
                f.fileName(),
                urls.getOrDefault(f.fileName(), f.url()),
                f.sizeBytes(),
                hash,
                licence));
      } catch (IllegalArgumentException e) {
        throw new LibraryException(
            LibraryException.Kind.INVALID_REQUEST, f.fileName() + ": " + e.getMessage(), e);
      }
    }
    if (!missing.isEmpty()) {
      StringBuilder how = new StringBuilder();
      for (String m : missing) {
        how.append(" --sha256 ").append(m).append("=<64 hex digits>");
      }
      throw new LibraryException(
          LibraryException.Kind.INVALID_REQUEST,
          "Cairn does not pin the SHA-256 of "
              + String.join(" and ", missing)
              + " of "
              + displayName
              + " (they could not be verified when this build was made), and downloads nothing it"
              + " cannot check: copy each file's SHA-256 from the model's page ("
              + files.getFirst().url().resolve("/").resolve(repoPath())
              + ", Files, the file, 'SHA256') and give it:"
              + how);
    }
    return new EmbeddingModelDownload(
        name, displayName, out, dimensions, maxTokens, pooling, queryPrefix, passagePrefix);
  }

  private String repoPath() {
    String path = files.getFirst().url().getPath();
    int cut = path.indexOf("/resolve/");
    return cut > 0 ? path.substring(1, cut) : "";
  }

  private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
    java.util.LinkedHashSet<String> u = new java.util.LinkedHashSet<>(a);
    u.addAll(b);
    return List.copyOf(u);
  }
}
