package dev.cairn.ingest;

/**
 * Shared per-file counters: total characters taken (against {@code maxChars}) and whether the
 * caller gave up on this extraction (time limit), in which case every further SAX event aborts the
 * parse. One instance per file; {@code abandoned} is written by the waiting thread.
 */
final class ExtractionBudget {
  /** Text may expand to this many characters per byte of file before it counts as a bomb. */
  static final long MAX_EXPANSION = 100;

  /** Below this many characters no file counts as a bomb. */
  static final long BOMB_FLOOR = 2_000_000;

  private final long maxChars;
  private final long bombChars;
  private final long fileBytes;
  private long chars;
  private boolean limitHit;
  private String bomb;
  private volatile boolean abandoned;
  private volatile long lastProgressNanos = System.nanoTime();
  private volatile int partsDone;

  /**
   * @param maxChars most characters taken from the file
   * @param fileBytes the file's size, for the zip-bomb guard (text over {@link #MAX_EXPANSION}
   *     times the file size, and over {@link #BOMB_FLOOR}, stops the parse). This guards the whole
   *     document tree, which Tika's own per-parse {@code SecureContentHandler} cannot see when
   *     every embedded document goes to its own handler.
   */
  ExtractionBudget(long maxChars, long fileBytes) {
    this.maxChars = maxChars;
    this.fileBytes = fileBytes;
    long expanded =
        fileBytes > Long.MAX_VALUE / MAX_EXPANSION ? Long.MAX_VALUE : fileBytes * MAX_EXPANSION;
    this.bombChars = Math.max(BOMB_FLOOR, expanded);
  }

  /** The zip-bomb reason when the guard tripped, else null. */
  String bomb() {
    return bomb;
  }

  /**
   * Records that one embedded part (a message of a mailbox, an attachment) is done: the time limit
   * applies to each part, not to a whole container, so a mailbox of thousands of messages is not
   * cut off as long as each message is extracted in time.
   */
  void progressed() {
    partsDone++;
    lastProgressNanos = System.nanoTime();
  }

  /** Nanoseconds since the extraction started or its last part was done. */
  long idleNanos() {
    return System.nanoTime() - lastProgressNanos;
  }

  /** Embedded parts done so far. */
  int partsDone() {
    return partsDone;
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
    if (chars > bombChars && bomb == null) {
      bomb =
          "zip bomb suspected: over "
              + bombChars
              + " characters of text from a "
              + fileBytes
              + "-byte file";
      throw new TextLimitException(bomb);
    }
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
