package dev.cairn.app.server;

import static dev.cairn.app.server.CairnTools.ASK;
import static dev.cairn.app.server.CairnTools.MAX_K;
import static dev.cairn.app.server.CairnTools.MAX_QUERY_CHARS;
import static dev.cairn.app.server.CairnTools.SEARCH;

import dev.cairn.app.library.Answer;
import dev.cairn.app.library.AnswerListener;
import dev.cairn.app.library.AnswerRequest;
import dev.cairn.app.library.AnswerTask;
import dev.cairn.app.library.LibraryException;
import dev.cairn.app.library.LibraryService;
import dev.cairn.app.library.ResultItem;
import dev.cairn.app.library.SearchFilter;
import dev.cairn.app.library.SearchMode;
import dev.cairn.app.library.SearchRequest;
import dev.cairn.app.library.SearchResponse;
import dev.cairn.app.library.Source;
import dev.cairn.app.server.ToolException.Code;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The two query tools, {@code search} and {@code ask}: their arguments, the library call, and the
 * structured and text results. The collection a call may reach comes from {@link
 * CairnTools#exposedCollection} (the user's choice of exposed collections); the call's log entry
 * and its cancellation checks stay in {@link CairnTools#call}. Touches only {@link LibraryService}.
 */
final class QueryTools {
  private final LibraryService library;
  private final CairnTools tools;

  QueryTools(LibraryService library, CairnTools tools) {
    this.library = library;
    this.tools = tools;
  }

  CairnTools.Result search(Map<String, Object> arguments) throws ToolException {
    ToolArguments a =
        new ToolArguments(SEARCH, arguments, Set.of("query", "collection", "k", "mode", "filters"));
    String query = a.requiredText("query", MAX_QUERY_CHARS);
    String collection = tools.exposedCollection(a);
    int k = a.integer("k", 1, MAX_K, 10);
    SearchMode mode;
    try {
      mode = SearchMode.parse(a.optionalText("mode").orElse("hybrid"));
    } catch (IllegalArgumentException e) {
      throw new ToolException(Code.INVALID_ARGUMENT, "search: " + e.getMessage());
    }
    SearchFilter filter = SearchFilters.parse(a);
    SearchResponse response;
    try {
      response = library.search(new SearchRequest(collection, query, k, mode, filter));
    } catch (IllegalArgumentException e) {
      throw new ToolException(Code.INVALID_ARGUMENT, "search: " + e.getMessage());
    } catch (LibraryException e) {
      throw CairnTools.translate(e);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (ResultItem item : response.items()) {
      rows.add(Passages.json(item));
      text.append(item.rank())
          .append(". ")
          .append(Passages.location(item))
          .append(String.format(java.util.Locale.ROOT, " (score %.4f)%n   ", item.score()))
          .append(item.snippet().replace('\n', ' '))
          .append('\n');
    }
    if (rows.isEmpty()) {
      text.append("no results\n");
    }
    response.notices().forEach(n -> text.append("note: ").append(n).append('\n'));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("collection", collection);
    out.put("mode", mode.label());
    out.put("results", rows);
    out.put("notices", response.notices());
    return new CairnTools.Result(out, text.toString().strip(), rows.size());
  }

  CairnTools.Result ask(Map<String, Object> arguments, CallCancellation cancellation)
      throws ToolException {
    ToolArguments a = new ToolArguments(ASK, arguments, Set.of("question", "collection", "k"));
    String question = a.requiredText("question", MAX_QUERY_CHARS);
    String collection = tools.exposedCollection(a);
    int k = a.integer("k", 1, 20, AnswerRequest.DEFAULT_K);
    AnswerTask task = library.ask(new AnswerRequest(collection, question, null, k), SILENT);
    Answer answer;
    try (CallCancellation.Registration stop = cancellation.onCancel(task::cancel)) {
      answer = task.await();
    } catch (LibraryException e) {
      if (e.kind() == LibraryException.Kind.CANCELLED && cancellation.isCancelled()) {
        cancellation.check(ASK);
      }
      throw CairnTools.translate(e);
    } catch (InterruptedException e) {
      task.cancel();
      Thread.currentThread().interrupt();
      throw new ToolException(Code.CANCELLED, "ask: interrupted; the answer was cancelled");
    }
    List<Map<String, Object>> citations = new ArrayList<>();
    StringBuilder text = new StringBuilder(answer.text().strip()).append("\n\nSources:\n");
    for (Source s : answer.sources()) {
      Map<String, Object> c = Passages.json(s.item());
      c.remove("rank");
      Map<String, Object> citation = new LinkedHashMap<>();
      citation.put("n", s.n());
      citation.putAll(c);
      citations.add(citation);
      text.append('[').append(s.n()).append("] ").append(Passages.location(s.item())).append('\n');
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("collection", collection);
    out.put("answer", answer.text());
    out.put("extractive", answer.extractive());
    out.put("answered_from_sources", answer.answeredFromSources());
    out.put("model", answer.modelDescription());
    out.put("citations", citations);
    return new CairnTools.Result(out, text.toString().strip(), citations.size());
  }

  private static final AnswerListener SILENT =
      new AnswerListener() {
        @Override
        public void onSources(List<Source> sources) {}

        @Override
        public void onToken(String token) {}

        @Override
        public void onComplete(Answer answer) {}

        @Override
        public void onError(LibraryException error) {}
      };
}
