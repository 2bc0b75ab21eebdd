package dev.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same real PDF in Downloads and in Documents is stored (and so embedded) once: the second copy
 * is a DUPLICATE row naming the first, filters see both places, and deleting or changing the kept
 * copy hands its chunks (same ids, nothing to embed again) to the copy that remains.
 */
class DuplicateFilesTest {
  @TempDir Path tmp;

  static final Path PDF =
      TestData.shared().resolve("docs/docling_test_data/pdf/sources/2305.03393v1-pg9.pdf");
  static final Path OTHER_PDF =
      TestData.shared().resolve("docs/docling_test_data/pdf/sources/right_to_left_01.pdf");

  private static final class Changes implements IngestListener {
    final List<Long> added = new CopyOnWriteArrayList<>();
    final List<Long> removed = new CopyOnWriteArrayList<>();

    @Override
    public void chunksAdded(List<ChunkRecord> chunks) {
      chunks.forEach(c -> added.add(c.id()));
    }

    @Override
    public void chunksRemoved(long[] ids) {
      Arrays.stream(ids).forEach(removed::add);
    }
  }

  @Test
  void aCopyIsStoredOnceFoundInBothPlacesAndTakesOverWhenTheKeptOneGoes() throws Exception {
    Path downloads = Files.createDirectories(tmp.resolve("home/Downloads"));
    Path documents = Files.createDirectories(tmp.resolve("home/Documents"));
    Path first = Files.copy(PDF, downloads.resolve("paper.pdf"));
    Path copy = Files.copy(PDF, documents.resolve("paper (1).pdf"));
    Files.writeString(documents.resolve("notes.md"), "# Notes\n\nTable structure recognition.\n");
    Path root = tmp.resolve("home");

    try (DocumentStore store = DocumentStore.open(tmp.resolve("db.sqlite"));
        Ingestor ing = new Ingestor(store, IngestOptions.defaults())) {
      Changes run1 = new Changes();
      IngestSummary s1 = ing.ingest(List.of(root), run1, new CancellationToken());
      assertThat(s1.failed()).isZero();

      FileRecord a = store.file(first).orElseThrow();
      FileRecord b = store.file(copy).orElseThrow();
      // Files are read in parallel: whichever was stored first is kept, the other names it.
      FileRecord kept = a.state() == FileState.INDEXED ? a : b;
      FileRecord dup = kept == a ? b : a;
      assertThat(kept.state()).isEqualTo(FileState.INDEXED);
      assertThat(dup.state()).isEqualTo(FileState.DUPLICATE);
      assertThat(dup.reason()).isEqualTo("duplicate of " + kept.path());
      assertThat(dup.chunks()).isZero();
      long[] keptChunks = ids(store.chunksOfFile(kept.path()));
      assertThat(keptChunks).isNotEmpty();
      // A copy's content is its original's: the same chunks, found under the kept path.
      assertThat(ids(store.chunksOfFile(dup.path()))).containsExactly(keptChunks);
      assertThat(store.documents(dup.path())).hasSameSizeAs(store.documents(kept.path()));
      assertThat(store.chunkCount())
          .isEqualTo(keptChunks.length + store.chunksOfFile(documents.resolve("notes.md")).size());
      assertThat(run1.added).hasSize(store.chunkCount());
      assertThat(store.copiesOf(kept.path())).containsExactly(dup.path());
      assertThat(store.copiesOf(dup.path())).isEmpty();

      // Filters see every place: each folder finds the paper, whichever copy holds its chunks.
      for (Path folder : List.of(downloads, documents)) {
        ChunkFilter inFolder = new ChunkFilter(folder.toString(), Set.of(), null, null, null);
        assertThat(store.allowedChunks(inFolder).test(keptChunks[0]))
            .as(folder.toString())
            .isTrue();
        assertThat(store.lexicalSearch("table structure", 50, inFolder))
            .extracting(LexicalHit::chunkId)
            .as(folder.toString())
            .containsAnyElementsOf(Arrays.stream(keptChunks).boxed().toList());
      }
      ChunkFilter elsewhere =
          new ChunkFilter(tmp.resolve("elsewhere").toString(), Set.of(), null, null, null);
      assertThat(store.allowedChunks(elsewhere).test(keptChunks[0])).isFalse();

      // The kept copy is deleted: the other one takes over its chunks, nothing is embedded again.
      Files.delete(kept.path());
      Changes run2 = new Changes();
      ing.ingest(List.of(root), run2, new CancellationToken());
      assertThat(run2.added).isEmpty();
      assertThat(run2.removed).isEmpty();
      FileRecord heir = store.file(dup.path()).orElseThrow();
      assertThat(heir.state()).isEqualTo(FileState.INDEXED);
      assertThat(heir.reason()).isNull();
      assertThat(heir.chunks()).isEqualTo(keptChunks.length);
      assertThat(ids(store.chunksOfFile(heir.path()))).containsExactly(keptChunks);
      assertThat(store.chunk(keptChunks[0]).orElseThrow().provenance().file())
          .isEqualTo(heir.path());
      assertThat(store.file(kept.path())).isEmpty();

      // A copy comes back, then the kept one changes: the copy takes the old text's chunks and
      // the changed file gets new ones.
      Files.copy(PDF, kept.path());
      ing.ingest(List.of(root), IngestListener.NONE, new CancellationToken());
      assertThat(store.file(kept.path()).orElseThrow().state()).isEqualTo(FileState.DUPLICATE);
      Files.copy(OTHER_PDF, heir.path(), StandardCopyOption.REPLACE_EXISTING);
      Changes run3 = new Changes();
      ing.ingest(List.of(root), run3, new CancellationToken());
      assertThat(run3.removed).isEmpty();
      assertThat(run3.added).isNotEmpty();
      assertThat(ids(store.chunksOfFile(kept.path()))).containsExactly(keptChunks);
      assertThat(store.file(kept.path()).orElseThrow().state()).isEqualTo(FileState.INDEXED);
      assertThat(store.file(heir.path()).orElseThrow().state()).isEqualTo(FileState.INDEXED);
      assertThat(store.copiesOf(kept.path())).isEmpty();
      assertThat(store.files(Optional.of(FileState.DUPLICATE))).isEmpty();
      assertThat(store.checkLexicalIndex().ok()).isTrue();
    }
  }

