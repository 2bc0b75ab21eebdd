package dev.cairn.app.gui;

import dev.cairn.app.library.ResultItem;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The preview of one result or cited source: a PDF's cited page rendered with the passage marked,
 * an email with its headers, a note's section, or the passage as text for anything else. Also opens
 * the file in the system's own application. Plain Java; touch it on the UI thread only.
 */
public final class PreviewViewModel {

  /** What the preview shows. */
  public enum Kind {
    NONE,
    PDF_PAGE,
    EMAIL,
    SECTION,
    TEXT
  }

  /** One header line of an email preview. */
  public record Header(String name, String value) {}

  private final TaskExecutor executor;
  private final PdfPageRenderer renderer;
  private final DesktopApps desktop;
  private final FileToOpen files;
  private final ReadOnlyObjectWrapper<Kind> kind =
      new ReadOnlyObjectWrapper<>(this, "kind", Kind.NONE);
  private final ReadOnlyObjectWrapper<ResultItem> item = new ReadOnlyObjectWrapper<>(this, "item");
  private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "");
  private final ReadOnlyStringWrapper location = new ReadOnlyStringWrapper(this, "location", "");
  private final ReadOnlyStringWrapper body = new ReadOnlyStringWrapper(this, "body", "");
  private final ObservableList<Header> headers = FXCollections.observableArrayList();
  private final ObservableList<Header> headersView =
      FXCollections.unmodifiableObservableList(headers);
  private final ReadOnlyObjectWrapper<PdfPageRenderer.RenderedPage> page =
      new ReadOnlyObjectWrapper<>(this, "page");
  private final ObservableList<ResultItem> conversation = FXCollections.observableArrayList();
  private final ObservableList<ResultItem> conversationView =
      FXCollections.unmodifiableObservableList(conversation);
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
  private TaskExecutor.BackgroundTask rendering;

  public PreviewViewModel(TaskExecutor executor, PdfPageRenderer renderer, DesktopApps desktop) {
    this(executor, renderer, desktop, FileToOpen.ITS_FILE);
  }

  /**
   * With {@code files} choosing what "Open" hands to the desktop (a mail container's message
   * extracted alone; see {@link FileToOpen}).
   */
  public PreviewViewModel(
      TaskExecutor executor, PdfPageRenderer renderer, DesktopApps desktop, FileToOpen files) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.renderer = Objects.requireNonNull(renderer, "renderer");
    this.desktop = Objects.requireNonNull(desktop, "desktop");
    this.files = Objects.requireNonNull(files, "files");
  }

  /**
   * Shows {@code result}; {@code null} clears the preview. Every other property is set before
   * {@link #itemProperty()} changes, so a view can rebuild itself on the item alone.
   */
  public void show(ResultItem result) {
    show(result, List.of());
  }

  /**
   * Shows {@code result} with the other messages of its email conversation that the search found
   * ({@link #conversation()}); empty for anything but an email.
   */
  public void show(ResultItem result, List<ResultItem> otherMessages) {
    conversation.setAll(result == null ? List.of() : otherMessages);
    if (rendering != null) {
      rendering.cancel();
      rendering = null;
    }
    page.set(null);
    error.set(null);
    message.set(null);
    if (result == null) {
      headers.clear();
      kind.set(Kind.NONE);
      title.set("");
      location.set("");
      body.set("");
      item.set(null);
      return;
    }
    title.set(displayTitle(result));
    location.set(location(result));
    body.set(result.text());
    List<Header> list = new ArrayList<>();
    if (isPdf(result) && result.page() > 0 || PdfPageRenderer.isImage(result.path())) {
      kind.set(Kind.PDF_PAGE);
    } else if (result.messageId() != null || result.sender() != null) {
      kind.set(Kind.EMAIL);
      if (result.sender() != null) {
        list.add(new Header("From", result.sender()));
      }
      if (result.date() != null) {
        list.add(new Header("Date", Formats.dateTime(result.date())));
      }
      if (result.title() != null) {
        list.add(new Header("Subject", result.title()));
      }
      if (result.messageId() != null) {
        list.add(new Header("Message-ID", result.messageId()));
      }
    } else if (result.headingPath() != null && !result.headingPath().isBlank()) {
      kind.set(Kind.SECTION);
    } else {
      kind.set(Kind.TEXT);
    }
    headers.setAll(list);
    item.set(result);
    if (kind.get() == Kind.PDF_PAGE) {
      render(result);
    }
  }

  private void render(ResultItem result) {
    message.set(
        PdfPageRenderer.isImage(result.path())
            ? "Reading the image…"
            : "Rendering page " + result.page() + "…");
    rendering =
        executor.submit(
            "render page",
            () ->
                PdfPageRenderer.isImage(result.path())
                    ? renderer.renderImage(result.path(), result.text())
                    : renderer.render(result.path(), result.page(), result.text(), terms(result)),
            rendered -> {
              if (result.equals(item.get())) {
                page.set(rendered);
                message.set(
                    rendered.passageMarked()
                        ? "Page "
                            + rendered.page()
                            + " of "
                            + rendered.pageCount()
                            + " — the passage is marked in yellow"
                            + (rendered.markedByOcr() ? " (found by reading the scan again)" : "")
                        : "Page "
                            + rendered.page()
                            + " of "
                            + rendered.pageCount()
                            + " — the passage could not be located exactly; the query words are"
                            + " marked");
              }
            },
            e -> {
              if (result.equals(item.get())) {
                message.set(null);
                error.set(
                    "Cannot show page "
                        + result.page()
                        + " of "
                        + result.path().getFileName()
                        + ": "
                        + UserMessages.describe(e)
                        + " The passage is shown as text below.");
              }
            });
  }

  /** The other messages of the shown email's conversation found by the search, best first. */
  public ObservableList<ResultItem> conversation() {
    return conversationView;
  }

  /**
   * Opens the shown result in the system's application for it, in the background: its file, or a
   * mail container's message alone (in the mail client), as {@link FileToOpen} decides.
   */
  public void openInSystemApp() {
    ResultItem shown = item.get();
    if (shown != null) {
      open(files.prepare(shown.path(), shown.chunkId()));
    }
  }

  /**
   * Opens one place of the shown document (the file itself or a copy of it, such as the same
   * message in a mailbox), in the background, as {@link FileToOpen} decides.
   */
  public void openInSystemApp(java.nio.file.Path file) {
    ResultItem shown = item.get();
    open(shown == null ? () -> file : files.prepare(file, shown.chunkId()));
  }

  private void open(java.util.concurrent.Callable<java.nio.file.Path> which) {
    executor.submit(
        "open file",
        () -> {
          java.nio.file.Path file = which.call();
          if (!Files.exists(file)) {
            throw new IOException(
                "The file "
                    + file
                    + " is no longer there — it was moved or deleted; re-index the folder.");
          }
          if (!desktop.canOpen()) {
            throw new IOException(
                "This desktop cannot open files for Cairn — open " + file + " yourself.");
          }
          desktop.open(file);
          return file;
        },
        path -> message.set("Opened " + path.getFileName() + " in its application."),
        e -> error.set(e instanceof IOException ? e.getMessage() : UserMessages.describe(e)));
  }

  static boolean isPdf(ResultItem r) {
    return "application/pdf".equals(r.mediaType())
        || r.path().getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".pdf");
  }

  static String displayTitle(ResultItem r) {
    return r.title() != null && !r.title().isBlank()
        ? r.title()
        : String.valueOf(r.path().getFileName());
  }

  /** "page 3", "message from alice@…", "Intro › Scope", or the file name. */
  static String location(ResultItem r) {
    StringBuilder s = new StringBuilder(r.path().toString());
    if (r.page() > 0) {
      s.append(" · page ").append(r.page());
    }
    if (r.sender() != null) {
      s.append(" · message from ").append(r.sender());
    }
    if (r.headingPath() != null && !r.headingPath().isBlank()) {
      s.append(" · ").append(r.headingPath());
    }
    return s.toString();
  }

  private static List<String> terms(ResultItem r) {
    return r.highlightTerms();
  }

  public ReadOnlyObjectProperty<Kind> kindProperty() {
    return kind.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<ResultItem> itemProperty() {
    return item.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty titleProperty() {
    return title.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty locationProperty() {
    return location.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty bodyProperty() {
    return body.getReadOnlyProperty();
  }

  public ObservableList<Header> headers() {
    return headersView;
  }

  /** The rendered PDF page with the passage marked; {@code null} when none (yet). */
  public ReadOnlyObjectProperty<PdfPageRenderer.RenderedPage> pageProperty() {
    return page.getReadOnlyProperty();
  }

  /** A status line ("Page 3 of 12"); {@code null} when none. */
  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }
}
