package dev.cairn.app.library;

/**
 * Progress of a model download.
 *
 * @param bytesDone bytes on disk so far, including a part kept from an earlier attempt
 * @param bytesTotal size of the whole file, or -1 when the server did not say
 * @param resumedFrom bytes that were already on disk when this attempt started
 */
public record ModelDownloadProgress(long bytesDone, long bytesTotal, long resumedFrom) {
  /** Fraction done in 0..1, or -1 when the total is unknown. */
  public double fraction() {
    return bytesTotal > 0 ? Math.min(1.0, (double) bytesDone / bytesTotal) : -1;
  }
}
