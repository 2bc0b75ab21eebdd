package dev.cairn.app.gui;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import dev.cairn.app.library.CairnHome;
import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.LibraryException;
import dev.cairn.app.library.LibraryService;
import dev.cairn.app.library.Settings;
import java.nio.file.Path;
import java.util.Objects;
import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Cairn desktop window.
 *
 * <p>Started by {@link DesktopLauncher} it opens a {@link DefaultLibraryService} on the platform
 * data folder in {@link #init()} (off the UI thread), owns it and closes it in {@link #stop()}.
 * Tests pass their own service and executor, which they keep owning.
 */
public final class CairnApp extends Application {
  private static final Logger LOG = LoggerFactory.getLogger(CairnApp.class);

  private LibraryService service;
  private TaskExecutor executor;
  private boolean ownsService;
  private boolean ownsExecutor;
  private LibraryException startupError;
  private WindowStateStore windowStore;
  private Stage stage;
  private MainView view;
  private AutoCloseable localChannel;

  /** Used by {@link Application#launch}: opens the service for the default home in init. */
  public CairnApp() {}

  /**
   * A window on {@code service}, doing its slow work through {@code executor}; the caller keeps
   * owning (and closes) both.
   */
  public CairnApp(LibraryService service, TaskExecutor executor) {
    this.service = Objects.requireNonNull(service, "service");
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  @Override
  public void init() {
    if (service != null) {
      return;
    }
    Path home = CairnHome.defaultHome();
    try {
      service = DefaultLibraryService.open(home);
      ownsService = true;
      localChannel = WindowLocalChannel.start(service);
    } catch (LibraryException e) {
      LOG.error("cannot open Cairn's library at {}", home, e);
      startupError = e;
    }
    executor = new FxTaskExecutor(3);
    ownsExecutor = true;
  }

  @Override
  public void start(Stage stage) {
    this.stage = stage;
    if (executor == null) {
      init();
    }
    stage.setTitle("Cairn");
    if (service == null) {
      showStartupError(stage);
      return;
    }
    Themes.apply(service.settings().theme());
    windowStore = new WindowStateStore(service.home().resolve("window.json"));
    WindowState state = windowStore.load();
    view = new MainView(service, executor, Themes::apply);
    Scene scene = new Scene(view, state.width(), state.height());
    scene.getStylesheets().add(Themes.CAIRN_CSS);
    view.installShortcuts(scene);
    view.show(state.screenOrDefault());
    stage.setScene(scene);
    stage.setMinWidth(WindowState.MIN_WIDTH);
    stage.setMinHeight(WindowState.MIN_HEIGHT);
    if (!Double.isNaN(state.x()) && onSomeScreen(state)) {
      stage.setX(state.x());
      stage.setY(state.y());
    }
    stage.setMaximized(state.maximized());
    stage.setOnHidden(e -> saveWindowState());
    stage.show();
    view.attachHiddenScreensGradually();
  }

  private static boolean onSomeScreen(WindowState s) {
    return !javafx.stage.Screen.getScreensForRectangle(
            new Rectangle2D(s.x(), s.y(), Math.max(1, s.width()), Math.max(1, s.height())))
        .isEmpty();
  }

  /** The window's current bounds and screen, as they would be saved now. */
  WindowState currentWindowState() {
    return new WindowState(
        stage.getX(),
        stage.getY(),
        stage.getScene().getWidth(),
        stage.getScene().getHeight(),
        stage.isMaximized(),
        view.screenProperty().get().name());
  }

  private void saveWindowState() {
    if (windowStore == null || stage.getScene() == null) {
      return;
    }
    try {
      windowStore.save(currentWindowState());
    } catch (RuntimeException e) {
      LOG.warn("could not remember the window's size: {}", e.getMessage());
    }
  }

  private void showStartupError(Stage stage) {
    Themes.apply(Settings.Theme.SYSTEM);
    Message message =
        new Message(
            "Cairn cannot open its library",
            startupError == null ? "Unknown error." : startupError.getMessage());
    message.getStyleClass().add(Styles.DANGER);
    StackPane root = new StackPane(message);
    root.setPadding(new Insets(24));
    stage.setScene(new Scene(root, 640, 240));
    stage.show();
  }

  @Override
  public void stop() {
    if (view != null) {
      view.connectedAppsViewModel().close();
    }
    if (ownsExecutor && executor != null) {
      executor.close();
    }
    WindowLocalChannel.close(localChannel);
    if (ownsService && service != null) {
      service.close();
    }
  }

  /** The window's content, once started (for tests and screenshots). */
  public MainView view() {
    return view;
  }
}
