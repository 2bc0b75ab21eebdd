package dev.cairn.app.library;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The embedding models Cairn offers to download: a fixed list, nothing is fetched to build it.
 *
 * <p><b>multilingual-e5-small</b> (intfloat, MIT): 384 dimensions, mean pooling, trained with the
 * prefixes {@code "query: "} / {@code "passage: "}; the ONNX export and tokenizer of its Hugging
 * Face repository. Its SHA-256 values are <em>not pinned</em> in this build: Hugging Face could not
 * be reached when it was made, and a hash copied from anywhere else is not a verified one. Until a
 * build pins them, the user gives them ({@code cairn models --download-embedding
 * multilingual-e5-small --sha256 model.onnx=… --sha256 tokenizer.json=…}, values from the model
 * page's file view), and each file is checked against them as a pinned one would be.
 */
public final class EmbeddingDownloadCatalog {

  /** The multilingual model the Library screen and Index health offer. */
  public static final String MULTILINGUAL = LanguageCoverage.MULTILINGUAL_MODEL;

  private static final String HF =
      "https://huggingface.co/intfloat/multilingual-e5-small/resolve/main/";

  private static final List<EmbeddingCatalogEntry> ENTRIES =
      List.of(
          new EmbeddingCatalogEntry(
              MULTILINGUAL,
              "multilingual-e5-small",
              List.of(
                  new EmbeddingCatalogEntry.File(
                      "model.onnx", URI.create(HF + "onnx/model.onnx"), 0, null),
                  new EmbeddingCatalogEntry.File(
                      "tokenizer.json", URI.create(HF + "tokenizer.json"), 0, null)),
              384,
              512,
              "MEAN",
              "query: ",
              "passage: ",
              "MIT",
              null));

  private EmbeddingDownloadCatalog() {}

  /** Every entry, the multilingual model first. */
  public static List<EmbeddingCatalogEntry> entries() {
    return ENTRIES;
  }

  /** The entry named {@code name} (case-insensitive). */
  public static Optional<EmbeddingCatalogEntry> find(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    return ENTRIES.stream().filter(e -> e.name().toLowerCase(Locale.ROOT).equals(n)).findFirst();
  }

  /**
   * The entry named {@code name}.
   *
   * @throws LibraryException NOT_FOUND listing the names there are
   */
  public static EmbeddingCatalogEntry require(String name) throws LibraryException {
    return find(name)
        .orElseThrow(
            () ->
                new LibraryException(
                    LibraryException.Kind.NOT_FOUND,
                    "no embedding model '"
                        + name
                        + "' to download; there are: "
                        + String.join(
                            ", ", ENTRIES.stream().map(EmbeddingCatalogEntry::name).toList())));
  }
}
