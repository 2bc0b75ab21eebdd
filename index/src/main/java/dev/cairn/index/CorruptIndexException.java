package dev.cairn.index;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An index or flat file is damaged (truncated, bit-flipped, inconsistent); names file + section.
 */
public class CorruptIndexException extends IOException {
  private final Path file;
  private final String section;

  public CorruptIndexException(Path file, String section, String detail) {
    super("corrupt index file " + file + ", section " + section + ": " + detail);
    this.file = file;
    this.section = section;
  }

  /** The damaged file. */
  public Path file() {
    return file;
  }

  /** The damaged section (HEADER, META, IDS, GRAPH, PQ_CODEBOOK, PQ_CODES, ...). */
  public String section() {
    return section;
  }
}
