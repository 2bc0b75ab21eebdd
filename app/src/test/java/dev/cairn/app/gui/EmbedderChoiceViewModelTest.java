package dev.cairn.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.library.CollectionHealth;
import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.FixtureLibrary;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window's embedder choice without a window: a collection created with a runtime keeps it, the
 * Health screen shows model, runtime and device, and its re-embed action moves the collection to
 * another runtime through the Library screen's progress (real ONNX Runtime and llama.cpp).
 */
class EmbedderChoiceViewModelTest {
  private static final TaskExecutor EXECUTOR = new CurrentThreadTaskExecutor();

  @TempDir Path temp;

  @Test
  void newCollectionWithLlamaCppThenReembedToOnnxRuntimeFromTheHealthScreen() throws Exception {
    try (DefaultLibraryService service =
        DefaultLibraryService.open(temp.resolve("home"), URI.create("http://127.0.0.1:1"))) {
      CollectionsModel collections = new CollectionsModel(service, EXECUTOR);
      LibraryViewModel library = new LibraryViewModel(service, EXECUTOR, collections);
      HealthViewModel health =
          new HealthViewModel(service, EXECUTOR, collections, library.indexing());
      library.collectionActions().createCollection("notes", "gguf");
      assertThat(library.errorProperty().get()).isNull();
      assertThat(collections.selected()).isEqualTo("notes");
      Path notes = Files.createDirectories(temp.resolve("notes"));
      for (Map.Entry<String, String> e : FixtureLibrary.NOTES.entrySet()) {
        Files.writeString(notes.resolve(e.getKey()), e.getValue());
      }
      library.indexing().addPaths(List.of(notes));
      awaitFinished(library);
      health.refresh();
      CollectionHealth h = health.healthProperty().get();
      assertThat(h.embedder()).isEqualTo("gguf");
      assertThat(h.embeddingRuntime()).startsWith("llama.cpp (");
      assertThat(h.embeddingModel()).endsWith("@llama.cpp");

      health.reembed("onnx");
      awaitFinished(library);
      health.refresh();
      h = health.healthProperty().get();
      assertThat(h.embedder()).isEqualTo("onnx");
      assertThat(h.embeddingRuntime()).startsWith("onnxruntime (CPU");
      assertThat(h.embeddingModel()).doesNotContain("@");
      assertThat(h.pendingEmbedder()).isNull();

      library.collectionActions().createCollection("bad", "bert");
      assertThat(library.errorProperty().get()).contains("unknown embedder 'bert'");
    }
  }

  private static void awaitFinished(LibraryViewModel library) throws InterruptedException {
    assertThat(
            TestLibrary.waitFor(
                Duration.ofSeconds(180),
                () -> library.indexing().stateProperty().get() == IndexingViewModel.State.FINISHED))
        .as("run finished; error: %s", library.errorProperty().get())
        .isTrue();
  }
}
