package dev.cairn.ingest;

import java.time.Duration;

/**
 * The time left in one run over a container, from the rate of this run so far: bytes read since the
 * run started (what earlier runs committed does not count, so a resumed run is not "infinitely
 * fast") over the time since. No estimate before {@link #MIN_ELAPSED} has passed and some bytes
 * were read, nor once the container is read. Not thread-safe: one run, one caller.
 */
final class ContainerEta {
  /** How long a run must have gone before its rate is trusted. */
  static final Duration MIN_ELAPSED = Duration.ofSeconds(2);

  private final ContainerClock clock;
  private final long startNanos;
  private final long startBytes;

  ContainerEta(ContainerClock clock, long startBytes) {
    this.clock = clock;
    this.startNanos = clock.nanoTime();
    this.startBytes = startBytes;
  }

  /**
   * The time left to read {@code bytesTotal}, or null when there is no estimate yet (or none left).
   */
  Duration remaining(long bytesDone, long bytesTotal) {
    long elapsed = clock.nanoTime() - startNanos;
    long read = bytesDone - startBytes;
    if (bytesDone >= bytesTotal || read <= 0 || elapsed < MIN_ELAPSED.toNanos()) {
      return null;
    }
    double nanosPerByte = elapsed / (double) read;
    return Duration.ofNanos(
        (long) Math.min(Long.MAX_VALUE / 2.0, (bytesTotal - bytesDone) * nanosPerByte));
  }
}
