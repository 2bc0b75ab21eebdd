package dev.cairn.chat.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.chat.convert.GgufWriter;
import dev.cairn.chat.testing.TinyLlamaGguf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {

  @TempDir Path dir;

  @Test
  void listsGgufFilesAndTellsChatModelsFromEmbeddingAndBrokenOnes() throws Exception {
    TinyLlamaGguf.write(dir.resolve("b-chat.gguf"));
    new GgufWriter()
        .putString("general.architecture", "bert")
        .putString("general.name", "some-embedder")
        .write(dir.resolve("a-embed.gguf"));
    Files.writeString(dir.resolve("c-broken.GGUF"), "definitely not gguf");
    Files.writeString(dir.resolve("notes.txt"), "ignored");
    Files.writeString(dir.resolve("d.gguf.part"), "partial download, ignored");

    List<GgufModelFile> files = ModelCatalog.listGguf(dir);

    assertThat(files)
        .extracting(f -> f.file().getFileName().toString())
        .containsExactly("a-embed.gguf", "b-chat.gguf", "c-broken.GGUF");
    assertThat(files.get(0).usableForChat()).isFalse();
    assertThat(files.get(0).problem()).contains("embedding model");
    assertThat(files.get(1).usableForChat()).isTrue();
    assertThat(files.get(1).architecture()).isEqualTo("llama");
    assertThat(files.get(1).hasChatTemplate()).isTrue();
    assertThat(files.get(1).name()).isEqualTo("cairn-tiny-random-llama");
    assertThat(files.get(2).usableForChat()).isFalse();
    assertThat(files.get(2).problem()).contains("not a GGUF file");
  }

  @Test
  void anAbsentFolderHasNoModels() throws Exception {
    assertThat(ModelCatalog.listGguf(dir.resolve("missing"))).isEmpty();
  }
}
