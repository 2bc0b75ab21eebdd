package dev.cairn.app.gui;

import atlantafx.base.theme.Styles;
import dev.cairn.app.library.CollectionInfo;
import dev.cairn.app.library.LibraryService;
import dev.cairn.app.library.Settings;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The main window's content: the side bar (collection picker, navigation, theme switch) and the
 * five screens. It is also where the view models are put together, each with the injected service
 * and executor.
 */
public final class MainView extends BorderPane {
  private final CollectionsModel collections;
  private final LibraryViewModel library;
  private final SearchViewModel search;
  private final ChatViewModel chat;
  private final SettingsViewModel settings;
  private final ConnectedAppsViewModel connectedApps;
  private final HealthViewModel health;
  private final LanguageNoticeViewModel languageNotice;
  private final Map<Screen, Node> screens = new EnumMap<>(Screen.class);
  private final EnumSet<Screen> loadedScreens = EnumSet.noneOf(Screen.class);
  private final Map<Screen, ToggleButton> navButtons = new EnumMap<>(Screen.class);
  private final ObjectProperty<Screen> screen = new SimpleObjectProperty<>(this, "screen");
  private final SearchView searchView;
  private final ChatView chatView;
  private final StackPane content = new StackPane();

  /**
   * @param themeApplier switches between the light and dark theme when Settings changes it
   */
  public MainView(
      LibraryService service, TaskExecutor executor, Consumer<Settings.Theme> themeApplier) {
    setId("main");
    collections = new CollectionsModel(service, executor);
    library = new LibraryViewModel(service, executor, collections);
    // Scanned pages and images are read again by Tesseract (when installed) to mark the passage.
    java.util.function.Supplier<dev.cairn.ingest.OcrSupport> tesseract =
        new java.util.function.Supplier<>() {
          private volatile dev.cairn.ingest.OcrSupport probed;

          @Override
          public dev.cairn.ingest.OcrSupport get() {
            if (probed == null) {
              probed = dev.cairn.ingest.OcrSupport.probe(null);
            }
            return probed;
          }
        };
    PdfPageRenderer renderer =
        new PdfPageRenderer(
            110,
            new OcrPassageMarker(
                tesseract,
                String.join("+", service.settings().ocrLanguages()),
                java.time.Duration.ofSeconds(60)));
    DesktopApps desktop = new AwtDesktopApps();
    FileToOpen files =
        (place, chunkId) -> {
          String collection = collections.selected();
          return () -> service.fileToOpen(collection, place, chunkId);
        };
    search =
        new SearchViewModel(
            service,
            executor,
            collections,
            new PreviewViewModel(executor, renderer, desktop, files));
    // Warm the model and the selected collection's index, so the first search is not a cold start.
    collections
        .selectedProperty()
        .addListener(
            (obs, was, now) -> {
              if (now != null) {
                search.warmUp();
              }
            });
    chat = new ChatViewModel(service, executor, collections, desktop);
    settings = new SettingsViewModel(service, executor, themeApplier);
    connectedApps =
        new ConnectedAppsViewModel(
            service,
            executor,
            new dev.cairn.app.server.LocalServer(service),
            ConnectedAppsView::copyToClipboard);
    health = new HealthViewModel(service, executor, collections, library.indexing());

    searchView = new SearchView(search);
    chatView = new ChatView(chat, new PreviewViewModel(executor, renderer, desktop, files));
    languageNotice =
        new LanguageNoticeViewModel(
            service,
            executor,
            collections,
            library.indexing(),
            dev.cairn.app.library.EmbeddingDownloadCatalog.find(
                    dev.cairn.app.library.EmbeddingDownloadCatalog.MULTILINGUAL)
                .orElseThrow());
    screens.put(Screen.LIBRARY, new LibraryView(library, languageNotice));
    screens.put(Screen.SEARCH, searchView);
    screens.put(Screen.CHAT, chatView);
    screens.put(Screen.HEALTH, new HealthView(health, languageNotice));
    screens.put(Screen.SETTINGS, new SettingsView(settings, connectedApps));

    setLeft(sidebar());
    // Once attached, a screen stays in the scene (styled once); switching screens only shows one
    // and hides the others, so it costs the UI thread no CSS pass. The window opens with just the
    // screen it shows; attachHiddenScreensGradually() styles the others one per frame afterwards.
    content.setId("content");
    for (Screen s : Screen.values()) {
      Node node = screens.get(s);
      node.setVisible(false);
      node.managedProperty().bind(node.visibleProperty());
    }
    setCenter(content);
    screen.addListener(
        (obs, old, now) -> {
          if (old != null) {
            screens.get(old).setVisible(false);
          }
          attach(now);
          screens.get(now).setVisible(true);
          navButtons.get(now).setSelected(true);
          if (now == Screen.HEALTH) {
            health.refresh();
          }
          loadScreenOnce(now);
        });
    screen.set(Screen.LIBRARY);

    // Load locale data for dates and numbers off the UI thread before the first table fills.
    executor.submit(
        "warm up formats",
        () -> Formats.date(java.time.Instant.now()) + Formats.dateTime(java.time.Instant.now()),
        ok -> {},
        e -> {});
    collections.refresh();
    library.collectionActions().startWatchers();
    connectedApps.load(); // starts the local server when the user left it on
  }

  private boolean attach(Screen s) {
    Node node = screens.get(s);
    if (node.getParent() != null) {
      return false;
    }
    content.getChildren().add(node);
    return true;
  }

