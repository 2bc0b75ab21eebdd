package dev.cairn.app.cli;

import dev.cairn.app.library.Answer;
import dev.cairn.app.library.AnswerListener;
import dev.cairn.app.library.AnswerRequest;
import dev.cairn.app.library.AnswerTask;
import dev.cairn.app.library.LibraryException;
import dev.cairn.app.library.LibraryService;
import dev.cairn.app.library.Source;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cairn ask QUESTION [--collection NAME] [--model SPEC]}: streams, then the sources. */
@Command(
    name = "ask",
    description = "Answer a question from a collection, citing its sources.",
    mixinStandardHelpOptions = true)
final class AskCommand implements Callable<Integer> {
  @ParentCommand CairnCli cli;

  @Parameters(index = "0", paramLabel = "QUESTION", description = "the question")
  String question;

  @Option(
      names = "--collection",
      paramLabel = "NAME",
      defaultValue = LibraryService.DEFAULT_COLLECTION,
      description = "collection name (default: ${DEFAULT-VALUE})")
  String collection;

  @Option(
      names = "--model",
      paramLabel = "SPEC",
      description =
          "chat model: a .gguf path, gguf:/path/model.gguf, ollama:NAME, or none (default: the"
              + " model in settings, else an extractive answer)")
  String model;

  @Option(
      names = "--ollama-host",
      paramLabel = "URL",
      description = "Ollama server for ollama: models (default: from settings)")
  URI ollamaHost;

  @Option(
      names = "-k",
      paramLabel = "N",
      defaultValue = "5",
      description = "number of sources (default: ${DEFAULT-VALUE})")
  int k;

  @Override
  public Integer call() throws Exception {
    AnswerRequest request;
    try {
      request = new AnswerRequest(collection, question, model, k);
      dev.cairn.app.library.QueryLimits.questionNotice(question)
          .ifPresent(n -> cli.err.println("note: " + n));
    } catch (IllegalArgumentException e) {
      throw new CairnCli.UsageException(e.getMessage());
    }
    try (LibraryService library = cli.openLibrary(ollamaHost)) {
      AnswerTask task =
          library.ask(
              request,
              new AnswerListener() {
                @Override
                public void onSources(List<Source> sources) {}

                @Override
                public void onToken(String token) {
                  cli.out.print(token);
                  cli.out.flush();
                }

                @Override
                public void onComplete(Answer answer) {}

                @Override
                public void onError(LibraryException error) {}
              });
      Answer answer = task.await();
      cli.out.println();
      cli.out.println();
      cli.out.println("Sources:");
      for (Source s : answer.sources()) {
        cli.out.println("[" + s.n() + "] " + Describe.location(s.item()));
      }
      cli.err.println("answered by " + answer.modelDescription());
      return 0;
    }
  }
}
