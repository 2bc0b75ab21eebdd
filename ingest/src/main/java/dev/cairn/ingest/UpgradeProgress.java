package dev.cairn.ingest;

/**
 * Told how far a schema upgrade of a document store has got, on the thread that opens the store
 * (about every thousand chunks and once at the end). Implementations must be quick and must not
 * touch the store being opened.
 */
@FunctionalInterface
public interface UpgradeProgress {
  /**
   * @param toVersion the schema version being written
   * @param step what is being done, in a few words for the user
   * @param done chunks (documents, for version 6) done so far
   * @param total chunks (documents, for version 6) to do
   */
  void progress(int toVersion, String step, long done, long total);
}
