package dev.cairn.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.IndexingListener;
import dev.cairn.app.library.LibraryService;
import dev.cairn.app.library.ResultGroups;
import dev.cairn.app.library.ResultItem;
import dev.cairn.app.library.SearchMode;
import dev.cairn.app.library.SearchRequest;
import dev.cairn.app.library.SearchResponse;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The search view model shows first results at once and replaces them with the refined list; a
 * newer query's results are never replaced by an older query's. A real library service over real
 * documents; the order of events is asserted, never their timing.
 */
class SearchRefiningTest {
  @TempDir static Path temp;
  private static LibraryService service;

  @BeforeAll
  static void indexTheMixedFolder() throws Exception {
    service = DefaultLibraryService.open(temp.resolve("home"), URI.create("http://127.0.0.1:1"));
    Path folder = TestLibrary.mixedFolder(temp.resolve("mixed"));
    service.index("mixed", List.of(folder), IndexingListener.NONE).await();
  }

  @AfterAll
  static void close() {
    service.close();
  }

  /** Runs submitted work only when the test says so, on the test's thread. */
  private static final class ManualExecutor implements TaskExecutor {
    private final Deque<Runnable> queued = new ArrayDeque<>();

    @Override
    public <T> BackgroundTask submit(
        String name, Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
      queued.add(
          () -> {
            T result;
            try {
              result = work.call();
            } catch (Exception e) {
              onFailure.accept(e);
              return;
            }
            onSuccess.accept(result);
          });
      return new BackgroundTask() {
        @Override
        public void cancel() {}

        @Override
        public boolean isDone() {
          return false;
        }
      };
    }

    void runLast() {
      queued.pollLast().run();
    }

    void runFirst() {
      queued.pollFirst().run();
    }

    @Override
    public void runOnUi(Runnable action) {
      action.run();
    }

    @Override
    public void close() {}
  }

  private static SearchViewModel newSearch(TaskExecutor executor) {
    CollectionsModel collections = new CollectionsModel(service, executor);
    collections.select("mixed");
    return new SearchViewModel(
        service,
        executor,
        collections,
        new PreviewViewModel(executor, new PdfPageRenderer(72), new AwtDesktopApps()));
  }

  @Test
  void firstResultsAreShownWhileRefiningThenReplacedByTheExactList() throws Exception {
    CurrentThreadTaskExecutor executor = new CurrentThreadTaskExecutor();
    SearchViewModel search = newSearch(executor);
    List<String> events = new ArrayList<>();
    List<List<Long>> shown = new ArrayList<>();
    search
        .refiningProperty()
        .addListener((obs, was, now) -> events.add(now ? "refining" : "refined"));
    search
        .results()
        .addListener(
            (ListChangeListener<ResultItem>)
                c -> shown.add(search.results().stream().map(ResultItem::chunkId).toList()));
    String query = "end-to-end encryption of the vault";
    search.queryProperty().set(query);
    search.search();

    SearchRequest request =
        new SearchRequest("mixed", query, SearchRequest.DEFAULT_K * 2, SearchMode.HYBRID, null);
    List<SearchResponse> firsts = new ArrayList<>();
    SearchResponse exact = service.search(request, firsts::add);
    assertThat(events).containsExactly("refining", "refined");
    assertThat(shown).isNotEmpty();
    assertThat(shown.getFirst())
        .as("the first list shown is the unrefined one")
        .containsExactlyElementsOf(bestPerDocument(firsts.getFirst()));
    assertThat(search.results())
        .extracting(ResultItem::chunkId)
        .as("the final list is the exact one")
        .containsExactlyElementsOf(bestPerDocument(exact));
    assertThat(search.results()).extracting(r -> r.path()).doesNotHaveDuplicates();
    assertThat(firsts.getFirst().recomputed()).isZero();
    assertThat(search.statusProperty().get()).matches("\\d+ results? in \\d+ ms");
    assertThat(search.busyProperty().get()).isFalse();
  }

  private static List<Long> bestPerDocument(SearchResponse r) {
    return ResultGroups.byDocument(r.items()).stream().map(g -> g.best().chunkId()).toList();
  }

  @Test
  void anOlderQueryFinishingLastNeverReplacesTheNewerResults() {
    ManualExecutor executor = new ManualExecutor();
    SearchViewModel search = newSearch(executor);
    search.queryProperty().set("roses are red, violets are blue");
    search.search();
    search.queryProperty().set("end-to-end encryption of the vault");
    search.search();
    executor.runLast(); // the newer query completes first
    List<ResultItem> newer = List.copyOf(search.results());
    assertThat(newer).isNotEmpty();
    executor.runFirst(); // then the older one, first results and final
    assertThat(search.results()).containsExactlyElementsOf(newer);
    assertThat(search.refiningProperty().get()).isFalse();
    assertThat(search.busyProperty().get()).isFalse();
  }
}
