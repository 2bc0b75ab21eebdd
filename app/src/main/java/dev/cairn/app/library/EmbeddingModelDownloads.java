package dev.cairn.app.library;

import dev.cairn.app.platform.NamedThreads;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Downloads embedding model folders ({@link EmbeddingModelDownload}) into {@code
 * <home>/models/embeddings/<name>/} with the chat-model download machinery ({@link ModelDownloads}:
 * each file grows as {@code .part}, resumes with an HTTP Range request, is checked against its
 * pinned SHA-256 and renamed into place atomically), one file after the other; a file already in
 * place (verified when it was renamed there) is not fetched again. {@code model.properties} is
 * written last, atomically: a folder without it is an unfinished download, never a model. Owns the
 * executor {@code cairn-embed-download-N}; {@link #close()} cancels and stops it. Thread-safe.
 */
final class EmbeddingModelDownloads implements AutoCloseable {

  private final Path embeddingsDir;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(new NamedThreads("cairn-embed-download"));
  private final Map<String, Run> running = new ConcurrentHashMap<>();

  EmbeddingModelDownloads(Path modelsDir) {
    this.embeddingsDir = modelsDir.resolve("embeddings");
  }

  EmbeddingModelDownloadTask start(EmbeddingModelDownload model, ModelDownloadListener listener)
      throws LibraryException {
    Path folder = embeddingsDir.resolve(model.name());
    if (Files.exists(folder.resolve("model.properties"))) {
      throw new LibraryException(
          LibraryException.Kind.ALREADY_EXISTS,
          model.displayName()
              + " is already downloaded ("
              + folder
              + ") — choose it as onnx:"
              + model.name());
    }
    Run run = new Run(model, folder, listener == null ? p -> {} : listener);
    if (running.putIfAbsent(model.name(), run) != null) {
      throw new LibraryException(
          LibraryException.Kind.BUSY, model.displayName() + " is already being downloaded");
    }
    executor.execute(run::run);
    return run;
  }

  @Override
  public void close() {
    running.values().forEach(Run::cancel);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Run implements EmbeddingModelDownloadTask {
    private final EmbeddingModelDownload model;
    private final Path folder;
    private final ModelDownloadListener listener;
    private final CompletableFuture<Path> result = new CompletableFuture<>();
    private volatile boolean cancelled;
    private volatile ModelDownloadTask current;

    Run(EmbeddingModelDownload model, Path folder, ModelDownloadListener listener) {
      this.model = model;
      this.folder = folder;
      this.listener = listener;
    }

    void run() {
      try (ModelDownloads files = new ModelDownloads(folder)) {
        Files.createDirectories(folder);
        long before = 0;
        long total = model.totalBytes();
        for (ModelDownload f : model.files()) {
          if (Files.isRegularFile(folder.resolve(f.fileName()))) {
            before += Files.size(folder.resolve(f.fileName()));
            continue;
          }
          if (cancelled) {
            throw cancelledError(f);
          }
          long offset = before;
          current =
              files.start(
                  f,
                  p ->
                      listener.onProgress(
                          new ModelDownloadProgress(
                              offset + p.bytesDone(),
                              total > 0 ? total : offset + p.bytesTotal(),
                              p.resumedFrom())));
          if (cancelled) {
            current.cancel();
          }
          before += current.await().bytes();
        }
        writeProperties();
        result.complete(folder);
        String weightsSha =
            model.files().stream()
                .filter(f -> EmbeddingModelDownload.weights(f.fileName()))
                .findFirst()
                .orElseThrow()
                .sha256();
        listener.onFinished(new DownloadedModel(folder, before, weightsSha, 0));
      } catch (ModelDownloadException e) {
        result.completeExceptionally(e);
        listener.onFailed(e);
      } catch (LibraryException | IOException | InterruptedException | RuntimeException e) {
        ModelDownloadException m =
            new ModelDownloadException(
                ModelDownloadException.Reason.FILE_SYSTEM,
                model.files().getFirst().url(),
                "The download of " + model.displayName() + " failed: " + Failures.message(e),
                e);
        result.completeExceptionally(m);
        listener.onFailed(m);
      } finally {
        running.remove(model.name(), this);
      }
    }

    private ModelDownloadException cancelledError(ModelDownload f) {
      return new ModelDownloadException(
          ModelDownloadException.Reason.CANCELLED,
          f.url(),
          "Download of " + model.displayName() + " cancelled.",
          null);
    }

    private void writeProperties() throws IOException {
      Properties p = new Properties();
      p.setProperty("id", model.modelId());
      p.setProperty("displayName", model.displayName());
      p.setProperty("dimensions", Integer.toString(model.dimensions()));
      p.setProperty("maxTokens", Integer.toString(model.maxTokens()));
      p.setProperty("pooling", model.pooling());
      if (!model.queryPrefix().isEmpty()) {
        p.setProperty("queryPrefix", model.queryPrefix());
      }
      if (!model.passagePrefix().isEmpty()) {
        p.setProperty("passagePrefix", model.passagePrefix());
      }
      for (ModelDownload f : model.files()) {
        p.setProperty(f.fileName() + ".sha256", f.sha256());
      }
      StringWriter w = new StringWriter();
      p.store(w, "downloaded by Cairn");
      AtomicFiles.write(
          folder.resolve("model.properties"), w.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void cancel() {
      cancelled = true;
      ModelDownloadTask c = current;
      if (c != null) {
        c.cancel();
      }
    }

    @Override
    public Path await() throws ModelDownloadException, InterruptedException {
      try {
        return result.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof ModelDownloadException m) {
          throw m;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
  }
}
