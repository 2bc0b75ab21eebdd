package dev.cairn.app.cli;

import dev.cairn.app.library.IndexingSummary;
import dev.cairn.app.library.LibraryService;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cairn rebuild [COLLECTION]}: re-creates a collection's index from its document store, with
 * progress on stderr; interrupted, it resumes at the next {@code rebuild} or {@code index}.
 */
@Command(
    name = "rebuild",
    description = {
      "Re-create a collection's index from its stored documents (no file is read again).",
      "Progress is kept as it goes: run it again after an interruption and it resumes.",
      "Searches keep using the old index until the new one is complete."
    },
    mixinStandardHelpOptions = true)
final class RebuildCommand implements Callable<Integer> {
  @ParentCommand CairnCli cli;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "COLLECTION",
      defaultValue = LibraryService.DEFAULT_COLLECTION,
      description = "collection name (default: ${DEFAULT-VALUE})")
  String collection;

  @Override
  public Integer call() throws Exception {
    try (LibraryService library = cli.openLibrary()) {
      IndexingSummary s = library.rebuild(collection, new StderrProgress(cli)).await();
      if (s.cancelled()) {
        cli.out.println("rebuild of collection '" + collection + "' cancelled");
        return CairnCli.EXIT_FAILURE;
      }
      cli.out.printf(
          Locale.ROOT, "rebuilt the index of collection '%s' in %.1f s%n", collection, s.seconds());
      return 0;
    }
  }
}
