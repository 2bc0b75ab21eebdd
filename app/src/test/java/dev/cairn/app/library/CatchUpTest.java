package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.chat.testing.ScriptedChatModel;
import dev.cairn.ingest.CancellationToken;
import dev.cairn.ingest.DocumentStore;
import dev.cairn.ingest.IngestListener;
import dev.cairn.ingest.IngestOptions;
import dev.cairn.ingest.Ingestor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run killed after storing a file but before embedding it leaves — chunks in the document
 * store that the index lacks — is finished first by the next run, which says so; the note is then
 * found by vector search.
 */
class CatchUpTest {
  @Test
  void storedButUnembeddedChunksAreEmbeddedFirstAndTheUserIsTold(@TempDir Path tmp)
      throws Exception {
    Path home = tmp.resolve("home");
    try (DefaultLibraryService service =
        FixtureLibrary.open(home, new ScriptedChatModel("tiny", ""))) {
      Path notes = FixtureLibrary.indexNotes(service, tmp);
      // The dead run's state: a new note committed to the store, never embedded.
      Files.writeString(
          notes.resolve("Kayak.md"), "# Kayak\n\nPaddle the kayak across the fjord at dawn.\n");
      Path store = home.resolve("collections/notes/documents.sqlite");
      service.close();
      try (DocumentStore s = DocumentStore.open(store);
          Ingestor ing = new Ingestor(s, IngestOptions.defaults())) {
        ing.ingest(List.of(notes), IngestListener.NONE, new CancellationToken());
      }
    }
    try (DefaultLibraryService service =
        FixtureLibrary.open(home, new ScriptedChatModel("tiny", ""))) {
      List<String> notices = new CopyOnWriteArrayList<>();
      service
          .index(
              "notes",
              List.of(tmp.resolve("notes")),
              new IndexingListener() {
                @Override
                public void notice(String message) {
                  notices.add(message);
                }
              })
          .await();
      assertThat(notices)
          .anySatisfy(
              n -> assertThat(n).contains("chunks an interrupted run stored are embedded now"));
      SearchResponse r =
          service.search(
              new SearchRequest("notes", "kayak fjord dawn", 1, SearchMode.VECTOR, null));
      assertThat(r.items()).extracting(i -> i.path().getFileName().toString()).contains("Kayak.md");
      assertThat(service.validate("notes").ok()).isTrue();
    }
  }
}
