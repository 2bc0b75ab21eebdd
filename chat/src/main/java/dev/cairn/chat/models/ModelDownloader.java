package dev.cairn.chat.models;

import dev.cairn.chat.convert.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a model file that the user asked for: streams into {@code <target>.part}, resumes an
 * existing part with an HTTP Range request (falls back to a fresh start when the server ignores
 * Range, and says so in the log), reports progress, checks the SHA-256, and renames the part into
 * place atomically. One instance runs one download; {@link #cancel()} may be called from any
 * thread.
 */
public final class ModelDownloader {

  private static final Logger LOG = LoggerFactory.getLogger(ModelDownloader.class);
  private static final long PROGRESS_EVERY = 256 * 1024;

  private final HttpClient http;
  private final AtomicBoolean cancelled = new AtomicBoolean();

  public ModelDownloader() {
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(java.time.Duration.ofSeconds(15))
            .build();
  }

  /** Stops a running download at the next read; it ends with {@link DownloadException}. */
  public void cancel() {
    cancelled.set(true);
  }

  /**
   * Runs the download on the calling thread.
   *
   * @param progress called on this thread every 256 KiB and at the end
   * @throws DownloadException with a {@link DownloadException.Reason}
   */
  public DownloadResult download(DownloadRequest req, Consumer<DownloadProgress> progress)
      throws DownloadException {
    var part = req.partFile();
    try {
      Files.createDirectories(req.target().toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new DownloadException(
          req.url(), DownloadException.Reason.FILE_SYSTEM, "cannot create " + req.target(), e);
    }
    long have = 0;
    try {
      have = Files.isRegularFile(part) ? Files.size(part) : 0;
    } catch (IOException e) {
      have = 0;
    }
    HttpRequest.Builder rb = HttpRequest.newBuilder(req.url()).timeout(req.timeout()).GET();
    if (have > 0) {
      rb.header("Range", "bytes=" + have + "-");
    }
    HttpResponse<InputStream> resp;
    try {
      resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new DownloadException(
          req.url(), DownloadException.Reason.NETWORK, "cannot reach " + req.url() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DownloadException(
          req.url(), DownloadException.Reason.CANCELLED, "download interrupted", e);
    }
    int status = resp.statusCode();
    boolean resuming = have > 0 && status == 206;
    if (status == 416 && have > 0) {
      // The part is already complete (or bigger than the file): verify it as is.
      closeQuietly(resp.body());
      return finish(req, part, have, progress, have);
    }
    if (status != 200 && status != 206) {
      closeQuietly(resp.body());
      throw new DownloadException(
          req.url(),
          DownloadException.Reason.HTTP_STATUS,
          "HTTP " + status + " from " + req.url(),
          null);
    }
    if (have > 0 && !resuming) {
      LOG.info("{} ignored the Range request; downloading from the start", req.url());
      have = 0;
    }
    long length = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
    long total = length < 0 ? -1 : length + (resuming ? have : 0);
    long done = resuming ? have : 0;
    long resumedFrom = done;
    long lastReport = done;
    try (InputStream in = resp.body();
        OutputStream out =
            Files.newOutputStream(
                part,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                resuming ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) > 0) {
        if (cancelled.get() || Thread.currentThread().isInterrupted()) {
          throw new DownloadException(
              req.url(),
              DownloadException.Reason.CANCELLED,
              "download of " + req.url() + " cancelled after " + done + " bytes",
              null);
        }
        out.write(buf, 0, n);
        done += n;
        if (done - lastReport >= PROGRESS_EVERY) {
          progress.accept(new DownloadProgress(done, total, resumedFrom));
          lastReport = done;
        }
      }
    } catch (IOException e) {
      throw new DownloadException(
          req.url(),
          DownloadException.Reason.NETWORK,
          "download of " + req.url() + " broke off after " + done + " bytes: " + e,
          e);
    }
    if (total >= 0 && done != total) {
      throw new DownloadException(
          req.url(),
          DownloadException.Reason.NETWORK,
          "download of " + req.url() + " ended at " + done + " of " + total + " bytes",
          null);
    }
    return finish(req, part, done, progress, resumedFrom);
  }

  private DownloadResult finish(
      DownloadRequest req,
      java.nio.file.Path part,
      long done,
      Consumer<DownloadProgress> progress,
      long resumedFrom)
      throws DownloadException {
    String sha;
    try {
      MessageDigest md = Sha256.digest();
      try (InputStream in = Files.newInputStream(part)) {
        byte[] buf = new byte[1 << 20];
        int n;
        while ((n = in.read(buf)) > 0) {
          md.update(buf, 0, n);
        }
      }
      sha = HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new DownloadException(
          req.url(), DownloadException.Reason.FILE_SYSTEM, "cannot read " + part, e);
    }
    if (req.expectedSha256().isPresent() && !req.expectedSha256().get().equals(sha)) {
      try {
        Files.deleteIfExists(part);
      } catch (IOException e) {
        LOG.warn("cannot delete {}", part, e);
      }
      throw new DownloadException(
          req.url(),
          DownloadException.Reason.CHECKSUM_MISMATCH,
          "SHA-256 of "
              + req.url()
              + " is "
              + sha
              + ", expected "
              + req.expectedSha256().get()
              + "; the file was deleted",
          null);
    }
    try {
      Files.move(
          part, req.target(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new DownloadException(
          req.url(), DownloadException.Reason.FILE_SYSTEM, "cannot move into " + req.target(), e);
    }
    progress.accept(new DownloadProgress(done, done, resumedFrom));
    return new DownloadResult(
        req.target(), done, sha, req.expectedSha256().isPresent(), resumedFrom);
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // nothing to do
    }
  }
}
