package dev.cairn.ingest;

import java.util.Locale;

/**
 * How far the ingestor is inside one mail container (an mbox being streamed message by message).
 *
 * @param name the container's file name
 * @param messagesDone messages read so far, those committed by earlier runs included
 * @param messagesEstimated estimated messages in the whole container, from the bytes read so far
 *     (at least {@code messagesDone}; exact once {@code bytesDone == bytesTotal})
 * @param bytesDone bytes of the container read so far
 * @param bytesTotal the container's size
 */
public record ContainerProgress(
    String name, int messagesDone, int messagesEstimated, long bytesDone, long bytesTotal) {

  /** Read share in whole percent, from bytes (0–100). */
  public int percent() {
    if (bytesTotal <= 0) {
      return 100;
    }
    return (int) Math.min(100, bytesDone * 100 / bytesTotal);
  }

  /** "mail.mbox: 12,400 of ~48,000 messages (26 %)"; no "~" once the count is exact. */
  public String describe() {
    boolean exact = bytesDone >= bytesTotal;
    return String.format(
        Locale.ROOT,
        "%s: %,d of %s%,d messages (%d %%)",
        name,
        messagesDone,
        exact ? "" : "~",
        Math.max(messagesDone, messagesEstimated),
        percent());
  }
}
