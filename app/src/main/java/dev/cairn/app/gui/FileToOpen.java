package dev.cairn.app.gui;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Which file "Open" hands to the desktop for a result: the result's file, or for a message inside a
 * mail container the message alone ({@code LibraryService.fileToOpen}). {@link #prepare} runs on
 * the UI thread (it may read what is selected there); the returned work runs in the background.
 */
@FunctionalInterface
public interface FileToOpen {
  /** The result's own file, nothing extracted. */
  FileToOpen ITS_FILE = (place, chunkId) -> () -> place;

  /**
   * The work that finds (or writes) the file to open for the result {@code chunkId} at {@code
   * place} (its file, or one of the other places it is also in); called on the UI thread.
   */
  Callable<Path> prepare(Path place, long chunkId);
}
