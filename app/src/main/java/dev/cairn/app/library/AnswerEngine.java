package dev.cairn.app.library;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers questions for the service: retrieves sources with the default search mode, then streams
 * an answer from the chosen chat model (see {@link ChatModelCache}) or, without one, composes an
 * extractive answer. Runs on the service's {@code cairn-answer} threads.
 */
final class AnswerEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AnswerEngine.class);

  /** The search mode used to retrieve sources (the best measured mode, see pipeline.md). */
  static final SearchMode RETRIEVAL_MODE = SearchMode.HYBRID;

  static final String NO_MODEL = "extractive (no chat model configured)";

  private final DefaultLibraryService service;
  final ChatModelCache chatModels;

  AnswerEngine(DefaultLibraryService service) {
    this.service = service;
    this.chatModels = new ChatModelCache(service);
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

  /** Whether a model spec asks for no chat model. */
  static boolean isNone(String spec) {
    return spec == null || spec.equalsIgnoreCase("none") || spec.equalsIgnoreCase("extractive");
  }

  private final class Run implements AnswerTask {
    private final AnswerRequest request;
    private final AnswerListener listener;
    private final CompletableFuture<Answer> result = new CompletableFuture<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile ChatModelCache.Generation generation;

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
        Answer answer;
        if (isNone(spec)) {
          answer = extractive(sources, null, NO_MODEL);
        } else {
          answer = generate(spec, sources);
        }
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

    private Answer generate(String spec, List<Source> sources) throws LibraryException {
      ChatModelCache.Opened model;
      try {
        model = chatModels.open(spec);
      } catch (LibraryException e) {
        if (e.kind() != LibraryException.Kind.MODEL_UNAVAILABLE) {
          throw e;
        }
        // Never an error for the user: say why and quote the best passages instead.
        return extractive(sources, e.getMessage(), "extractive (" + e.getMessage() + ")");
      }
      if (sources.isEmpty()) {
        String text =
            "The collection has no passages matching this question, so it cannot be answered"
                + " from your files.";
        listener.onToken(text);
        return new Answer(text, sources, false, false, model.description());
      }
      generation = model.start(request.question(), sources, listener::onToken);
      if (cancelled.get()) {
        generation.cancel();
      }
      String text = generation.await();
      checkCancelled();
      return new Answer(text, sources, false, answeredFromSources(text), model.description());
    }

    private Answer extractive(List<Source> sources, String notice, String description) {
      ExtractiveAnswers.Result r = ExtractiveAnswers.compose(request.question(), sources);
      String text = notice == null ? r.text() : notice + "\n\n" + r.text();
      listener.onToken(text);
      return new Answer(text, sources, true, r.answeredFromSources(), description);
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
      ChatModelCache.Generation g = generation;
      if (g != null) {
        g.cancel();
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

  /** Phrases a chat model uses when the sources do not hold the answer (prompt asks for one). */
  static boolean answeredFromSources(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    return !(t.contains("do not contain")
        || t.contains("don't contain")
        || t.contains("does not contain")
        || t.contains("not in the sources")
        || t.contains("cannot be answered from"));
  }
}
