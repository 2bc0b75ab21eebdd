package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.chat.testing.OllamaProtocolServer;
import dev.cairn.chat.testing.TinyMultilingualModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding model and runtime chosen per collection, on the real runtimes: ONNX Runtime, the
 * bundled model's GGUF on llama.cpp, a generated multilingual model folder, and Ollama's wire
 * protocol (a fake server that embeds with the bundled model).
 */
class CollectionEmbedderTest {

  @TempDir Path tmp;

  private Path notes() throws Exception {
    Path notes = Files.createDirectories(tmp.resolve("notes"));
    for (Map.Entry<String, String> e : FixtureLibrary.NOTES.entrySet()) {
      Files.writeString(notes.resolve(e.getKey()), e.getValue());
    }
    return notes;
  }

  private static String top(DefaultLibraryService lib, String collection, String query)
      throws LibraryException {
    SearchResponse r =
        lib.search(new SearchRequest(collection, query, 3, SearchMode.VECTOR, SearchFilter.NONE));
    assertThat(r.items()).isNotEmpty();
    return r.items().getFirst().path().getFileName().toString();
  }

  @Test
  void eachCollectionEmbedsWithItsOwnChoiceAndTheIndexRecordsModelAndRuntime() throws Exception {
    Path notes = notes();
    try (DefaultLibraryService lib = DefaultLibraryService.open(tmp.resolve("home"))) {
      lib.createCollection("ort", "onnx");
      lib.createCollection("llama", "gguf");
      lib.index("ort", List.of(notes), IndexingListener.NONE).await();
      lib.index("llama", List.of(notes), IndexingListener.NONE).await();
      assertThat(top(lib, "ort", "how long to bake the tart")).isEqualTo("Tart.md");
      assertThat(top(lib, "llama", "how long to bake the tart")).isEqualTo("Tart.md");
      CollectionHealth ort = lib.health("ort");
      CollectionHealth llama = lib.health("llama");
      assertThat(ort.embedder()).isEqualTo("onnx");
      assertThat(ort.embeddingRuntime()).startsWith("onnxruntime (CPU");
      assertThat(ort.embeddingModel()).startsWith("all-minilm-l6-v2-").doesNotContain("@");
      assertThat(llama.embedder()).isEqualTo("gguf");
      assertThat(llama.embeddingRuntime()).startsWith("llama.cpp (");
      assertThat(llama.embeddingModel()).isEqualTo(ort.embeddingModel() + "@llama.cpp");
      assertThat(llama.indexNotice()).isNull();
      // A second `cairn index --embedder` with the same choice is fine, another one is refused.
      lib.createCollection("llama", "gguf");
      assertThatThrownBy(() -> lib.createCollection("llama", "onnx"))
          .isInstanceOf(LibraryException.class)
          .hasMessageContaining("already embeds with gguf, not onnx")
          .hasMessageContaining("cairn reembed llama --embedder onnx");
    }
  }

  @Test
  void anIndexBuiltWithOneRuntimeIsRefusedByAnotherNamingBoth() throws Exception {
    Path notes = notes();
    Path home = tmp.resolve("home");
    try (DefaultLibraryService lib = DefaultLibraryService.open(home)) {
      lib.createCollection("c", "gguf");
      lib.index("c", List.of(notes), IndexingListener.NONE).await();
    }
    // collection.json edited by hand to name another runtime (and the model id it recorded lost).
    Path meta = home.resolve("collections").resolve("c").resolve("collection.json");
    ObjectMapper json = new ObjectMapper();
    ObjectNode m = (ObjectNode) json.readTree(meta.toFile());
    String recorded = m.get("embeddingModelId").asText();
    m.put("embedder", "onnx");
    m.putNull("embeddingModelId");
    Files.write(meta, json.writeValueAsBytes(m));
    try (DefaultLibraryService lib = DefaultLibraryService.open(home)) {
      assertThatThrownBy(() -> top(lib, "c", "tart"))
          .isInstanceOf(LibraryException.class)
          .hasMessageContaining(recorded)
          .hasMessageContaining(recorded.replace("@llama.cpp", "") + "'");
    }
  }

