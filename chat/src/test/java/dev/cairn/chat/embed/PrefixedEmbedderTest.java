package dev.cairn.chat.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.chat.testing.TinyMultilingualModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * e5-style prefixes named in a model folder's {@code model.properties} are put before queries and
 * passages on ONNX Runtime and llama.cpp, exactly as if the caller had written them.
 */
class PrefixedEmbedderTest {

  @TempDir static Path dir;
  static Path plain;
  static Path prefixed;

  @BeforeAll
  static void generate() throws Exception {
    plain = TinyMultilingualModel.write(dir.resolve("plain"), 7);
    prefixed = Files.createDirectories(dir.resolve("prefixed"));
    try (var files = Files.list(plain)) {
      for (Path f : files.toList()) {
        Files.copy(f, prefixed.resolve(f.getFileName()));
      }
    }
    Files.writeString(
        prefixed.resolve(ModelFiles.PROPERTIES),
        "queryPrefix=query: \npassagePrefix=passage: \n",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
  }

  @Test
  void aModelFolderWithPrefixesEmbedsQueriesAndPassagesWithThem() throws Exception {
    String text = TinyMultilingualModel.TEXTS.get(0);
    try (Embedder p = open(prefixed);
        Embedder raw = open(plain)) {
      assertThat(p).isInstanceOf(PrefixedEmbedder.class);
      assertThat(((PrefixedEmbedder) p).prefixes())
          .isEqualTo(new TextPrefixes("query: ", "passage: "));
      assertThat(raw).isNotInstanceOf(PrefixedEmbedder.class);
      assertThat(p.embedQuery(text)).isEqualTo(raw.embed(List.of("query: " + text)).getFirst());
      assertThat(p.embed(List.of(text)).getFirst())
          .isEqualTo(raw.embed(List.of("passage: " + text)).getFirst());
      assertThat(Embedders.cosine(p.embed(List.of(text)).getFirst(), raw.embedQuery(text)))
          .isLessThan(0.9999);
      assertThat(p.countTokens(text)).isEqualTo(raw.countTokens("passage: " + text));
      assertThat(p.info().modelId()).isEqualTo(raw.info().modelId());
      assertThat(p.embed(List.of())).isEmpty();
    }
  }

  @Test
  void llamaCppGetsTheSamePrefixesFromTheGgufFilesFolder() throws Exception {
    String text = TinyMultilingualModel.TEXTS.get(2);
    try (Embedder ort = open(prefixed);
        Embedder llama =
            Embedders.open(
                EmbedderSpec.llamaCpp(BundledModel.ALL_MINILM_L6_V2),
                ModelFiles.ggufFile(prefixed.resolve(ModelFiles.GGUF)))) {
      assertThat(llama).isInstanceOf(PrefixedEmbedder.class);
      assertThat(Embedders.cosine(ort.embedQuery(text), llama.embedQuery(text)))
          .isGreaterThanOrEqualTo(0.999);
      assertThat(
              Embedders.cosine(
                  ort.embed(List.of(text)).getFirst(), llama.embed(List.of(text)).getFirst()))
          .isGreaterThanOrEqualTo(0.999);
    }
  }

  @Test
  void aPrefixLongerThanAnInstructionIsRefusedNamingTheFile() throws Exception {
    Path bad = Files.createDirectories(dir.resolve("bad"));
    Files.writeString(
        bad.resolve(ModelFiles.PROPERTIES),
        "id=bad-1\ndimensions=384\nqueryPrefix=" + "q".repeat(201) + "\n");
    assertThatThrownBy(() -> TextPrefixes.ofFolder(bad))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining(bad.resolve(ModelFiles.PROPERTIES).toString())
        .hasMessageContaining("at most 200 characters, got 201 (query)");
    assertThat(TextPrefixes.ofFolder(dir.resolve("absent"))).isEqualTo(TextPrefixes.NONE);
  }

  private static Embedder open(Path folder) throws Exception {
    return Embedders.open(
        EmbedderSpec.ort(BundledModel.ALL_MINILM_L6_V2), ModelFiles.folder(folder));
  }
}
