package dev.cairn.ingest;

import java.util.Arrays;

/** Thrown when chunk ids that a caller asked for are not (or no longer) in the store. */
public final class MissingChunksException extends StoreException {
  private static final long serialVersionUID = 1L;
  private final long[] missing;

  public MissingChunksException(long[] missing) {
    super(
        "chunk ids not in the document store: "
            + Arrays.toString(Arrays.copyOf(missing, Math.min(missing.length, 20)))
            + (missing.length > 20 ? " and " + (missing.length - 20) + " more" : ""));
    this.missing = missing.clone();
  }

  /** The ids that were asked for but not found. */
  public long[] missing() {
    return missing.clone();
  }
}
