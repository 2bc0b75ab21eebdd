package dev.cairn.app.gui;

import dev.cairn.app.library.CollectionInfo;
import dev.cairn.app.library.LibraryService;
import dev.cairn.app.server.ClientConfig;
import dev.cairn.app.server.LocalServer;
import dev.cairn.app.server.RequestLog;
import dev.cairn.app.server.ServerSettings;
import dev.cairn.app.server.ServerSettingsStore;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Settings → Connected apps: which collections other apps (assistants, editors) may search through
 * {@code cairn mcp} and the local server (none until the user ticks one), the server's switch and
 * port, the last requests, and the client configuration snippet to copy. Access is read-only
 * always. Plain Java; touch it on the UI thread only. Owns the window's {@link LocalServer}: {@link
 * #close} stops it.
 */
public final class ConnectedAppsViewModel implements AutoCloseable {
  /** Requests shown at most. */
  static final int RECENT = 20;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
          .withZone(ZoneId.systemDefault());

  /** Where the server stands. */
  public enum State {
    OFF,
    STARTING,
    ON,
    FAILED
  }

  /** One collection and whether other apps may see it. */
  public static final class Row {
    private final String name;
    private final BooleanProperty exposed;

    Row(String name, boolean exposed) {
      this.name = name;
      this.exposed = new SimpleBooleanProperty(this, "exposed", exposed);
    }

    public String name() {
      return name;
    }

    public BooleanProperty exposedProperty() {
      return exposed;
    }
  }

  private final LibraryService service;
  private final TaskExecutor executor;
  private final LocalServer server;
  private final Consumer<String> clipboard;
  private final ServerSettingsStore store;
  private final RequestLog log;

  private final ObservableList<Row> rows = FXCollections.observableArrayList();
  private final ObservableList<Row> rowsView = FXCollections.unmodifiableObservableList(rows);
  private final ObservableList<String> requests = FXCollections.observableArrayList();
  private final ObservableList<String> requestsView =
      FXCollections.unmodifiableObservableList(requests);
  private final BooleanProperty serverOn = new SimpleBooleanProperty(this, "serverOn", false);
  private final IntegerProperty port =
      new SimpleIntegerProperty(this, "port", ServerSettings.DEFAULT_PORT);
  private final ReadOnlyObjectWrapper<State> state =
      new ReadOnlyObjectWrapper<>(this, "state", State.OFF);
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
  private final ObjectProperty<ClientConfig.Client> client =
      new SimpleObjectProperty<>(this, "client", ClientConfig.Client.CLAUDE);
  private final ReadOnlyStringWrapper snippet = new ReadOnlyStringWrapper(this, "snippet", "");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
  private boolean applying;

  /**
   * @param clipboard puts text on the system clipboard (the view passes JavaFX's)
   */
  public ConnectedAppsViewModel(
      LibraryService service,
      TaskExecutor executor,
      LocalServer server,
      Consumer<String> clipboard) {
    this.service = Objects.requireNonNull(service, "service");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.server = Objects.requireNonNull(server, "server");
    this.clipboard = Objects.requireNonNull(clipboard, "clipboard");
    this.store = new ServerSettingsStore(service.home());
    this.log = new RequestLog(service.home());
    serverOn.addListener(
        (obs, was, now) -> {
          if (!applying) {
            switchServer(now);
          }
        });
    client.addListener((obs, was, now) -> updateSnippet());
    port.addListener((obs, was, now) -> updateSnippet());
  }

  /** Reads the collections, the saved choice and the request log; starts the server if saved on. */
  public void load() {
    record Loaded(List<CollectionInfo> collections, ServerSettings settings) {}
    executor.submit(
        "load connected apps",
        () -> new Loaded(service.collections(), store.load()),
        loaded -> {
          applying = true;
          try {
            List<Row> fresh = new ArrayList<>();
            for (CollectionInfo c : loaded.collections()) {
              Row row =
                  new Row(c.name(), loaded.settings().exposedCollections().contains(c.name()));
              row.exposedProperty().addListener((obs, was, now) -> saveExposure());
              fresh.add(row);
            }
            rows.setAll(fresh);
            port.set(loaded.settings().port());
            serverOn.set(loaded.settings().serverEnabled());
          } finally {
            applying = false;
          }
          updateSnippet();
          if (loaded.settings().serverEnabled() && state.get() != State.ON) {
            switchServer(true);
          }
        },
        this::fail);
    refreshRequests();
  }

