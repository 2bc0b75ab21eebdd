package dev.cairn.app.library;

import dev.cairn.chat.generate.ChatCompletion;
import dev.cairn.chat.generate.ChatException;
import dev.cairn.chat.generate.ChatModel;
import dev.cairn.chat.generate.ChatStream;
import dev.cairn.chat.generate.FinishReason;
import dev.cairn.chat.generate.TokenHandler;
import dev.cairn.chat.prompt.CitationParser;
import dev.cairn.chat.prompt.CitedPromptBuilder;
import dev.cairn.chat.prompt.SourcePassage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers questions for the service: retrieves sources with the default search mode, then streams
 * an answer from the chosen chat model (see {@link ChatModelCache}) or, without one, composes an
 * extractive answer. Runs on the service's {@code cairn-answer} threads.
 *
 * <p>One streaming path: the model's {@link TokenHandler} hands each token straight to the {@link
 * AnswerListener}; one prompt ({@link CitedPromptBuilder}); one reading of the reply ({@link
 * CitationParser#answeredFromSources}) for model and extractive answers alike.
 */
final class AnswerEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AnswerEngine.class);

  /** The search mode used to retrieve sources (the best measured mode, see pipeline.md). */
  static final SearchMode RETRIEVAL_MODE = SearchMode.HYBRID;

  static final String NO_MODEL = "extractive (no chat model configured)";

  /** How much longer than the request's own timeout to wait for a stream to end. */
  private static final Duration AWAIT_MARGIN = Duration.ofSeconds(10);

  private final DefaultLibraryService service;
  final ChatModelCache chatModels;

  /** The prompt with its limits (tests lower the token limit to keep the fixture model quick). */
  volatile CitedPromptBuilder prompt = new CitedPromptBuilder();

  AnswerEngine(DefaultLibraryService service) {
    this.service = service;
    this.chatModels = new ChatModelCache(service);
  }

  /** Starts answering the request with its question bounded ({@link QueryLimits#boundQuestion}). */
  AnswerTask ask(AnswerRequest request, AnswerListener listener) {
    String question = QueryLimits.boundQuestion(request.question());
    AnswerRequest bounded =
        question.equals(request.question())
            ? request
            : new AnswerRequest(request.collection(), question, request.modelSpec(), request.k());
    return start(bounded, listener);
  }

  AnswerTask start(AnswerRequest request, AnswerListener listener) {
    Run run = new Run(request, listener);
    try {
      service.answerExecutor.execute(run::execute);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      run.fail(new LibraryException(LibraryException.Kind.IO, "the library service is closed", e));
    }
    return run;
  }

  @Override
  public void close() {
    chatModels.close();
  }

  private final class Run implements AnswerTask {
    private final AnswerRequest request;
    private final AnswerListener listener;
    private final CompletableFuture<Answer> result = new CompletableFuture<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile ChatStream stream;

    Run(AnswerRequest request, AnswerListener listener) {
      this.request = request;
      this.listener = listener;
    }

    void execute() {
      try {
        SearchResponse retrieved =
            service.search(
                new SearchRequest(
                    request.collection(),
                    request.question(),
                    request.k(),
                    RETRIEVAL_MODE,
                    SearchFilter.NONE));
        List<Source> sources = new ArrayList<>();
        for (ResultItem item : retrieved.items()) {
          sources.add(new Source(sources.size() + 1, item));
        }
        checkCancelled();
        listener.onSources(List.copyOf(sources));
        String spec =
            request.modelSpec() != null ? request.modelSpec() : service.settings().chatModel();
        ChatModelChoice choice = ChatModelChoice.parse(spec, service.home().resolve("models"));
        Answer answer =
            switch (choice) {
              case ChatModelChoice.None none -> extractive(sources, null, NO_MODEL);
              case ChatModelChoice.Gguf gguf -> generate(() -> chatModels.open(gguf), sources);
              case ChatModelChoice.Ollama ollama ->
                  generate(() -> chatModels.open(ollama), sources);
            };
        checkCancelled();
        if (ended.compareAndSet(false, true)) {
          try {
            listener.onComplete(answer);
          } catch (RuntimeException ex) {
            LOG.warn("answer listener threw", ex);
          }
          result.complete(answer);
        }
      } catch (LibraryException e) {
        fail(e);
      } catch (RuntimeException e) {
        LOG.error("answering failed", e);
        fail(
            new LibraryException(
                LibraryException.Kind.IO, "answering failed: " + Failures.message(e), e));
      }
    }

    private Answer generate(ModelOpener opener, List<Source> sources) throws LibraryException {
      ChatModelCache.Lease lease;
      try {
        lease = opener.open();
      } catch (LibraryException e) {
        if (e.kind() != LibraryException.Kind.MODEL_UNAVAILABLE) {
          throw e;
        }
        // Never an error for the user: say why and quote the best passages instead.
        return extractive(sources, e.getMessage(), "extractive (" + e.getMessage() + ")");
      }
      try (lease) {
        return generate(lease.model(), sources);
      }
    }

    private Answer generate(ChatModel model, List<Source> sources) throws LibraryException {
      String description = model.describe();
      if (sources.isEmpty()) {
        String text =
            "The collection has no passages matching this question, so it cannot be answered"
                + " from your files.";
        listener.onToken(text);
        return new Answer(text, sources, false, false, description);
      }
      CitedPromptBuilder p = prompt;
      List<SourcePassage> passages = sources.stream().map(AnswerEngine::passage).toList();
      stream = model.stream(p.build(request.question(), passages), new Forward(listener));
      if (cancelled.get()) {
        stream.cancel();
      }
      String text = awaitText(stream, p.timeout().plus(AWAIT_MARGIN));
      checkCancelled();
      return new Answer(
          text, sources, false, CitationParser.answeredFromSources(text), description);
    }

    private Answer extractive(List<Source> sources, String notice, String description) {
      String quoted = ExtractiveAnswers.compose(request.question(), sources);
      String text = notice == null ? quoted : notice + "\n\n" + quoted;
      listener.onToken(text);
      return new Answer(text, sources, true, CitationParser.answeredFromSources(text), description);
    }

    private void checkCancelled() throws LibraryException {
      if (cancelled.get()) {
        throw new LibraryException(LibraryException.Kind.CANCELLED, "the answer was cancelled");
      }
    }

    void fail(LibraryException e) {
      if (ended.compareAndSet(false, true)) {
        try {
          listener.onError(e);
        } catch (RuntimeException ex) {
          LOG.warn("answer listener threw", ex);
        }
        result.completeExceptionally(e);
      }
    }

    @Override
    public void cancel() {
      cancelled.set(true);
      ChatStream s = stream;
      if (s != null) {
        s.cancel();
      }
    }

    @Override
    public boolean isDone() {
      return result.isDone();
    }

    @Override
    public Answer await() throws LibraryException, InterruptedException {
      return Failures.await(result, "answering");
    }
  }

  private interface ModelOpener {
    ChatModelCache.Lease open() throws LibraryException;
  }

  /** The prompt's view of a source: its number, "title, page N", and its text. */
  static SourcePassage passage(Source s) {
    ResultItem it = s.item();
    String title =
        it.title() == null || it.title().isBlank()
            ? String.valueOf(it.path().getFileName())
            : it.title().strip();
    if (it.page() > 0) {
      title += ", page " + it.page();
    }
    return new SourcePassage(s.n(), title, it.text());
  }

  /** Waits for the stream's text; a cancelled stream or interrupted wait ends as CANCELLED. */
  private static String awaitText(ChatStream stream, Duration wait) throws LibraryException {
    try {
      ChatCompletion c = stream.await(wait);
      if (c.reason() == FinishReason.CANCELLED) {
        throw new LibraryException(LibraryException.Kind.CANCELLED, "the answer was cancelled");
      }
      return c.text();
    } catch (ChatException e) {
      throw new LibraryException(
          LibraryException.Kind.MODEL_UNAVAILABLE,
          "the chat model failed while answering: " + Failures.message(e),
          e);
    } catch (InterruptedException e) {
      stream.cancel();
      Thread.currentThread().interrupt();
      throw new LibraryException(LibraryException.Kind.CANCELLED, "the answer was interrupted", e);
    }
  }

  /** Hands each token to the listener on the model's thread; the end is read from the stream. */
  private record Forward(AnswerListener listener) implements TokenHandler {
    @Override
    public void onToken(String token) {
      listener.onToken(token);
    }

    @Override
    public void onComplete(ChatCompletion completion) {}

    @Override
    public void onError(ChatException error) {}
  }
}
