package dev.cairn.ingest;

import java.time.Duration;

/**
 * A snapshot of an ingestion run, sent after every file.
 *
 * @param filesSeen files found by the scan
 * @param filesDone files finished (any outcome, unchanged ones included)
 * @param filesFailed files that failed so far
 * @param bytesDone bytes of the files to process that are finished
 * @param bytesTotal bytes of all files that needed processing
 * @param chunks chunks added so far in this run
 * @param filesPerSecond finished files per second since the start
 * @param eta estimated time left, {@link Duration#ZERO} when unknown or done
 * @param currentFile the file just finished (or, with {@code container}, the one being read), null
 *     in the first event
 * @param container where the ingestor is inside the mail container being streamed, null when no
 *     container is being read
 */
public record IngestProgress(
    int filesSeen,
    int filesDone,
    int filesFailed,
    long bytesDone,
    long bytesTotal,
    int chunks,
    double filesPerSecond,
    Duration eta,
    String currentFile,
    ContainerProgress container) {

  public IngestProgress(
      int filesSeen,
      int filesDone,
      int filesFailed,
      long bytesDone,
      long bytesTotal,
      int chunks,
      double filesPerSecond,
      Duration eta,
      String currentFile) {
    this(
        filesSeen,
        filesDone,
        filesFailed,
        bytesDone,
        bytesTotal,
        chunks,
        filesPerSecond,
        eta,
        currentFile,
        null);
  }
}
