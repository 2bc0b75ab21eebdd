package dev.cairn.index;

import java.time.Instant;

/**
 * Size and shape of a {@link CairnIndex}.
 *
 * @param graphBytes bytes of the compressed CSR graph (block offsets, lengths, neighbour lists)
 * @param pqBytes bytes of the PQ codebook and codes
 * @param cacheBytes bytes of the hot-embedding cache file (SQLite, with its WAL)
 * @param otherBytes everything else in the index directory: header, chunk ids, tombstones, hubs
 * @param totalBytes sum of the four parts
 * @param flatEquivalentBytes size of the same vectors stored as float32: live size × dims × 4
 * @param storageRatio (graph + PQ + cache) / flatEquivalent, the LEANN storage figure
 * @param size live chunks (inserted, not deleted)
 * @param dimensions vector dimensions
 * @param averageDegree mean out-degree of the stored graph
 * @param hubFraction share of nodes kept as high-degree hubs
 * @param cacheHitRate cache hits / (cache hits + recomputations) since this index was opened
 * @param modelId embedding model identity the index was built with
 * @param lastModified when the index file was last written
 */
public record IndexStats(
    long graphBytes,
    long pqBytes,
    long cacheBytes,
    long otherBytes,
    long totalBytes,
    long flatEquivalentBytes,
    double storageRatio,
    int size,
    int dimensions,
    double averageDegree,
    double hubFraction,
    double cacheHitRate,
    String modelId,
    Instant lastModified) {}
