package dev.cairn.ingest;

import java.time.Duration;
import java.util.Locale;

/**
 * How far the ingestor is inside one mail container (an mbox being streamed message by message, a
 * Maildir or Apple Mail folder read message by message).
 *
 * @param name the container's file name
 * @param messagesDone messages read so far, those committed by earlier runs included
 * @param messagesEstimated estimated messages in the whole container, from the bytes read so far
 *     (at least {@code messagesDone}; exact once {@code bytesDone == bytesTotal})
 * @param bytesDone bytes of the container read so far
 * @param bytesTotal the container's size
 * @param remaining the time left from this run's rate so far ({@link ContainerEta}), null while
 *     there is no estimate
 */
public record ContainerProgress(
    String name,
    int messagesDone,
    int messagesEstimated,
    long bytesDone,
    long bytesTotal,
    Duration remaining) {

  /** Progress without a time estimate. */
  public ContainerProgress(
      String name, int messagesDone, int messagesEstimated, long bytesDone, long bytesTotal) {
    this(name, messagesDone, messagesEstimated, bytesDone, bytesTotal, null);
  }

  /** Read share in whole percent, from bytes (0–100). */
  public int percent() {
    if (bytesTotal <= 0) {
      return 100;
    }
    return (int) Math.min(100, bytesDone * 100 / bytesTotal);
  }

  /**
   * "mail.mbox: 12,400 of ~48,000 messages (26 %), about 3 min left"; no "~" once the count is
   * exact, no time while there is no estimate.
   */
  public String describe() {
    boolean exact = bytesDone >= bytesTotal;
    String left = exact || remaining == null ? "" : ", about " + shortDuration(remaining) + " left";
    return String.format(
        Locale.ROOT,
        "%s: %,d of %s%,d messages (%d %%)%s",
        name,
        messagesDone,
        exact ? "" : "~",
        Math.max(messagesDone, messagesEstimated),
        percent(),
        left);
  }

  /** "5 s", "40 s", "3 min", "1 h 5 min": seconds to the next 5 under a minute, else minutes. */
  static String shortDuration(Duration d) {
    long s = Math.max(0, d.toSeconds());
    long fives = Math.max(5, (s + 4) / 5 * 5);
    if (fives < 60) {
      return fives + " s";
    }
    long min = Math.max(1, Math.round(s / 60.0));
    if (min < 60) {
      return min + " min";
    }
    return String.format(Locale.ROOT, "%d h %d min", min / 60, min % 60);
  }
}
