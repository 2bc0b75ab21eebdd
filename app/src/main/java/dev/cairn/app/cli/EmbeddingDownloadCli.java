package dev.cairn.app.cli;

import dev.cairn.app.library.EmbeddingCatalogEntry;
import dev.cairn.app.library.EmbeddingDownloadCatalog;
import dev.cairn.app.library.EmbeddingModelDownload;
import dev.cairn.app.library.EmbeddingModelDownloadTask;
import dev.cairn.app.library.LibraryService;
import dev.cairn.app.library.ModelDownloadListener;
import dev.cairn.app.library.ModelDownloadProgress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * {@code cairn models --download-embedding NAME}: downloads a catalog embedding model into {@code
 * <home>/models/embeddings/NAME/}, with progress lines on stderr at most every two seconds, and
 * prints the embedder choice that uses it.
 */
final class EmbeddingDownloadCli {
  private EmbeddingDownloadCli() {}

  static int run(
      CairnCli cli,
      LibraryService library,
      String name,
      Map<String, String> sha256,
      Map<String, URI> urls)
      throws Exception {
    EmbeddingCatalogEntry entry = EmbeddingDownloadCatalog.require(name);
    EmbeddingModelDownload model = entry.toDownload(sha256, urls);
    EmbeddingModelDownloadTask task =
        library.downloadEmbeddingModel(model, new Progress(cli, entry.displayName()));
    Path folder;
    try {
      folder = task.await();
    } catch (InterruptedException e) {
      task.cancel();
      Thread.currentThread().interrupt();
      throw e;
    }
    cli.out.println(
        "Downloaded "
            + entry.displayName()
            + " into "
            + folder
            + (entry.pinned()
                ? ""
                : " (checked against the SHA-256 values you gave; this build pins none)"));
    cli.out.println(
        "Use it: cairn reembed COLLECTION --embedder onnx:"
            + entry.name()
            + "   (or --embedder onnx:"
            + entry.name()
            + " when a collection is created)");
    return 0;
  }

  /** Progress on stderr, at most a line every two seconds. */
  private static final class Progress implements ModelDownloadListener {
    private final CairnCli cli;
    private final String name;
    private long last;

    Progress(CairnCli cli, String name) {
      this.cli = cli;
      this.name = name;
    }

    @Override
    public synchronized void onProgress(ModelDownloadProgress p) {
      long now = System.nanoTime();
      if (last != 0 && now - last < 2_000_000_000L) {
        return;
      }
      last = now;
      cli.err.printf(
          Locale.ROOT,
          "[download] %s: %.1f MB%s%n",
          name,
          p.bytesDone() / 1e6,
          p.bytesTotal() > 0
              ? String.format(Locale.ROOT, " of %.1f MB", p.bytesTotal() / 1e6)
              : "");
      cli.err.flush();
    }
  }
}
