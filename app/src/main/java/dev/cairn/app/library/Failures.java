package dev.cairn.app.library;

import dev.cairn.index.CorruptIndexException;
import dev.cairn.index.IndexLockedException;
import dev.cairn.index.IndexVersionException;
import dev.cairn.index.ModelMismatchException;
import java.io.IOException;

/** Turns module exceptions into user-readable {@link LibraryException}s with the next step. */
public final class Failures {
  private Failures() {}

  public static LibraryException io(String what, Exception e) {
    return new LibraryException(LibraryException.Kind.IO, what + ": " + message(e), e);
  }

  static LibraryException index(String what, IOException e) {
    return index(what, null, e);
  }

  /** The command that re-creates a collection's index from its document store. */
  static String rebuildCommand(String collection) {
    return collection == null ? "`cairn rebuild COLLECTION`" : "`cairn rebuild " + collection + "`";
  }

  /** The command that repairs what is safe to repair in place. */
  static String repairCommand(String collection) {
    return collection == null
        ? "`cairn validate --repair`"
        : "`cairn validate --repair --collection " + collection + "`";
  }

  /**
   * An index failure of {@code collection}: a damaged, outdated or foreign index names the one
   * command that fixes it.
   */
  static LibraryException index(String what, String collection, IOException e) {
    if (e instanceof CorruptIndexException c && c.section().equals("DELTA_FRAME")) {
      // the main graph is whole; only changes since it was written are damaged
      return new LibraryException(
          LibraryException.Kind.CORRUPT,
          what
              + ": "
              + message(e)
              + " — run "
              + repairCommand(collection)
              + " (it drops the damaged changes and embeds their chunks again)",
          e);
    }
    if (e instanceof CorruptIndexException
        || e instanceof IndexVersionException
        || e instanceof ModelMismatchException) {
      return new LibraryException(
          LibraryException.Kind.CORRUPT,
          what + ": " + message(e) + " — rebuild needed — run " + rebuildCommand(collection),
          e);
    }
    if (e instanceof IndexLockedException) {
      return new LibraryException(
          LibraryException.Kind.BUSY,
          what + ": " + message(e) + " — another Cairn process is using it; close it and retry",
          e);
    }
    if (e instanceof java.io.InterruptedIOException) {
      return new LibraryException(LibraryException.Kind.CANCELLED, what + ": cancelled", e);
    }
    return io(what, e);
  }

  public static LibraryException embedding(String what, Exception e) {
    if (e instanceof java.io.InterruptedIOException) {
      return new LibraryException(LibraryException.Kind.CANCELLED, what + ": cancelled", e);
    }
    return new LibraryException(
        LibraryException.Kind.MODEL_UNAVAILABLE, what + ": " + message(e), e);
  }

  /**
   * Waits for a background task's result; a {@link LibraryException} it failed with is rethrown as
   * is, any other failure becomes one saying {@code what} failed.
   */
  static <T> T await(java.util.concurrent.Future<T> result, String what)
      throws LibraryException, InterruptedException {
    try {
      return result.get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof LibraryException le) {
        throw le;
      }
      throw new LibraryException(
          LibraryException.Kind.IO, what + " failed: " + message(e.getCause()), e);
    }
  }

  static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replace('\n', ' ');
  }
}
