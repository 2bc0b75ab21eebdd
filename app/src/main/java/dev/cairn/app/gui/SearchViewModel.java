package dev.cairn.app.gui;

import dev.cairn.app.library.LibraryService;
import dev.cairn.app.library.ResultGroups;
import dev.cairn.app.library.ResultItem;
import dev.cairn.app.library.SearchFilter;
import dev.cairn.app.library.SearchMode;
import dev.cairn.app.library.SearchRequest;
import dev.cairn.app.library.SearchResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Search screen: query, mode, filters, the result cards and the selected result, whose preview
 * {@link PreviewViewModel} loads. Plain Java; touch it on the UI thread only.
 */
public final class SearchViewModel {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(SearchViewModel.class);
  private final LibraryService service;
  private final TaskExecutor executor;
  private final CollectionsModel collections;
  private final PreviewViewModel preview;

  private final StringProperty query = new SimpleStringProperty(this, "query", "");
  private final ObjectProperty<SearchMode> mode =
      new SimpleObjectProperty<>(this, "mode", SearchMode.HYBRID);
  private final StringProperty fileType = new SimpleStringProperty(this, "fileType", "");
  private final StringProperty folder = new SimpleStringProperty(this, "folder", "");
  private final StringProperty sender = new SimpleStringProperty(this, "sender", "");
  private final ObjectProperty<LocalDate> from = new SimpleObjectProperty<>(this, "from");
  private final ObjectProperty<LocalDate> to = new SimpleObjectProperty<>(this, "to");
  private final ObservableList<ResultItem> results = FXCollections.observableArrayList();
  private final ObservableList<ResultItem> resultsView =
      FXCollections.unmodifiableObservableList(results);
  private final ObjectProperty<ResultItem> selected = new SimpleObjectProperty<>(this, "selected");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
  private final ReadOnlyBooleanWrapper refining = new ReadOnlyBooleanWrapper(this, "refining");
  private final java.util.Map<Long, List<ResultItem>> morePassages = new java.util.HashMap<>();
  private long generation;
  private TaskExecutor.BackgroundTask running;

  public SearchViewModel(
      LibraryService service,
      TaskExecutor executor,
      CollectionsModel collections,
      PreviewViewModel preview) {
    this.service = Objects.requireNonNull(service, "service");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.collections = Objects.requireNonNull(collections, "collections");
    this.preview = Objects.requireNonNull(preview, "preview");
    selected.addListener(
        (obs, old, now) ->
            preview.show(
                now,
                now == null || now.conversation() == null
                    ? List.of()
                    : morePassages.getOrDefault(now.chunkId(), List.of())));
  }

  /**
   * Loads the model and the selected collection's index in the background (when the window opens),
   * so that the first search is not a cold start. Failures are left for the search to report.
   */
  public void warmUp() {
    String collection = collections.selected();
    if (collection == null) {
      return;
    }
    executor.submit(
        "warm up search",
        () -> {
          service.warmUp(collection);
          return null;
        },
        ignored -> {},
        e -> LOG.info("warming up search in {} failed: {}", collection, e.toString()));
  }

  /** Runs the search in the background; a newer search makes older results be dropped. */
  public void search() {
    String collection = collections.selected();
    if (collection == null) {
      error.set("There is no collection yet — add a folder on the Library screen first.");
      return;
    }
    if (query.get() == null || query.get().isBlank()) {
      error.set("Type a few words to search for.");
      return;
    }
    SearchRequest request;
    try {
      request =
          new SearchRequest(
              collection, query.get(), SearchRequest.DEFAULT_K * 2, mode.get(), filter());
    } catch (IllegalArgumentException e) {
      error.set(UserMessages.describe(e));
      return;
    }
    long mine = ++generation;
    if (running != null) {
      running.cancel(); // a newer query replaces the older one; its results are dropped
    }
    error.set(null);
    busy.set(true);
    refining.set(false);
    status.set("Searching…");
    running =
        executor.submit(
            "search",
            () ->
                service.search(
                    request,
                    first ->
                        executor.runOnUi(
                            () -> {
                              if (mine == generation && busy.get()) {
                                showFirst(first);
                              }
                            })),
            response -> {
              if (mine == generation) {
                show(response);
              }
            },
            e -> {
              if (mine == generation) {
                busy.set(false);
                refining.set(false);
                status.set("");
                error.set(UserMessages.describe(e));
              }
            });
  }

  /** One row per document; remembers how many other passages each has. */
  private List<ResultItem> grouped(List<ResultItem> passages) {
    morePassages.clear();
    List<ResultItem> docs = new java.util.ArrayList<>();
    for (ResultGroups.Group g : ResultGroups.byDocument(passages)) {
      docs.add(g.best());
      morePassages.put(g.best().chunkId(), g.more());
    }
    return docs;
  }

  private static String describe(int documents) {
    return documents + (documents == 1 ? " result" : " results");
  }

  /** How many other passages of the same document the search found behind this result. */
  public int morePassages(ResultItem item) {
    return item == null ? 0 : morePassages.getOrDefault(item.chunkId(), List.of()).size();
  }

  /** The unrefined results, shown at once; the exact list replaces them in place. */
  private void showFirst(SearchResponse first) {
    if (first.items().isEmpty()) {
      return;
    }
    refining.set(true);
    List<ResultItem> docs = grouped(first.items());
    Lists.replaceMinimally(results, docs, ResultItem::chunkId);
    status.set(describe(docs.size()) + ", refining…");
    if (selected.get() == null) {
      selected.set(results.getFirst());
    }
  }

  SearchFilter filter() {
    ZoneId zone = ZoneId.systemDefault();
    return new SearchFilter(
        folder.get(),
        fileType.get(),
        from.get() == null ? null : from.get().atStartOfDay(zone).toInstant(),
        to.get() == null
            ? null
            : to.get().plusDays(1).atStartOfDay(zone).toInstant().minusMillis(1),
        sender.get());
  }

  private void show(SearchResponse response) {
    busy.set(false);
    refining.set(false);
    ResultItem wasSelected = selected.get();
    List<ResultItem> docs = grouped(response.items());
    Lists.replaceMinimally(results, docs, ResultItem::chunkId);
    status.set(
        docs.isEmpty()
            ? "No results — try other words, another mode, or fewer filters."
            : describe(docs.size()) + " in " + response.elapsed().toMillis() + " ms");
    ResultItem keep =
        wasSelected == null
            ? null
            : docs.stream()
                .filter(i -> i.chunkId() == wasSelected.chunkId())
                .findFirst()
                .orElse(null);
    selected.set(keep != null ? keep : docs.isEmpty() ? null : docs.getFirst());
  }

  /** Clears all filters. */
  public void clearFilters() {
    fileType.set("");
    folder.set("");
    sender.set("");
    from.set(null);
    to.set(null);
  }

  public StringProperty queryProperty() {
    return query;
  }

  public ObjectProperty<SearchMode> modeProperty() {
    return mode;
  }

  public StringProperty fileTypeProperty() {
    return fileType;
  }

  public StringProperty folderProperty() {
    return folder;
  }

  public StringProperty senderProperty() {
    return sender;
  }

  public ObjectProperty<LocalDate> fromProperty() {
    return from;
  }

  public ObjectProperty<LocalDate> toProperty() {
    return to;
  }

  public ObservableList<ResultItem> results() {
    return resultsView;
  }

  public ObjectProperty<ResultItem> selectedProperty() {
    return selected;
  }

  /** True while unrefined first results are shown and the exact list is being computed. */
  public ReadOnlyBooleanProperty refiningProperty() {
    return refining.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  public PreviewViewModel preview() {
    return preview;
  }
}
