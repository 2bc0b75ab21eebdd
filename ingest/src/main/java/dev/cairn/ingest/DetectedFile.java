package dev.cairn.ingest;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;

/**
 * A file as {@link FormatRegistry} detected it: its name, lower-case extension ("" when none),
 * detected base media type, the Tika metadata gathered so far and the open stream detection read.
 * Owns that stream: closing this closes it. Not thread-safe (the metadata is mutable); one file,
 * one extraction.
 */
record DetectedFile(
    Path path,
    String name,
    String extension,
    String type,
    Metadata metadata,
    TikaInputStream stream)
    implements AutoCloseable {

  @Override
  public void close() throws IOException {
    stream.close();
  }
}
