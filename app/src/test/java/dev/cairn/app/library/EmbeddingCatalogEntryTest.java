package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Catalog entries: pinned hashes are used and cannot be overridden; unpinned ones never invented.
 */
class EmbeddingCatalogEntryTest {

  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);

  private static EmbeddingCatalogEntry entry(String onnxSha, String tokSha, String source) {
    return new EmbeddingCatalogEntry(
        "m",
        "M",
        List.of(
            new EmbeddingCatalogEntry.File(
                "model.onnx",
                URI.create("https://example.org/x/m/resolve/main/model.onnx"),
                0,
                onnxSha),
            new EmbeddingCatalogEntry.File(
                "tokenizer.json",
                URI.create("https://example.org/x/m/resolve/main/tokenizer.json"),
                0,
                tokSha)),
        384,
        512,
        "MEAN",
        "query: ",
        "passage: ",
        "MIT",
        source);
  }

  @Test
  void aPinnedEntryDownloadsWithItsHashesAndPrefixesAndRefusesAContradictingHash()
      throws Exception {
    EmbeddingCatalogEntry e = entry(A, B, "test vectors");
    EmbeddingModelDownload d = e.toDownload(Map.of("model.onnx", A.toUpperCase()), Map.of());
    assertThat(d.files()).extracting(ModelDownload::sha256).containsExactly(A, B);
    assertThat(d.queryPrefix()).isEqualTo("query: ");
    assertThat(d.passagePrefix()).isEqualTo("passage: ");
    assertThatThrownBy(() -> e.toDownload(Map.of("tokenizer.json", A), Map.of()))
        .isInstanceOf(LibraryException.class)
        .hasMessageContaining(
            "(" + A + ") is not the one Cairn pins (" + B + ", from test vectors)");
  }

  @Test
  void anEntryNamesTheSourceOfItsHashesExactlyWhenAllArePinned() {
    assertThatThrownBy(() -> entry(A, null, "somewhere"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("files without a hash: [tokenizer.json]");
    assertThatThrownBy(() -> entry(A, B, null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(entry(null, null, null).pinned()).isFalse();
  }

  @Test
  void theShippedMultilingualEntryPinsNoHashItCouldNotVerify() throws Exception {
    EmbeddingCatalogEntry e = EmbeddingDownloadCatalog.require("Multilingual-E5-Small");
    assertThat(e.pinned()).isFalse();
    assertThat(e.files()).allSatisfy(f -> assertThat(f.sha256()).isNull());
    assertThat(e.queryPrefix()).isEqualTo("query: ");
    assertThat(e.passagePrefix()).isEqualTo("passage: ");
    assertThat(e.dimensions()).isEqualTo(384);
    assertThatThrownBy(() -> e.toDownload(Map.of("model.onnx", A), Map.of()))
        .hasMessageContaining(
            "does not pin the SHA-256 of tokenizer.json of multilingual-e5-small");
  }
}
