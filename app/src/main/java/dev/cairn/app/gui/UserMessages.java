package dev.cairn.app.gui;

import dev.cairn.app.library.LibraryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * Turns a failure into one sentence a user understands, with the next step. {@link
 * LibraryException}s already carry such a message; other exceptions are programming or I/O errors
 * and get a plain description plus where to look.
 */
final class UserMessages {
  private UserMessages() {}

  static String describe(Throwable error) {
    Throwable e = error;
    if (e instanceof UncheckedIOException u && u.getCause() != null) {
      e = u.getCause();
    }
    return switch (e) {
      case LibraryException le -> le.getMessage();
      case NoSuchFileException nf -> "The file " + nf.getFile() + " no longer exists.";
      case AccessDeniedException ad ->
          "Cairn may not read " + ad.getFile() + " — check the file's permissions.";
      case IOException io -> "Reading or writing a file failed: " + io.getMessage();
      case IllegalArgumentException iae -> iae.getMessage();
      default ->
          "Something went wrong ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + ") — see the log in the logs folder of Cairn's data location.";
    };
  }
}
