package dev.cairn.app.library;

import dev.cairn.chat.generate.ChatModel;
import dev.cairn.chat.testing.HashingEmbedder;
import dev.cairn.chat.testing.ScriptedChatModel;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real {@link DefaultLibraryService} on test fixtures: the deterministic {@link HashingEmbedder}
 * instead of ONNX Runtime, a {@link ScriptedChatModel} for every chat model choice, Ollama pointed
 * at a closed port, and notes written by the test (no {@code ../shared}). For service and view
 * model tests; the real-model tests stay as integration tests.
 */
public final class FixtureLibrary {
  private FixtureLibrary() {}

  /** Three short notes, each about one thing. */
  public static final Map<String, String> NOTES =
      Map.of(
          "Aliases.md",
          "# Aliases\n\nTo add an alias to a note, add an aliases property to the note's front"
              + " matter. Aliases are other names for the same note.\n",
          "Tart.md",
          "# Nectarine tart\n\nBake the tart shell for 12 minutes. Arrange nectarine slices on"
              + " the filling and bake 30 minutes more.\n",
          "Sync.md",
          "# Sync\n\nSync keeps your notes the same on every device. Version history lets you"
              + " restore an older version of a note.\n");

  /** Opens the service over {@code home}; the model answers for any GGUF or Ollama choice. */
  public static DefaultLibraryService open(Path home, ScriptedChatModel model)
      throws LibraryException {
    DefaultLibraryService service =
        DefaultLibraryService.open(home, URI.create("http://127.0.0.1:1"));
    service.embedders.opener = (choice, host) -> new HashingEmbedder();
    service.answers.chatModels.factory =
        new ChatModelCache.ModelFactory() {
          @Override
          public ChatModel gguf(ChatModelChoice.Gguf choice) {
            return model;
          }

          @Override
          public ChatModel ollama(ChatModelChoice.Ollama choice, URI host) {
            return model;
          }
        };
    return service;
  }

  /** Writes {@link #NOTES} into {@code dir}/notes and indexes them as collection "notes". */
  public static Path indexNotes(DefaultLibraryService service, Path dir)
      throws IOException, LibraryException, InterruptedException {
    Path notes = Files.createDirectories(dir.resolve("notes"));
    for (Map.Entry<String, String> e : NOTES.entrySet()) {
      Files.writeString(notes.resolve(e.getKey()), e.getValue());
    }
    service.index("notes", List.of(notes), IndexingListener.NONE).await();
    return notes;
  }
}
