package dev.cairn.app.cli;

import dev.cairn.app.library.CollectionInfo;
import dev.cairn.app.library.LibraryException;
import dev.cairn.app.library.LibraryService;
import dev.cairn.app.server.CairnTools;
import dev.cairn.app.server.Scope;
import dev.cairn.app.server.ServerSettingsStore;
import dev.cairn.app.server.ToolException;
import java.util.List;
import java.util.Optional;

/** The {@code --collections} option of {@code cairn mcp} and {@code cairn serve}. */
final class ServerScopes {
  private ServerScopes() {}

  /**
   * The scope for this run: {@code names} when given (each must exist), else the saved choice.
   *
   * @throws CairnCli.UsageException naming a collection that does not exist
   */
  static Scope scope(LibraryService library, List<String> names) throws LibraryException {
    if (names == null) {
      return new Scope(new ServerSettingsStore(library.home()), Optional.empty());
    }
    List<String> existing = library.collections().stream().map(CollectionInfo::name).toList();
    List<String> cleaned = names.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    for (String name : cleaned) {
      if (!existing.contains(name)) {
        throw new CairnCli.UsageException(
            "no collection '" + name + "' (collections: " + String.join(", ", existing) + ")");
      }
    }
    return new Scope(new ServerSettingsStore(library.home()), Optional.of(cleaned));
  }

  /** "2 collections (mail, notes)" or "no collection (...)". */
  static String describe(CairnTools tools) {
    try {
      List<String> names = tools.visibleCollections().stream().map(CollectionInfo::name).toList();
      return names.isEmpty()
          ? "no collection (share one with `cairn apps expose NAME`)"
          : names.size() + " collection(s): " + String.join(", ", names);
    } catch (ToolException e) {
      return "(cannot read the shared collections: " + e.getMessage() + ")";
    }
  }
}
