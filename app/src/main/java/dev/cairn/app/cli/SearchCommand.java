package dev.cairn.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.library.LibraryService;
import dev.cairn.app.library.QueryOperators;
import dev.cairn.app.library.ResultItem;
import dev.cairn.app.library.SearchFilter;
import dev.cairn.app.library.SearchMode;
import dev.cairn.app.library.SearchRequest;
import dev.cairn.app.library.SearchResponse;
import dev.cairn.app.local.LocalChannelClient;
import dev.cairn.app.local.LocalChannelServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cairn search QUERY [--collection NAME] [-k N] [--mode M] [--filter K=V]... [--json]}. */
@Command(name = "search", description = "Search a collection.", mixinStandardHelpOptions = true)
final class SearchCommand implements Callable<Integer> {
  @ParentCommand CairnCli cli;

  @Parameters(index = "0", paramLabel = "QUERY", description = "what to look for")
  String query;

  @Option(
      names = "--collection",
      paramLabel = "NAME",
      defaultValue = LibraryService.DEFAULT_COLLECTION,
      description = "collection name (default: ${DEFAULT-VALUE})")
  String collection;

  @Option(
      names = "-k",
      paramLabel = "N",
      defaultValue = "10",
      description = "number of results (default: ${DEFAULT-VALUE})")
  int k;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      defaultValue = "hybrid",
      description = "hybrid, vector or lexical (default: ${DEFAULT-VALUE})")
  String mode;

  @Option(
      names = "--filter",
      paramLabel = "KEY=VALUE",
      description =
          "folder=DIR, type=EXT[,EXT] (pdf, md, eml...), from=DATE|TEXT, to=DATE|TEXT (a"
              + " date range, else the sender and the recipient), sender=TEXT,"
              + " recipient=TEXT, mailfolder=NAME, has=attachment, language=CODE, or a mail"
              + " operator from:TEXT to:TEXT folder:NAME after:DATE before:DATE has:attachment,"
              + " also written in the query itself (repeatable)")
  List<String> filters = new ArrayList<>();

  @Option(
      names = "--language",
      paramLabel = "CODE",
      description =
          "only documents detected to be in this language: an ISO 639-1 code such as zh, my, en"
              + " (`cairn stats` lists a collection's languages)")
  String language;

  @Option(names = "--json", description = "print a JSON array")
  boolean json;

  @Option(
      names = "--json-lines",
      description =
          "print one JSON object per line: first the unrefined results (lexical hits and"
              + " PQ-ordered candidates), then the final ones, each with its stage and cost")
  boolean jsonLines;

  @Option(
      names = "--in-process",
      description =
          "search in this process even when a Cairn window or `cairn serve` is running for this"
              + " home (by default the running one is asked: no model load, no index opening)")
  boolean inProcess;

  @Option(names = "--verbose", description = "say on stderr which process answered, and why")
  boolean verbose;

  /** How long a running Cairn may take for the whole answer before the search runs here. */
  private static final Duration RUNNING_CAIRN_TIMEOUT = Duration.ofSeconds(60);

  @Override
  public Integer call() throws Exception {
    SearchRequest request;
    try {
      SearchFilter filter = Filters.parse(filters);
      if (language != null) {
        filter = filter.withLanguage(language);
      }
      request = new SearchRequest(collection, query, k, SearchMode.parse(mode), filter);
      // a bad operator in the query is a usage error here, whoever answers the search
      QueryOperators.forSearch(request.query(), request.filter());
    } catch (IllegalArgumentException e) {
      throw new CairnCli.UsageException(e.getMessage());
    }
    // Made on first use: ObjectMapper's start-up (~0.3 s of CPU) would double the fast path.
    java.util.function.Supplier<ObjectMapper> mapper =
        new java.util.function.Supplier<>() {
          private ObjectMapper made;

          @Override
          public ObjectMapper get() {
            if (made == null) {
              made = new ObjectMapper();
            }
            return made;
          }
        };
    if (!inProcess) {
      LocalChannelClient.Result asked =
          LocalChannelClient.search(
              cli.resolvedHome(),
              request,
              jsonLines ? first -> printLine(mapper, "first", first) : null,
              RUNNING_CAIRN_TIMEOUT);
      if (asked instanceof LocalChannelClient.Answered a) {
        print(mapper, a.response());
        if (verbose) {
          cli.err.printf(
              Locale.ROOT,
              "answered by the running Cairn (%s, pid %d) over %s%n",
              a.servedBy(),
              a.pid(),
              LocalChannelServer.socketFile(cli.resolvedHome()));
        }
        return 0;
      }
      if (verbose && asked instanceof LocalChannelClient.Unanswered u) {
        cli.err.println("searching in process: " + u.reason());
      }
    }
    try (LibraryService library = cli.openLibrary()) {
      SearchResponse response =
          jsonLines
              ? library.search(request, first -> printLine(mapper, "first", first))
              : library.search(request);
      print(mapper, response);
      if (verbose) {
        cli.err.printf(
            Locale.ROOT, "answered in process (pid %d)%n", ProcessHandle.current().pid());
      }
      return 0;
    }
  }

  private void print(java.util.function.Supplier<ObjectMapper> mapper, SearchResponse response)
      throws Exception {
    if (jsonLines) {
      printLine(mapper, "final", response);
      return;
    }
    response.notices().forEach(n -> cli.err.println("note: " + n));
    if (json) {
      cli.out.println(
          mapper.get().writerWithDefaultPrettyPrinter().writeValueAsString(rows(response)));
    } else {
      if (response.items().isEmpty()) {
        cli.out.println("no results");
      }
      for (ResultItem item : response.items()) {
        cli.out.printf(
            Locale.ROOT, "%d. [%.4f] %s%n", item.rank(), item.score(), Describe.location(item));
        cli.out.println("   " + item.snippet().replace('\n', ' '));
        if (!item.alsoIn().isEmpty()) {
          cli.out.println(
              "   also in: "
                  + String.join(", ", item.alsoIn().stream().map(Path::toString).toList()));
        }
      }
    }
    cli.err.printf(
        Locale.ROOT,
        "%d results in %d ms (%d recomputed, %d from cache)%n",
        response.items().size(),
        response.elapsed().toMillis(),
        response.recomputed(),
        response.cacheHits());
  }

  /** One JSON object on one line: the stage, its results and what it cost. */
  private void printLine(
      java.util.function.Supplier<ObjectMapper> mapper, String stage, SearchResponse response) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("stage", stage);
    line.put("elapsed_ms", response.elapsed().toMillis());
    line.put("recomputed", response.recomputed());
    line.put("cache_hits", response.cacheHits());
    line.put("results", rows(response));
    try {
      cli.out.println(mapper.get().writeValueAsString(line));
      cli.out.flush();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write a result line as JSON", e);
    }
  }

  private static List<Map<String, Object>> rows(SearchResponse response) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ResultItem item : response.items()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("rank", item.rank());
      row.put("score", item.score());
      row.put("text", item.text());
      row.put("path", item.path().toString());
      row.put("page", item.page());
      row.put("title", item.title());
      row.put("chunk_id", item.chunkId());
      row.put("also_in", item.alsoIn().stream().map(Path::toString).toList());
      rows.add(row);
    }
    return rows;
  }
}
