package dev.cairn.app.gui;

import dev.cairn.app.library.DefaultLibraryService;
import dev.cairn.app.library.LibraryService;
import dev.cairn.app.library.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/**
 * Takes the screenshots in {@code docs/screenshots/} from the real window, with real documents from
 * the shared data indexed into a temporary home. Run it under Xvfb through {@code
 * docs/screenshots/take.sh}. Arguments: output folder, scratch folder.
 */
public final class ScreenshotMain {
  private ScreenshotMain() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
    Path scratch =
        Files.createTempDirectory(
            args.length > 1 ? Path.of(args[1]) : Path.of("/tmp"), "cairn-shots");
    Files.createDirectories(out);
    Path docs = TestLibrary.docs();
    Path library = scratch.resolve("Research and mail");
    TestLibrary.mixedFolder(library);
    Files.copy(
        docs.resolve("unstructured_example_docs/pdf/multi-column-2p.pdf"),
        library.resolve("multi-column-2p.pdf"));
    Path mail = library.resolve("mail");
    Files.createDirectories(mail);
    try (var emails = Files.list(docs.resolve("emails_mailing_list_linux_s390/eml"))) {
      List<Path> eml =
          emails.filter(p -> p.toString().endsWith(".eml")).sorted().limit(40).toList();
      for (Path p : eml) {
        Files.copy(p, mail.resolve(p.getFileName()));
      }
    }

    Platform.startup(() -> {});
    try (LibraryService service = DefaultLibraryService.open(scratch.resolve("home"));
        FxTaskExecutor executor = new FxTaskExecutor(3)) {
      Stage stage = onFx(Stage::new);
      CairnApp app = new CairnApp(service, executor);
      onFx(
          () -> {
            app.start(stage);
            stage.setWidth(1280);
            stage.setHeight(820);
            return null;
          });
      MainView view = app.view();
      pause(1500);
      shot(stage, out.resolve("library-empty.png"));

      onFx(
          () -> {
            view.libraryViewModel().indexing().addPaths(List.of(library));
            return null;
          });
      waitFor(
          Duration.ofSeconds(30),
          () -> view.libraryViewModel().indexing().progressProperty().get() > 0.1);
      shot(stage, out.resolve("library-indexing.png"));
      waitFor(
          Duration.ofMinutes(5),
          () ->
              view.libraryViewModel().indexing().stateProperty().get()
                  == IndexingViewModel.State.FINISHED);
      pause(1500);
      shot(stage, out.resolve("library.png"));

      onFx(
          () -> {
            view.show(Screen.SEARCH);
            view.searchViewModel()
                .queryProperty()
                .set("document layout analysis with deep learning");
            view.searchViewModel().search();
            return null;
          });
      waitFor(
          Duration.ofSeconds(60),
          () -> view.searchViewModel().preview().pageProperty().get() != null);
      pause(1000);
      shot(stage, out.resolve("search-pdf-preview.png"));

      onFx(
          () -> {
            view.searchViewModel().queryProperty().set("who can read my synced notes? encryption");
            view.searchViewModel().search();
            return null;
          });
      waitFor(Duration.ofSeconds(60), () -> !view.searchViewModel().results().isEmpty());
      pause(1500);
      shot(stage, out.resolve("search.png"));

      onFx(
          () -> {
            view.show(Screen.CHAT);
            view.chatViewModel()
                .conversation()
                .questionProperty()
                .set("How can I restore an older version of a note?");
            view.chatViewModel().conversation().send();
            return null;
          });
      waitFor(
          Duration.ofSeconds(90),
          () ->
              !view.chatViewModel().conversation().messages().isEmpty()
                  && view.chatViewModel().conversation().messages().getLast().state()
                      != ChatMessage.State.STREAMING);
      pause(1000);
      onFx(
          () -> {
            var answer = view.chatViewModel().conversation().messages().getLast();
            if (!answer.sources().isEmpty()) {
              // Open the first citation, as a click on [1] would.
              stage.getScene().getRoot().lookupAll(".citation").stream()
                  .findFirst()
                  .ifPresent(n -> ((javafx.scene.control.Hyperlink) n).fire());
            }
            return null;
          });
      pause(2000);
      shot(stage, out.resolve("chat-no-model.png"));

      onFx(
          () -> {
            view.show(Screen.HEALTH);
            view.healthViewModel().validate();
            return null;
          });
      waitFor(
          Duration.ofSeconds(60),
          () ->
              view.healthViewModel().validationProperty().get() != null
                  && !view.healthViewModel().validatingProperty().get());
      pause(1000);
      shot(stage, out.resolve("health.png"));

      onFx(
          () -> {
            view.show(Screen.SETTINGS);
            return null;
          });
      pause(1500);
      shot(stage, out.resolve("settings.png"));

      onFx(
          () -> {
            Themes.apply(Settings.Theme.DARK);
            view.show(Screen.SEARCH);
            return null;
          });
      pause(1500);
      shot(stage, out.resolve("search-dark.png"));
      onFx(
          () -> {
            view.show(Screen.LIBRARY);
            return null;
          });
      pause(1000);
      shot(stage, out.resolve("library-dark.png"));
      onFx(
          () -> {
            stage.close();
            return null;
          });
    }
    Platform.exit();
    System.exit(0);
  }

  private static <T> T onFx(Callable<T> work) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    Platform.runLater(
        () -> {
          try {
            result.complete(work.call());
          } catch (Exception | Error e) {
            result.completeExceptionally(e);
          }
        });
    return result.get(60, TimeUnit.SECONDS);
  }

  private static void shot(Stage stage, Path file) throws Exception {
    WritableImage image = onFx(() -> stage.getScene().snapshot(null));
    ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
    System.out.println("wrote " + file);
  }

  private static void waitFor(Duration timeout, BooleanSupplier condition) throws Exception {
    if (!TestLibrary.waitFor(
        timeout,
        () -> {
          try {
            return onFx(condition::getAsBoolean);
          } catch (Exception e) {
            return false;
          }
        })) {
      System.out.println("gave up waiting after " + timeout);
    }
  }

  private static void pause(long millis) throws InterruptedException {
    Thread.sleep(millis);
  }
}
