package dev.cairn.ingest;

import java.nio.file.Path;
import java.time.Instant;

/**
 * The store's status row for one file.
 *
 * @param path absolute, normalized path
 * @param state what happened to it
 * @param reason user-readable reason for SKIPPED/FAILED, a note such as "partly extracted: ..." for
 *     INDEXED files with a problem, null otherwise
 * @param size size in bytes when it was last seen
 * @param modified last-modified time when it was last seen
 * @param contentHash SHA-256 of the content as hex, null while PENDING or when never read
 * @param documents number of documents stored for it (messages, attachments, the file itself)
 * @param chunks number of chunks stored for it
 */
public record FileRecord(
    Path path,
    FileState state,
    String reason,
    long size,
    Instant modified,
    String contentHash,
    int documents,
    int chunks) {}
