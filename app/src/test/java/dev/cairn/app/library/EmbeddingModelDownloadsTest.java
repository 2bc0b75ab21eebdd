package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.chat.embed.BundledModel;
import dev.cairn.chat.embed.Embedder;
import dev.cairn.chat.embed.EmbedderSpec;
import dev.cairn.chat.embed.Embedders;
import dev.cairn.chat.embed.ModelFiles;
import dev.cairn.chat.testing.RangeFileServer;
import dev.cairn.chat.testing.TinyMultilingualModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedding model folder downloaded from a local HTTP server serving a model the test generates:
 * pinned SHA-256 per file, progress, resume with a Range request, cancel, a wrong hash refused, and
 * the finished folder opens on ONNX Runtime.
 */
class EmbeddingModelDownloadsTest {

  @TempDir Path tmp;

  @Test
  void aGeneratedModelIsDownloadedResumedVerifiedAndOpens() throws Exception {
    Path src = TinyMultilingualModel.write(tmp.resolve("src"), 3);
    byte[] onnx = Files.readAllBytes(src.resolve("model.onnx"));
    try (RangeFileServer onnxServer = RangeFileServer.serve("model.onnx", onnx);
        RangeFileServer tokServer = RangeFileServer.serve(src.resolve("tokenizer.json"));
        EmbeddingModelDownloads downloads = new EmbeddingModelDownloads(tmp.resolve("models"))) {
      EmbeddingModelDownload model =
          new EmbeddingModelDownload(
              "tiny-multilingual",
              "Tiny multilingual",
              List.of(
                  new ModelDownload(
                      "model",
                      "model.onnx",
                      onnxServer.url(),
                      onnx.length,
                      onnxServer.sha256(),
                      ""),
                  new ModelDownload(
                      "tokenizer",
                      "tokenizer.json",
                      tokServer.url(),
                      tokServer.content().length,
                      tokServer.sha256(),
                      "")),
              384,
              128,
              "MEAN");
      Path folder = tmp.resolve("models/embeddings/tiny-multilingual");
      // An earlier download stopped half way through the weights.
      Files.createDirectories(folder);
      Files.write(
          folder.resolve("model.onnx.part"), java.util.Arrays.copyOf(onnx, onnx.length / 2));
      List<ModelDownloadProgress> progress = new CopyOnWriteArrayList<>();
      Path done = downloads.start(model, progress::add).await();
      assertThat(done).isEqualTo(folder);
      assertThat(onnxServer.ranges()).containsExactly("bytes=" + onnx.length / 2 + "-");
      assertThat(progress).isNotEmpty();
      assertThat(progress.getLast().bytesDone())
          .isEqualTo(onnx.length + tokServer.content().length);
      assertThat(Files.readString(folder.resolve("model.properties")))
          .contains("id=tiny-multilingual-" + onnxServer.sha256().substring(0, 8));
      try (Embedder e =
          Embedders.open(
              EmbedderSpec.ort(BundledModel.ALL_MINILM_L6_V2), ModelFiles.folder(folder))) {
        assertThat(e.embed(List.of("计算梯度")).getFirst()).hasSize(384);
      }
      assertThatThrownBy(() -> downloads.start(model, p -> {}))
          .isInstanceOf(LibraryException.class)
          .hasMessageContaining("onnx:tiny-multilingual");
    }
  }

