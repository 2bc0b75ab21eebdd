package dev.cairn.app.cli.archviolation;

import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.LibraryException;

/**
 * Deliberately breaks a layer rule: a command reaching the collection's store through the members
 * the library made public for the evaluation harness. Lives in test sources only, so that {@code
 * LayerRulesTest} can prove the rule catches it.
 */
public final class IndexThroughTheLibrary {
  long chunks(DefaultLibraryService library) throws LibraryException {
    return library.handle("notes").store.stats().chunks();
  }
}
