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
 * @param currentFile the file just finished, null in the first event
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
    String currentFile) {}