  @Test
  void aWrongPinnedHashIsRefusedAndLeavesNoModelFolder() throws Exception {
    try (RangeFileServer w = RangeFileServer.serve("model.onnx", new byte[4096]);
        RangeFileServer t = RangeFileServer.serve("tokenizer.json", "{}".getBytes());
        EmbeddingModelDownloads downloads = new EmbeddingModelDownloads(tmp.resolve("models"))) {
      EmbeddingModelDownload model =
          new EmbeddingModelDownload(
              "bad",
              "Bad",
              List.of(
                  new ModelDownload("m", "model.onnx", w.url(), 4096, "0".repeat(64), ""),
                  new ModelDownload("t", "tokenizer.json", t.url(), 2, t.sha256(), "")),
              384,
              128,
              "MEAN");
      assertThatThrownBy(() -> downloads.start(model, p -> {}).await())
          .isInstanceOf(ModelDownloadException.class)
          .satisfies(
              e ->
                  assertThat(((ModelDownloadException) e).reason())
                      .isEqualTo(ModelDownloadException.Reason.CHECKSUM_MISMATCH));
      Path folder = tmp.resolve("models/embeddings/bad");
      assertThat(folder.resolve("model.properties")).doesNotExist();
      assertThat(folder.resolve("model.onnx")).doesNotExist();
    }
  }

  @Test
  void aCancelledDownloadEndsCancelledAndKeepsNoModelFolder() throws Exception {
    byte[] big = new byte[32 << 20];
    try (RangeFileServer w = RangeFileServer.serve("model.onnx", big);
        RangeFileServer t = RangeFileServer.serve("tokenizer.json", "{}".getBytes());
        EmbeddingModelDownloads downloads = new EmbeddingModelDownloads(tmp.resolve("models"))) {
      EmbeddingModelDownload model =
          new EmbeddingModelDownload(
              "big",
              "Big",
              List.of(
                  new ModelDownload("m", "model.onnx", w.url(), big.length, w.sha256(), ""),
                  new ModelDownload("t", "tokenizer.json", t.url(), 2, t.sha256(), "")),
              384,
              128,
              "MEAN");
      EmbeddingModelDownloadTask task = downloads.start(model, p -> {});
      task.cancel();
      assertThatThrownBy(task::await)
          .isInstanceOf(ModelDownloadException.class)
          .satisfies(
              e ->
                  assertThat(((ModelDownloadException) e).reason())
                      .isEqualTo(ModelDownloadException.Reason.CANCELLED));
      assertThat(tmp.resolve("models/embeddings/big/model.properties")).doesNotExist();
    }
  }

  @Test
  void aDownloadedModelIsChosenByItsNameForANewCollection() throws Exception {
    Path src = TinyMultilingualModel.write(tmp.resolve("src"), 5);
    try (RangeFileServer w = RangeFileServer.serve(src.resolve("model.onnx"));
        RangeFileServer t = RangeFileServer.serve(src.resolve("tokenizer.json"));
        DefaultLibraryService lib = DefaultLibraryService.open(tmp.resolve("home"))) {
      EmbeddingModelDownload model =
          new EmbeddingModelDownload(
              "tiny",
              "Tiny multilingual",
              List.of(
                  new ModelDownload("m", "model.onnx", w.url(), 0, w.sha256(), ""),
                  new ModelDownload("t", "tokenizer.json", t.url(), 0, t.sha256(), "")),
              384,
              128,
              "MEAN");
      lib.downloadEmbeddingModel(model, p -> {}).await();
      lib.createCollection("ml", "onnx:tiny");
      Path notes = Files.createDirectories(tmp.resolve("notes"));
      Files.writeString(notes.resolve("zh.txt"), TinyMultilingualModel.TEXTS.get(0));
      Files.writeString(notes.resolve("my.txt"), TinyMultilingualModel.TEXTS.get(2));
      lib.index("ml", List.of(notes), IndexingListener.NONE).await();
      assertThat(lib.embedder("ml").current())
          .isEqualTo("onnx:" + tmp.resolve("home/models/embeddings/tiny"));
      assertThat(lib.health("ml").embeddingModel()).isEqualTo(model.modelId());
      SearchResponse r =
          lib.search(new SearchRequest("ml", "计算梯度", 1, SearchMode.VECTOR, SearchFilter.NONE));
      assertThat(r.items().getFirst().path().getFileName().toString()).isEqualTo("zh.txt");
    }
  }
}
