package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code collection.json} with and without the embedder fields. */
class CollectionMetaEmbedderTest {

  @TempDir Path dir;

  @Test
  void aFileWrittenBeforeEmbeddersCouldBeChosenReadsAsTheDefault() throws Exception {
    Files.writeString(
        dir.resolve("collection.json"),
        """
        {
          "formatVersion" : 1,
          "name" : "notes",
          "folders" : [ "/home/me/notes" ],
          "embeddingModelId" : "all-minilm-l6-v2-1a2b3c4d",
          "dimensions" : 384,
          "created" : "2026-11-20T10:00:00Z",
          "lastUpdated" : "2026-11-21T10:00:00Z"
        }
        """);
    CollectionMeta m = CollectionMeta.read(dir);
    assertThat(m.embedderChoice(dir)).isEqualTo(EmbedderChoice.DEFAULT);
    assertThat(m.pendingChoice(dir)).isNull();
    // The identity such a collection's index recorded is what the default choice still gives.
    assertThat(m.embedderChoice(dir).identity("all-minilm-l6-v2-1a2b3c4d"))
        .isEqualTo(m.embeddingModelId());
  }

  @Test
  void theChoiceAndAPendingReembedSurviveAWriteAndARead() throws Exception {
    CollectionMeta m =
        CollectionMeta.fresh("c", EmbedderChoice.parse("gguf", dir))
            .withPendingEmbedder("ollama:bge-m3@http://127.0.0.1:11434");
    m.write(dir);
    CollectionMeta back = CollectionMeta.read(dir);
    assertThat(back.embedderChoice(dir)).isEqualTo(new EmbedderChoice.Gguf(null));
    assertThat(back.pendingChoice(dir).spec()).isEqualTo("ollama:bge-m3@http://127.0.0.1:11434");
  }

  @Test
  void anEmbedderThatIsNoChoiceIsDamageNamingTheFile() throws Exception {
    CollectionMeta.fresh("c").withEmbedder("word2vec").write(dir);
    assertThatThrownBy(() -> CollectionMeta.read(dir))
        .isInstanceOf(LibraryException.class)
        .hasMessageContaining(dir.resolve("collection.json").toString())
        .hasMessageContaining("\"word2vec\" is not an embedder");
  }
}
