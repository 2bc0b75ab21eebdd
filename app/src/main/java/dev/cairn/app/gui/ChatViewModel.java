package dev.cairn.app.gui;

import dev.cairn.app.library.LibraryService;
import java.util.Objects;

/**
 * The Chat screen's view models, one per concern: the {@link ConversationViewModel} (questions and
 * streamed answers), the {@link ModelPickerViewModel} (which chat model answers) and the {@link
 * ModelDownloadViewModel} (getting one when there is none). This class only wires them together;
 * each holds its own state. Touch them on the UI thread only.
 */
public final class ChatViewModel {
  private final ModelPickerViewModel picker;
  private final ModelDownloadViewModel download;
  private final ConversationViewModel conversation;

  public ChatViewModel(
      LibraryService service,
      TaskExecutor executor,
      CollectionsModel collections,
      DesktopApps desktop) {
    Objects.requireNonNull(service, "service");
    picker = new ModelPickerViewModel(service, executor);
    download = new ModelDownloadViewModel(service, executor, picker, desktop);
    conversation =
        new ConversationViewModel(service, executor, collections, picker.modelProperty()::get);
  }

  public ConversationViewModel conversation() {
    return conversation;
  }

  public ModelPickerViewModel picker() {
    return picker;
  }

  public ModelDownloadViewModel download() {
    return download;
  }
}