  @Test
  void filesIndexedBeforeCopiesWereTrackedAreFoundByTheirBytes() throws Exception {
    Path docs = Files.createDirectories(tmp.resolve("docs"));
    Files.copy(PDF, docs.resolve("a.pdf"));
    Path db = tmp.resolve("db.sqlite");
    try (DocumentStore store = DocumentStore.open(db);
        Ingestor ing = new Ingestor(store, IngestOptions.defaults())) {
      ing.ingest(List.of(docs), IngestListener.NONE, new CancellationToken());
    }
    // What the upgrade to schema 2 leaves of a file an older Cairn indexed: no text hash yet.
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
        java.sql.Statement st = c.createStatement()) {
      st.execute("UPDATE files SET text_hash = NULL");
    }
    try (DocumentStore store = DocumentStore.open(db);
        Ingestor ing = new Ingestor(store, IngestOptions.defaults())) {
      assertThat(store.schemaVersion()).isEqualTo(DocumentStore.SCHEMA_VERSION);
      Files.copy(PDF, docs.resolve("b.pdf"));
      Changes run = new Changes();
      ing.ingest(List.of(docs), run, new CancellationToken());
      assertThat(store.file(docs.resolve("a.pdf")).orElseThrow().state())
          .isEqualTo(FileState.INDEXED);
      FileRecord b = store.file(docs.resolve("b.pdf")).orElseThrow();
      assertThat(b.state()).isEqualTo(FileState.DUPLICATE);
      assertThat(b.reason()).isEqualTo("duplicate of " + docs.resolve("a.pdf"));
      assertThat(run.added).isEmpty();
    }
  }

  private static long[] ids(List<ChunkRecord> chunks) {
    return chunks.stream().mapToLong(ChunkRecord::id).sorted().toArray();
  }
}
