package dev.cairn.chat.models;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What to download.
 *
 * @param url http(s) URL of the file
 * @param target final file; a {@code <target>.part} file holds the partial download
 * @param expectedSha256 lower-case hex SHA-256 the finished file must have; empty to accept any
 *     content (the computed hash is still reported in {@link DownloadResult})
 * @param timeout connect and per-read inactivity timeout
 */
public record DownloadRequest(
    URI url, Path target, Optional<String> expectedSha256, Duration timeout) {
  public DownloadRequest {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(timeout, "timeout");
    expectedSha256 = expectedSha256 == null ? Optional.empty() : expectedSha256;
    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
      throw new IllegalArgumentException("only http(s) URLs can be downloaded, got " + url);
    }
    expectedSha256 = expectedSha256.map(s -> s.toLowerCase(Locale.ROOT));
    expectedSha256.ifPresent(
        s -> {
          if (!s.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("expectedSha256 is not 64 hex digits: " + s);
          }
        });
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
  }

  /** The partial-download file beside the target. */
  public Path partFile() {
    return target.resolveSibling(target.getFileName() + ".part");
  }
}
