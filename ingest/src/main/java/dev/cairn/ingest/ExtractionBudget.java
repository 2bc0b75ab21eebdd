package dev.cairn.ingest;

/**
 * Shared per-file counters: total characters taken (against {@code maxChars}) and whether the
 * caller gave up on this extraction (time limit), in which case every further SAX event aborts the
 * parse. One instance per file; {@code abandoned} is written by the waiting thread.
 */
final class ExtractionBudget {
  private final long maxChars;
  private long chars;
  private boolean limitHit;
  private volatile boolean abandoned;

  ExtractionBudget(long maxChars) {
    this.maxChars = maxChars;
  }

  void abandon() {
    abandoned = true;
  }

  boolean abandoned() {
    return abandoned;
  }

  boolean limitHit() {
    return limitHit;
  }

  long maxChars() {
    return maxChars;
  }

  /** Counts {@code n} characters; throws once the limit is passed or the parse was abandoned. */
  void take(int n) throws TextLimitException {
    check();
    chars += n;
    if (chars > maxChars) {
      limitHit = true;
      throw new TextLimitException("text limit of " + maxChars + " characters reached");
    }
  }

  void check() throws TextLimitException {
    if (abandoned || Thread.currentThread().isInterrupted()) {
      throw new TextLimitException("extraction abandoned");
    }
  }
}
