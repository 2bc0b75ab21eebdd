package dev.cairn.index;

import java.io.IOException;
import java.nio.file.Path;

/** The file was written in a format version this code does not read: rebuild needed. */
public class IndexVersionException extends IOException {
  public IndexVersionException(Path file, int found, int supported) {
    super(
        "index file "
            + file
            + " has format version "
            + found
            + ", this Cairn reads version "
            + supported
            + ": rebuild needed");
  }
}