  /**
   * Attaches (and so styles and lays out) the screens not shown yet, one per frame, starting a few
   * frames after the window's first one: the first frame only pays for the visible screen, and a
   * later switch to any screen finds it ready. A screen the user opens earlier is attached then.
   */
  public void attachHiddenScreensGradually() {
    new AnimationTimer() {
      private int frame;

      @Override
      public void handle(long now) {
        frame++;
        if (frame < 3 || frame % 2 == 1) {
          return;
        }
        for (Screen s : Screen.values()) {
          if (attach(s)) {
            return;
          }
        }
        stop();
      }
    }.start();
  }

  /**
   * The chat and settings screens list the models, which probes the Ollama server (an HTTP client
   * whose set-up loads the JDK's TLS and crypto classes) and reads GGUF headers: done the first
   * time the screen is shown, not while the window is starting.
   */
  private void loadScreenOnce(Screen s) {
    if (!loadedScreens.add(s)) {
      return;
    }
    if (s == Screen.CHAT) {
      chat.picker().loadModels();
    } else if (s == Screen.SETTINGS) {
      settings.load();
    }
  }

  private Node sidebar() {
    Label brand = new Label("Cairn");
    brand.getStyleClass().add(Styles.TITLE_2);
    Label tagline = Ui.muted("Search and chat with your files, on this computer.");
    tagline.getStyleClass().add(Styles.TEXT_SMALL);
    tagline.setMaxWidth(180);

    ComboBox<CollectionInfo> picker = new ComboBox<>(collections.collections());
    picker.setId("collection-picker");
    picker.setMaxWidth(Double.MAX_VALUE);
    picker.setPromptText("No collection yet");
    picker.setButtonCell(new CollectionCell());
    picker.setCellFactory(lv -> new CollectionCell());
    collections.selectedInfoProperty().addListener((obs, old, now) -> picker.setValue(now));
    picker
        .valueProperty()
        .addListener(
            (obs, old, now) -> {
              if (now != null && !now.name().equals(collections.selected())) {
                collections.select(now.name());
              }
            });
    Label collectionLabel = new Label("Collection");
    collectionLabel.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);

    VBox nav = new VBox(4);
    ToggleGroup group = new ToggleGroup();
    for (Screen s : Screen.values()) {
      ToggleButton b = new ToggleButton(s.title());
      b.setId("nav-" + s.name().toLowerCase(java.util.Locale.ROOT));
      b.getStyleClass().addAll("nav-button", Styles.FLAT);
      b.setToggleGroup(group);
      b.setMaxWidth(Double.MAX_VALUE);
      b.setTooltip(new Tooltip(s.title() + " (" + s.shortcut() + ")"));
      b.setOnAction(
          e -> {
            if (!b.isSelected()) {
              b.setSelected(true); // the current screen stays highlighted
            }
            show(s);
          });
      navButtons.put(s, b);
      nav.getChildren().add(b);
    }

    ToggleButton dark = new ToggleButton("Dark mode");
    dark.setId("dark-mode");
    dark.getStyleClass().add(Styles.FLAT);
    dark.setMaxWidth(Double.MAX_VALUE);
    settings
        .themeProperty()
        .addListener((obs, old, now) -> dark.setSelected(now == Settings.Theme.DARK));
    dark.setOnAction(
        e -> {
          settings
              .themeProperty()
              .set(dark.isSelected() ? Settings.Theme.DARK : Settings.Theme.LIGHT);
          settings.save();
        });

    VBox spacer = new VBox();
    VBox.setVgrow(spacer, Priority.ALWAYS);
    VBox side = new VBox(10, brand, tagline, collectionLabel, picker, nav, spacer, dark);
    side.setId("sidebar");
    side.getStyleClass().add("sidebar");
    side.setPrefWidth(200);
    side.setAlignment(Pos.TOP_LEFT);
    VBox.setMargin(nav, new Insets(12, 0, 0, 0));
    return side;
  }

  /** Shows {@code s} and moves the keyboard focus to its main field. */
  public void show(Screen s) {
    screen.set(s);
    switch (s) {
      case SEARCH -> searchView.focusQuery();
      case CHAT -> chatView.focusInput();
      default -> {}
    }
  }

  /** Installs the keyboard shortcuts: Ctrl+K search, Ctrl+1…5 the screens. */
  void installShortcuts(Scene scene) {
    scene
        .getAccelerators()
        .put(
            new KeyCodeCombination(KeyCode.K, KeyCombination.SHORTCUT_DOWN),
            () -> show(Screen.SEARCH));
    KeyCode[] digits = {
      KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4, KeyCode.DIGIT5
    };
    Screen[] order = Screen.values();
    for (int i = 0; i < order.length; i++) {
      Screen s = order[i];
      scene
          .getAccelerators()
          .put(new KeyCodeCombination(digits[i], KeyCombination.SHORTCUT_DOWN), () -> show(s));
    }
  }

  public ObjectProperty<Screen> screenProperty() {
    return screen;
  }

  public CollectionsModel collectionsModel() {
    return collections;
  }

  public LibraryViewModel libraryViewModel() {
    return library;
  }

  public SearchViewModel searchViewModel() {
    return search;
  }

  public ChatViewModel chatViewModel() {
    return chat;
  }

  public ConnectedAppsViewModel connectedAppsViewModel() {
    return connectedApps;
  }

  public SettingsViewModel settingsViewModel() {
    return settings;
  }

  public LanguageNoticeViewModel languageNoticeViewModel() {
    return languageNotice;
  }

  public HealthViewModel healthViewModel() {
    return health;
  }

  private static final class CollectionCell extends ListCell<CollectionInfo> {
    @Override
    protected void updateItem(CollectionInfo item, boolean empty) {
      super.updateItem(item, empty);
      setText(empty || item == null ? null : item.name());
    }
  }
}
