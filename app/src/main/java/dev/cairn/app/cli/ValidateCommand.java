package dev.cairn.app.cli;

import dev.cairn.app.library.LibraryService;
import dev.cairn.app.library.ValidationResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code cairn validate [--collection NAME]}: exit 0 when sound, 1 with the problems otherwise. */
@Command(
    name = "validate",
    description = "Check a collection's index against its documents and checksums.",
    mixinStandardHelpOptions = true)
final class ValidateCommand implements Callable<Integer> {
  @ParentCommand CairnCli cli;

  @Option(
      names = "--collection",
      paramLabel = "NAME",
      defaultValue = LibraryService.DEFAULT_COLLECTION,
      description = "collection name (default: ${DEFAULT-VALUE})")
  String collection;

  @Override
  public Integer call() throws Exception {
    try (LibraryService library = cli.openLibrary()) {
      ValidationResult result = library.validate(collection);
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
      return CairnCli.EXIT_FAILURE;
    }
  }
}
