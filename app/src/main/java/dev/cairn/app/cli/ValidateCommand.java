package dev.cairn.app.cli;

import dev.cairn.app.library.IndexingSummary;
import dev.cairn.app.library.LibraryException;
import dev.cairn.app.library.LibraryService;
import dev.cairn.app.library.ValidationResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cairn validate [--collection NAME] [--repair]}: read-only check; exit 0 when sound,
 * {@value CairnCli#EXIT_DAMAGED} with each problem and its fix otherwise. {@code --repair} fixes
 * what is safe, then checks again.
 */
@Command(
    name = "validate",
    description = {
      "Check a collection's document store, index and cache (read-only).",
      "Each problem is printed with the one command that fixes it."
    },
    mixinStandardHelpOptions = true)
final class ValidateCommand implements Callable<Integer> {
  @ParentCommand CairnCli cli;

  @Option(
      names = "--collection",
      paramLabel = "NAME",
      defaultValue = LibraryService.DEFAULT_COLLECTION,
      description = "collection name (default: ${DEFAULT-VALUE})")
  String collection;

  @Option(
      names = "--repair",
      description =
          "repair what is safe: re-create a missing, unfinished or damaged index from the stored"
              + " documents, bring an incomplete one up to date")
  boolean repair;

  @Override
  public Integer call() throws Exception {
    try (LibraryService library = cli.openLibrary()) {
      ValidationResult result;
      try {
        result = library.validate(collection);
      } catch (LibraryException e) {
        if (!repair || e.kind() != LibraryException.Kind.CORRUPT) {
          throw e;
        }
        // the collection cannot even be opened (a damaged document store): repair it
        result = new ValidationResult(false, java.util.List.of(e.getMessage()));
      }
      if (!result.ok() && repair) {
        for (String problem : result.problems()) {
          cli.out.println("problem: " + problem);
        }
        cli.out.println("repairing collection '" + collection + "'…");
        IndexingSummary s = library.repair(collection, new StderrProgress(cli)).await();
        if (s.cancelled()) {
          cli.err.println("cairn: the repair of collection '" + collection + "' was cancelled");
          return CairnCli.EXIT_FAILURE;
        }
        result = library.validate(collection);
        if (result.ok()) {
          cli.out.println("collection '" + collection + "' is repaired and valid");
          return 0;
        }
      }
      if (result.ok()) {
        cli.out.println("collection '" + collection + "' is valid");
        return 0;
      }
      for (String problem : result.problems()) {
        cli.out.println("problem: " + problem);
      }
      cli.err.println(
          "cairn: collection '"
              + collection
              + "' has "
              + result.problems().size()
              + " problem(s): "
              + CairnCli.oneLine(new Exception(result.problems().getFirst())));
      return CairnCli.EXIT_DAMAGED;
    }
  }
}
