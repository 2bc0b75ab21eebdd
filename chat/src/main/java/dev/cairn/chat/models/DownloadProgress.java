package dev.cairn.chat.models;

/**
 * Progress of a download.
 *
 * @param bytesDone bytes on disk so far (including a resumed part)
 * @param bytesTotal expected total, or -1 when the server did not say
 * @param resumedFrom bytes that were already on disk when this download started
 */
public record DownloadProgress(long bytesDone, long bytesTotal, long resumedFrom) {
  /** Fraction done in 0..1, or -1 when the total is unknown. */
  public double fraction() {
    return bytesTotal > 0 ? Math.min(1.0, (double) bytesDone / bytesTotal) : -1;
  }
}
