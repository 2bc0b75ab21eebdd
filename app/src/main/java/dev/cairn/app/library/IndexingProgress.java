package dev.cairn.app.library;

import java.time.Duration;
import java.util.Objects;

/**
 * A snapshot of a running indexing task. Delivered to {@link IndexingListener#progress} on a
 * background thread, at most a few times per second.
 *
 * @param phase what the task is doing now
 * @param filesSeen files found so far
 * @param filesDone files processed (indexed, unchanged, skipped or failed)
 * @param filesFailed files that failed
 * @param chunks chunks produced so far
 * @param chunksEmbedded chunks embedded so far
 * @param ratePerSecond chunks embedded per second (0 until known)
 * @param eta estimated time left; {@code null} when unknown
 * @param currentFile the file being processed; {@code null} when none
 * @param container where the task is inside the mail container being read ("mail.mbox: 12,400 of
 *     ~48,000 messages (26 %)"); {@code null} when none is being read
 */
public record IndexingProgress(
    Phase phase,
    int filesSeen,
    int filesDone,
    int filesFailed,
    long chunks,
    long chunksEmbedded,
    double ratePerSecond,
    Duration eta,
    String currentFile,
    String container) {

  public IndexingProgress(
      Phase phase,
      int filesSeen,
      int filesDone,
      int filesFailed,
      long chunks,
      long chunksEmbedded,
      double ratePerSecond,
      Duration eta,
      String currentFile) {
    this(
        phase,
        filesSeen,
        filesDone,
        filesFailed,
        chunks,
        chunksEmbedded,
        ratePerSecond,
        eta,
        currentFile,
        null);
  }

  /** The phases of an indexing run. */
  public enum Phase {
    SCANNING,
    EXTRACTING,
    EMBEDDING,
    BUILDING_INDEX,
    PAUSED,
    DONE,
    CANCELLED,
    FAILED
  }

  public IndexingProgress {
    Objects.requireNonNull(phase, "phase");
  }
}
