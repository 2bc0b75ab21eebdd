package dev.cairn.ingest;

import java.time.Duration;

/**
 * What one {@link Ingestor#ingest} call did.
 *
 * @param filesSeen files found by the scan (including ones that could not be read)
 * @param indexed files (re)indexed by this call
 * @param unchanged files left alone because size+mtime or content hash were unchanged
 * @param skipped files recorded SKIPPED by this call
 * @param failed files recorded FAILED by this call
 * @param chunksAdded chunks inserted
 * @param chunksRemoved chunks deleted (changed or deleted files)
 * @param elapsed wall time of the call
 */
public record IngestSummary(
    int filesSeen,
    int indexed,
    int unchanged,
    int skipped,
    int failed,
    int chunksAdded,
    int chunksRemoved,
    Duration elapsed) {}
