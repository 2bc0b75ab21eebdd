package dev.cairn.app.cli;

import dev.cairn.app.library.IndexingSummary;
import dev.cairn.app.library.LibraryService;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cairn reembed [COLLECTION] --embedder EMBEDDER}: moves a collection to another embedding
 * model or runtime, with progress on stderr; interrupted, it resumes at the next {@code reembed},
 * {@code rebuild} or {@code repair}.
 */
@Command(
    name = "reembed",
    description = {
      "Embed a collection's stored chunks again with another model or runtime.",
      "The old index answers searches until the new one is complete; progress is kept as it",
      "goes: run it again after an interruption and it resumes."
    },
    mixinStandardHelpOptions = true)
final class ReembedCommand implements Callable<Integer> {
  @ParentCommand CairnCli cli;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "COLLECTION",
      defaultValue = LibraryService.DEFAULT_COLLECTION,
      description = "collection name (default: ${DEFAULT-VALUE})")
  String collection;

  @Option(
      names = "--embedder",
      required = true,
      paramLabel = "EMBEDDER",
      description =
          "onnx, onnx:MODEL_FOLDER, gguf, gguf:/path/model.gguf, ollama:MODEL or"
              + " ollama:MODEL@http://HOST:PORT")
  String embedder;

  @Override
  public Integer call() throws Exception {
    try (LibraryService library = cli.openLibrary()) {
      IndexingSummary s = library.reembed(collection, embedder, new StderrProgress(cli)).await();
      if (s.cancelled()) {
        cli.out.println(
            "re-embed of collection '" + collection + "' stopped; run it again to resume");
        return CairnCli.EXIT_FAILURE;
      }
      cli.out.printf(
          Locale.ROOT,
          "re-embedded %d chunks of collection '%s' with %s in %.1f s%n",
          s.chunks(),
          collection,
          library.embedder(collection).current(),
          s.seconds());
      return 0;
    }
  }
}
