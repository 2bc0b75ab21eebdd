package dev.cairn.ingest;

/**
 * Counts over the whole store.
 *
 * @param files file rows of any state
 * @param indexed files INDEXED
 * @param skipped files SKIPPED
 * @param failed files FAILED
 * @param pending files PENDING
 * @param documents documents stored
 * @param chunks chunks stored
 * @param indexedBytes total size of the INDEXED files
 * @param databaseBytes size of the SQLite file (without its WAL)
 */
public record StoreStats(
    int files,
    int indexed,
    int skipped,
    int failed,
    int pending,
    int documents,
    int chunks,
    long indexedBytes,
    long databaseBytes) {}