  /** Re-reads the last requests (from every Cairn process of this home). */
  public void refreshRequests() {
    executor.submit(
        "read request log",
        () -> log.recent(RECENT),
        entries -> {
          List<String> lines = new ArrayList<>();
          for (int i = entries.size() - 1; i >= 0; i--) {
            lines.add(describe(entries.get(i)));
          }
          requests.setAll(lines);
        },
        this::fail);
  }

  /** One log entry as the screen shows it. */
  static String describe(RequestLog.Entry e) {
    return TIME.format(e.time())
        + "  "
        + e.tool()
        + (e.collection() == null ? "" : " · " + e.collection())
        + "  "
        + (e.outcome().equals("ok")
            ? e.results() + (e.results() == 1 ? " result" : " results")
            : "refused: " + e.outcome())
        + "  ("
        + e.transport()
        + ", "
        + e.millis()
        + " ms)";
  }

  /** Puts the snippet for the chosen client on the clipboard. */
  public void copySnippet() {
    clipboard.accept(snippet.get());
    status.set("Copied the " + client.get().label() + " configuration.");
  }

  private void updateSnippet() {
    snippet.set(
        new ClientConfig(ClientConfig.defaultLauncher(), service.home(), port.get())
            .snippet(client.get()));
  }

  private void saveExposure() {
    List<String> exposed =
        rows.stream().filter(r -> r.exposedProperty().get()).map(Row::name).toList();
    executor.submit(
        "save exposed collections",
        () -> {
          store.save(store.load().withExposedCollections(exposed));
          return exposed;
        },
        saved ->
            status.set(
                saved.isEmpty()
                    ? "No collection is shared with other apps."
                    : "Shared with other apps (read-only): " + String.join(", ", saved) + "."),
        this::fail);
  }

  private void switchServer(boolean on) {
    int chosen = port.get();
    error.set(null);
    if (on) {
      state.set(State.STARTING);
      status.set("Starting the local server…");
    }
    executor.submit(
        on ? "start local server" : "stop local server",
        () -> {
          store.save(store.load().withServerEnabled(on).withPort(chosen));
          if (on) {
            return server.start(chosen);
          }
          server.stop();
          return 0;
        },
        bound -> {
          if (on) {
            state.set(State.ON);
            status.set(
                "Listening on http://127.0.0.1:"
                    + bound
                    + " — apps need the token in "
                    + server.tokenFile());
          } else {
            state.set(State.OFF);
            status.set("The local server is off.");
          }
        },
        e -> {
          state.set(State.FAILED);
          applying = true;
          try {
            serverOn.set(false);
          } finally {
            applying = false;
          }
          fail(e);
        });
  }

  private void fail(Throwable e) {
    error.set(UserMessages.describe(e));
  }

  /** Stops the server (the window is closing). */
  @Override
  public void close() {
    server.close();
  }

  public ObservableList<Row> collections() {
    return rowsView;
  }

  public ObservableList<String> requests() {
    return requestsView;
  }

  /** The server's switch; turning it on or off starts or stops it and saves the choice. */
  public BooleanProperty serverOnProperty() {
    return serverOn;
  }

  /** The port used the next time the server starts (1024–65535). */
  public IntegerProperty portProperty() {
    return port;
  }

  public ReadOnlyObjectProperty<State> stateProperty() {
    return state.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  public ObjectProperty<ClientConfig.Client> clientProperty() {
    return client;
  }

  public ReadOnlyStringProperty snippetProperty() {
    return snippet.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }
}
