package dev.cairn.app.library;

import dev.cairn.app.platform.NamedThreads;
import dev.cairn.chat.models.DownloadException;
import dev.cairn.chat.models.DownloadRequest;
import dev.cairn.chat.models.DownloadResult;
import dev.cairn.chat.models.ModelDownloader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs user-started model downloads into {@code <home>/models} with the chat module's {@link
 * ModelDownloader}: the file grows as {@code <name>.part} (kept on cancel or a broken connection
 * and resumed with an HTTP Range request next time), is checked against the pinned SHA-256 (deleted
 * on a mismatch) and is renamed into place atomically. Owns the executor {@code cairn-download-N};
 * {@link #close()} cancels running downloads and stops it. Thread-safe.
 */
final class ModelDownloads implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelDownloads.class);

  /** Connect and per-read inactivity timeout of a download. */
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Path modelsDir;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(new NamedThreads("cairn-download"));
  private final Map<String, Task> running = new ConcurrentHashMap<>();
  private volatile boolean closed;

  ModelDownloads(Path modelsDir) {
    this.modelsDir = modelsDir;
  }

  ModelDownloadTask start(ModelDownload model, ModelDownloadListener listener)
      throws LibraryException {
    if (closed) {
      throw new LibraryException(LibraryException.Kind.IO, "the library service is closed");
    }
    Path target = modelsDir.resolve(model.fileName());
    if (Files.exists(target)) {
      throw new LibraryException(
          LibraryException.Kind.ALREADY_EXISTS,
          model.displayName()
              + " is already downloaded ("
              + target
              + ") — choose it in the model picker.");
    }
    Task task = new Task(model, target, listener == null ? p -> {} : listener);
    if (running.putIfAbsent(model.fileName(), task) != null) {
      throw new ModelDownloadException(
          ModelDownloadException.Reason.ALREADY_RUNNING,
          model.url(),
          model.displayName() + " is already being downloaded — wait for it or cancel it.",
          null);
    }
    try {
      executor.execute(task::run);
    } catch (RuntimeException e) {
      running.remove(model.fileName(), task);
      throw new LibraryException(
          LibraryException.Kind.IO, "cannot start the download of " + model.displayName(), e);
    }
    return task;
  }

  @Override
  public void close() {
    closed = true;
    running.values().forEach(Task::cancel);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("a model download did not stop within 10 s; interrupting");
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Readable size: "312 MB", "1.1 GB". */
  static String size(long bytes) {
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.0f KB", bytes / 1024.0);
    }
    if (bytes < 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.0f MB", bytes / (1024.0 * 1024));
    }
    return String.format(Locale.ROOT, "%.1f GB", bytes / (1024.0 * 1024 * 1024));
  }

  private final class Task implements ModelDownloadTask {
    private final ModelDownload model;
    private final Path target;
    private final ModelDownloadListener listener;
    private final ModelDownloader downloader = new ModelDownloader();
    private final CompletableFuture<DownloadedModel> result = new CompletableFuture<>();
    private volatile boolean cancelled;
    private volatile long lastBytes;
    private Thread worker;

    Task(ModelDownload model, Path target, ModelDownloadListener listener) {
      this.model = model;
      this.target = target;
      this.listener = listener;
    }

    void run() {
      synchronized (this) {
        worker = Thread.currentThread();
      }
      DownloadedModel done = null;
      ModelDownloadException failure = null;
      try {
        done = download();
      } catch (ModelDownloadException e) {
        failure = e;
      } catch (RuntimeException | Error e) {
        LOG.error("download of {} failed", model.url(), e);
        failure =
            new ModelDownloadException(
                ModelDownloadException.Reason.FILE_SYSTEM,
                model.url(),
                "The download of " + model.displayName() + " failed: " + e,
                e);
      } finally {
        synchronized (this) {
          worker = null;
          Thread.interrupted(); // a late cancel must not reach the pool's next task
        }
        running.remove(model.fileName(), this);
      }
      try {
        if (done != null) {
          result.complete(done);
          listener.onFinished(done);
        } else {
          result.completeExceptionally(failure);
          listener.onFailed(failure);
        }
      } catch (RuntimeException e) {
        LOG.error("a download listener failed", e);
      }
    }

    private DownloadedModel download() throws ModelDownloadException {
      if (cancelled) {
        throw cancelledError(null);
      }
      DownloadRequest request =
          new DownloadRequest(model.url(), target, Optional.of(model.sha256()), TIMEOUT);
      LOG.info("downloading {} from {} into {}", model.displayName(), model.url(), target);
      try {
        DownloadResult r =
            downloader.download(
                request,
                p -> {
                  lastBytes = p.bytesDone();
                  listener.onProgress(
                      new ModelDownloadProgress(p.bytesDone(), p.bytesTotal(), p.resumedFrom()));
                });
        LOG.info(
            "downloaded {} ({} bytes, {} reused, SHA-256 {})",
            r.file(),
            r.bytes(),
            r.resumedFrom(),
            r.sha256());
        return new DownloadedModel(r.file(), r.bytes(), r.sha256(), r.resumedFrom());
      } catch (DownloadException e) {
        ModelDownloadException error = translate(e);
        LOG.info("download of {} ended: {}", model.url(), error.getMessage());
        throw error;
      }
    }

    private ModelDownloadException translate(DownloadException e) {
      if (cancelled || e.reason() == DownloadException.Reason.CANCELLED) {
        return cancelledError(e);
      }
      return switch (e.reason()) {
        case CHECKSUM_MISMATCH ->
            new ModelDownloadException(
                ModelDownloadException.Reason.CHECKSUM_MISMATCH,
                model.url(),
                "The downloaded "
                    + model.displayName()
                    + " is not the expected file ("
                    + e.getMessage()
                    + ") — try the download again; if it keeps failing, the server's copy has"
                    + " changed.",
                e);
        case HTTP_STATUS ->
            new ModelDownloadException(
                ModelDownloadException.Reason.HTTP_STATUS,
                model.url(),
                "The server refused the download of "
                    + model.displayName()
                    + " ("
                    + e.getMessage()
                    + ") — try again later, or open the download page in your browser.",
                e);
        case NETWORK ->
            new ModelDownloadException(
                ModelDownloadException.Reason.NETWORK,
                model.url(),
                "The download of "
                    + model.displayName()
                    + " stopped: "
                    + e.getMessage()
                    + " — check the internet connection and download again; it continues where"
                    + " it stopped.",
                e);
        case FILE_SYSTEM ->
            new ModelDownloadException(
                ModelDownloadException.Reason.FILE_SYSTEM,
                model.url(),
                "Cairn cannot write "
                    + model.fileName()
                    + " into "
                    + modelsDir
                    + " ("
                    + e.getMessage()
                    + ") — check free disk space and the folder's permissions.",
                e);
        case CANCELLED -> cancelledError(e);
      };
    }

    private ModelDownloadException cancelledError(Throwable cause) {
      return new ModelDownloadException(
          ModelDownloadException.Reason.CANCELLED,
          model.url(),
          "Download of "
              + model.displayName()
              + " cancelled"
              + (lastBytes > 0
                  ? " after "
                      + size(lastBytes)
                      + "; what was downloaded is kept and the next download continues from"
                      + " there."
                  : "."),
          cause);
    }

    @Override
    public ModelDownload model() {
      return model;
    }

    @Override
    public void cancel() {
      cancelled = true;
      downloader.cancel();
      synchronized (this) {
        if (worker != null) {
          worker.interrupt();
        }
      }
    }

    @Override
    public boolean isDone() {
      return result.isDone();
    }

    @Override
    public DownloadedModel await() throws ModelDownloadException, InterruptedException {
      try {
        return result.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof ModelDownloadException m) {
          throw m;
        }
        throw new ModelDownloadException(
            ModelDownloadException.Reason.FILE_SYSTEM,
            model.url(),
            "The download of " + model.displayName() + " failed: " + e.getCause(),
            e.getCause());
      }
    }
  }
}