  @Test
  void reembedMovesToAnotherRuntimeKeepsTheOldIndexSearchableAndResumesAfterAStop()
      throws Exception {
    Path notes = notes();
    // More chunks than one embedding batch, so a stop leaves some vectors behind.
    for (int i = 0; i < 40; i++) {
      Files.writeString(
          notes.resolve("extra-" + i + ".md"),
          "# Note " + i + "\n\nA short note number " + i + " about nothing in particular.\n");
    }
    Path home = tmp.resolve("home");
    try (DefaultLibraryService lib = DefaultLibraryService.open(home)) {
      lib.index("c", List.of(notes), IndexingListener.NONE).await();
      String before = lib.health("c").embeddingModel();
      // First attempt: stopped after the first committed batch; meanwhile searches use ONNX.
      List<String> during = Collections.synchronizedList(new ArrayList<>());
      AtomicBoolean stopped = new AtomicBoolean();
      IndexingTask[] task = new IndexingTask[1];
      IndexingListener stopper =
          new IndexingListener() {
            @Override
            public void progress(IndexingProgress p) {
              if (p.chunksEmbedded() > 0 && stopped.compareAndSet(false, true)) {
                try {
                  during.add(top(lib, "c", "how long to bake the tart"));
                  during.add(lib.embedder("c").current() + " -> " + lib.embedder("c").pending());
                } catch (LibraryException e) {
                  during.add(e.getMessage());
                }
                while (task[0] == null) {
                  Thread.onSpinWait();
                }
                task[0].cancel();
              }
            }
          };
      task[0] = lib.reembed("c", "gguf", stopper);
      IndexingSummary first = task[0].await();
      assertThat(first.cancelled()).isTrue();
      assertThat(during).containsExactly("Tart.md", "onnx -> gguf");
      assertThat(lib.embedder("c").pending()).isEqualTo("gguf");
      assertThat(home.resolve("collections/c/reembed-spool.sqlite")).exists();
      assertThat(lib.health("c").indexNotice()).contains("cairn reembed c --embedder gguf");
      assertThat(top(lib, "c", "how long to bake the tart")).isEqualTo("Tart.md");

      List<String> notices = Collections.synchronizedList(new ArrayList<>());
      IndexingListener record =
          new IndexingListener() {
            @Override
            public void notice(String message) {
              notices.add(message);
            }
          };
      lib.reembed("c", "gguf", record).await();
      assertThat(notices).anyMatch(n -> n.startsWith("resuming: "));
      assertThat(lib.embedder("c").current()).isEqualTo("gguf");
      assertThat(lib.embedder("c").pending()).isNull();
      assertThat(lib.health("c").embeddingModel()).isEqualTo(before + "@llama.cpp");
      assertThat(home.resolve("collections/c/reembed-spool.sqlite")).doesNotExist();
      assertThat(top(lib, "c", "how long to bake the tart")).isEqualTo("Tart.md");
    }
    // After a restart the collection opens with its new choice.
    try (DefaultLibraryService lib = DefaultLibraryService.open(home)) {
      assertThat(lib.health("c").embeddingRuntime()).startsWith("llama.cpp");
      assertThat(top(lib, "c", "sync notes on every device")).isEqualTo("Sync.md");
    }
  }

  @Test
  void anOllamaCollectionEmbedsThroughTheApiEmbedWireProtocol() throws Exception {
    Path notes = notes();
    try (OllamaProtocolServer ollama = OllamaProtocolServer.start();
        DefaultLibraryService lib = DefaultLibraryService.open(tmp.resolve("home"))) {
      String spec = "ollama:" + OllamaProtocolServer.EMBED_MODEL + "@" + ollama.uri();
      lib.createCollection("o", spec);
      lib.index("o", List.of(notes), IndexingListener.NONE).await();
      assertThat(top(lib, "o", "how long to bake the tart")).isEqualTo("Tart.md");
      CollectionHealth h = lib.health("o");
      assertThat(h.embedder()).isEqualTo(spec);
      assertThat(h.embeddingModel()).isEqualTo("ollama:" + OllamaProtocolServer.EMBED_MODEL);
      assertThat(h.embeddingRuntime()).contains(ollama.uri().toString());
      assertThat(ollama.requests()).anyMatch(r -> r.path().equals("/api/embed"));
    }
  }

  @Test
  void aGeneratedMultilingualModelFolderIndexesChineseAndBurmeseNotesOnBothRuntimes()
      throws Exception {
    Path model = TinyMultilingualModel.write(tmp.resolve("models/tiny"), 7);
    Path notes = Files.createDirectories(tmp.resolve("ml"));
    for (int i = 0; i < TinyMultilingualModel.TEXTS.size(); i++) {
      Files.writeString(notes.resolve("n" + i + ".txt"), TinyMultilingualModel.TEXTS.get(i));
    }
    try (DefaultLibraryService lib = DefaultLibraryService.open(tmp.resolve("home"))) {
      lib.createCollection("ort", "onnx:" + model);
      lib.createCollection("llama", "gguf:" + model.resolve("model.f16.gguf"));
      lib.index("ort", List.of(notes), IndexingListener.NONE).await();
      lib.index("llama", List.of(notes), IndexingListener.NONE).await();
      String id = lib.health("ort").embeddingModel();
      assertThat(id).startsWith("tiny-multilingual-");
      assertThat(lib.health("llama").embeddingModel()).isEqualTo(id + "@llama.cpp");
      for (String q : List.of("计算梯度", "မြန်မာ စာ")) {
        assertThat(top(lib, "llama", q)).isEqualTo(top(lib, "ort", q));
      }
    }
  }
}
