package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedderChoiceTest {

  @TempDir Path models;

  @Test
  void everyTextFormReadsBackToTheSameChoice() throws Exception {
    for (String spec :
        new String[] {
          "onnx",
          "gguf",
          "onnx:/models/e5",
          "gguf:/models/e5/model.gguf",
          "ollama:nomic-embed-text",
          "ollama:bge-m3:latest@http://127.0.0.1:11434"
        }) {
      EmbedderChoice c = EmbedderChoice.parse(spec, models);
      assertThat(c.spec()).isEqualTo(spec);
      assertThat(EmbedderChoice.parse(c.spec(), models)).isEqualTo(c);
    }
    assertThat(EmbedderChoice.parse(null, models)).isEqualTo(EmbedderChoice.DEFAULT);
    assertThat(EmbedderChoice.parse("  ", models)).isEqualTo(EmbedderChoice.DEFAULT);
    assertThat(EmbedderChoice.parse("ollama:bge-m3:latest@http://h:1", models))
        .isEqualTo(new EmbedderChoice.Ollama("bge-m3:latest", URI.create("http://h:1")));
  }

  @Test
  void aBareNameIsLookedUpAmongTheDownloadedEmbeddingModels() throws Exception {
    Path e5 = Files.createDirectories(models.resolve("embeddings").resolve("e5"));
    assertThat(EmbedderChoice.parse("onnx:e5", models)).isEqualTo(new EmbedderChoice.Onnx(e5));
  }

  @Test
  void identityNamesTheRuntimeExceptOnTheReferenceRuntime() throws Exception {
    assertThat(EmbedderChoice.DEFAULT.identity("m-1")).isEqualTo("m-1");
    assertThat(new EmbedderChoice.Gguf(null).identity("m-1")).isEqualTo("m-1@llama.cpp");
    assertThat(new EmbedderChoice.Ollama("x", null).identity("ollama:x")).isEqualTo("ollama:x");
  }

  @Test
  void badFormsAreRefusedNamingTheValueAndTheAcceptedForms() {
    for (String bad : new String[] {"onnx:", "ollama:", "ollama:@http://h:1", "bert", "gguf: "}) {
      assertThatThrownBy(() -> EmbedderChoice.parse(bad, models))
          .isInstanceOf(LibraryException.class)
          .hasMessageContaining(bad.strip().isEmpty() ? "embedder" : bad)
          .hasMessageContaining("ollama:MODEL");
    }
    assertThatThrownBy(() -> EmbedderChoice.parse("ollama:x@ftp://h", models))
        .isInstanceOf(LibraryException.class);
  }
}
