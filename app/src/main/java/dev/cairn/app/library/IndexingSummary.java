package dev.cairn.app.library;

/**
 * The outcome of an indexing run.
 *
 * @param indexed files extracted and indexed in this run
 * @param unchanged files already indexed and not changed since
 * @param skipped files deliberately not indexed (unsupported, empty)
 * @param failed files that failed (encrypted, corrupt)
 * @param chunks chunks added in this run
 * @param seconds wall-clock seconds of the run
 * @param cancelled whether the run was cancelled before the end (what was done is kept)
 */
public record IndexingSummary(
    int indexed,
    int unchanged,
    int skipped,
    int failed,
    long chunks,
    double seconds,
    boolean cancelled) {}
