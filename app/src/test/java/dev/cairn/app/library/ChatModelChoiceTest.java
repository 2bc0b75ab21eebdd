package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatModelChoiceTest {
  @TempDir Path models;

  @Test
  void readsEveryTextFormAndWritesItBack() throws Exception {
    assertThat(ChatModelChoice.parse(null, models)).isEqualTo(ChatModelChoice.NONE);
    assertThat(ChatModelChoice.parse("  ", models)).isEqualTo(ChatModelChoice.NONE);
    assertThat(ChatModelChoice.parse("None", models)).isEqualTo(ChatModelChoice.NONE);
    assertThat(ChatModelChoice.parse("extractive", models)).isEqualTo(ChatModelChoice.NONE);
    assertThat(ChatModelChoice.parse("ollama: llama3.2 ", models))
        .isEqualTo(new ChatModelChoice.Ollama("llama3.2"));
    assertThat(ChatModelChoice.parse("gguf:/m/q.gguf", models))
        .isEqualTo(new ChatModelChoice.Gguf(Path.of("/m/q.gguf")));
    for (String spec : new String[] {"none", "ollama:llama3.2", "gguf:/m/q.gguf"}) {
      assertThat(ChatModelChoice.parse(spec, models).spec()).isEqualTo(spec);
    }
  }

  @Test
  void bareNamesAndRelativeFilesAreLookedUpInTheModelsFolder() throws Exception {
    Path file = Files.writeString(models.resolve("qwen.gguf"), "x");
    assertThat(ChatModelChoice.parse("qwen", models)).isEqualTo(new ChatModelChoice.Gguf(file));
    assertThat(ChatModelChoice.parse("qwen.gguf", models))
        .isEqualTo(new ChatModelChoice.Gguf(file));
  }

  @Test
  void aBadValueIsAnInvalidRequestNamingIt() {
    for (String bad : new String[] {"mystery-model", "ollama:", "gguf:  "}) {
      assertThatThrownBy(() -> ChatModelChoice.parse(bad, models))
          .isInstanceOf(LibraryException.class)
          .hasMessageContaining("unknown chat model '" + bad.strip() + "'")
          .hasMessageContaining("ollama:NAME")
          .extracting(e -> ((LibraryException) e).kind())
          .isEqualTo(LibraryException.Kind.INVALID_REQUEST);
    }
    assertThatThrownBy(() -> new ChatModelChoice.Ollama(" "))
        .hasMessageContaining("Ollama model name is blank");
  }
}
