package dev.cairn.app.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.chat.testing.ScriptedChatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A note kept in two folders is one search result that names its other place ("also in"), the
 * Library lists the copy as a duplicate of the kept file, a folder filter on the copy's folder
 * finds it, the copy's text is the kept file's, and deleting the kept file leaves it searchable at
 * the copy without a re-embed.
 */
class DuplicatesSearchTest {
  @Test
  void oneResultWithItsOtherPlaces(@TempDir Path tmp) throws Exception {
    Path work = Files.createDirectories(tmp.resolve("docs/work"));
    Path backup = Files.createDirectories(tmp.resolve("docs/backup"));
    String note = FixtureLibrary.NOTES.get("Tart.md");
    Files.writeString(work.resolve("Tart.md"), note);
    Files.writeString(work.resolve("Sync.md"), FixtureLibrary.NOTES.get("Sync.md"));
    Path first = work.resolve("Tart.md");
    try (DefaultLibraryService service =
        FixtureLibrary.open(tmp.resolve("home"), new ScriptedChatModel("tiny", ""))) {
      service.index("notes", List.of(tmp.resolve("docs")), IndexingListener.NONE).await();
      // The copy arrives later (a backup made after the first index): it is the duplicate.
      Path copy = Files.writeString(backup.resolve("Tart copy.md"), note);
      assertThat(embeddedBy(service, tmp.resolve("docs"))).isZero();

      SearchResponse r = service.search(SearchRequest.of("notes", "nectarine tart shell"));
      List<ResultItem> tart =
          r.items().stream().filter(i -> i.text().contains("nectarine")).toList();
      assertThat(tart).hasSize(1);
      assertThat(tart.getFirst().path()).isEqualTo(first);
      assertThat(tart.getFirst().alsoIn()).containsExactly(copy);

      FileEntry dup =
          service.files("notes", Optional.of(FileState.DUPLICATE)).stream()
              .findFirst()
              .orElseThrow();
      assertThat(dup.path()).isEqualTo(copy);
      assertThat(dup.reason()).isEqualTo("duplicate of " + first);
      // The copy's text (get_document, the preview) is the kept file's.
      assertThat(texts(service.documentText("notes", copy)))
          .isEqualTo(texts(service.documentText("notes", first)))
          .anyMatch(t -> t.contains("nectarine"));

      SearchRequest inBackup =
          new SearchRequest(
              "notes",
              "nectarine tart shell",
              10,
              SearchMode.HYBRID,
              SearchFilter.NONE.withFolder(backup.toString()));
      assertThat(service.search(inBackup).items())
          .extracting(ResultItem::path)
          .containsExactly(first);

      Files.delete(first);
      assertThat(embeddedBy(service, tmp.resolve("docs"))).isZero();
      List<ResultItem> after =
          service.search(SearchRequest.of("notes", "nectarine tart shell")).items().stream()
              .filter(i -> i.text().contains("nectarine"))
              .toList();
      assertThat(after).extracting(ResultItem::path).containsExactly(copy);
      assertThat(after.getFirst().alsoIn()).isEmpty();
      assertThat(service.validate("notes").ok()).isTrue();
    }
  }

  /**
   * A real list message streamed from a mailbox and also saved as its own {@code .eml} (same
   * Message-ID) is one result at the mailbox that names the {@code .eml} as "also in"; the {@code
   * .eml} embeds nothing, is listed as a duplicate, a folder filter on its folder finds the
   * message, and deleting the mailbox leaves the message searchable at the {@code .eml}.
   */
  @Test
  void aMessageInAMailboxAndItsEmlAreOneResult(@TempDir Path tmp) throws Exception {
    Path eml = TestCorpus.sharedData().resolve("docs/emails_mailing_list_linux_s390/eml");
    Path mail = Files.createDirectories(tmp.resolve("docs/Mail"));
    Path saved = Files.createDirectories(tmp.resolve("docs/Saved"));
    Path mbox = mail.resolve("linux-s390.mbox");
    try (java.io.OutputStream out = Files.newOutputStream(mbox)) {
      for (String name : List.of("0002.eml", "0003.eml", "0004.eml")) {
        dev.cairn.ingest.mail.MboxWriter.append(
            out,
            "From MAILER-DAEMON Thu Jul  9 10:00:00 2026",
            Files.readAllBytes(eml.resolve(name)));
      }
    }
    String query = "VSIE Interpretation Extension Facility shadow structures";
    try (DefaultLibraryService service =
        FixtureLibrary.open(tmp.resolve("home"), new ScriptedChatModel("tiny", ""))) {
      service.index("notes", List.of(tmp.resolve("docs")), IndexingListener.NONE).await();
      Path copy = Files.copy(eml.resolve("0002.eml"), saved.resolve("cover letter.eml"));
      assertThat(embeddedBy(service, tmp.resolve("docs"))).isZero();

      List<ResultItem> hits = service.search(SearchRequest.of("notes", query)).items();
      assertThat(hits).extracting(ResultItem::path).doesNotContain(copy);
      List<ResultItem> cover = hits.stream().filter(i -> i.text().contains("vsie_sigpif")).toList();
      assertThat(cover).isNotEmpty();
      assertThat(cover).allSatisfy(i -> assertThat(i.path()).isEqualTo(mbox));
      assertThat(cover).allSatisfy(i -> assertThat(i.alsoIn()).containsExactly(copy));
      FileEntry dup =
          service.files("notes", Optional.of(FileState.DUPLICATE)).stream()
              .filter(f -> f.path().equals(copy))
              .findFirst()
              .orElseThrow();
      assertThat(dup.reason()).isEqualTo("duplicate of " + mbox);
      // The .eml's text is the streamed message's: one part, the cover letter, not the mailbox.
      List<String> emlText = texts(service.documentText("notes", copy));
      assertThat(emlText).hasSize(1);
      assertThat(emlText.getFirst()).contains("vsie_sigpif");
      assertThat(texts(service.documentText("notes", mbox))).contains(emlText.getFirst());

      SearchRequest inSaved =
          new SearchRequest(
              "notes",
              query,
              10,
              SearchMode.HYBRID,
              SearchFilter.NONE.withFolder(saved.toString()));
      List<ResultItem> filtered = service.search(inSaved).items();
      assertThat(filtered).isNotEmpty();
      assertThat(filtered).allSatisfy(i -> assertThat(i.alsoIn()).contains(copy));

      Files.delete(mbox);
      assertThat(embeddedBy(service, tmp.resolve("docs"))).isZero();
      List<ResultItem> after =
          service.search(SearchRequest.of("notes", query)).items().stream()
              .filter(i -> i.text().contains("vsie_sigpif"))
              .toList();
      assertThat(after).isNotEmpty();
      assertThat(after).allSatisfy(i -> assertThat(i.path()).isEqualTo(copy));
      assertThat(after).allSatisfy(i -> assertThat(i.alsoIn()).isEmpty());
      assertThat(service.validate("notes").ok()).isTrue();
    }
  }

  private static List<String> texts(DocumentText doc) {
    return doc.parts().stream().map(DocumentText.Part::text).toList();
  }

  /** Runs an indexing pass and returns how many chunks it embedded. */
  private static long embeddedBy(DefaultLibraryService service, Path root) throws Exception {
    java.util.concurrent.atomic.AtomicLong embedded = new java.util.concurrent.atomic.AtomicLong();
    service
        .index(
            "notes",
            List.of(root),
            new IndexingListener() {
              @Override
              public void progress(IndexingProgress p) {
                embedded.set(p.chunksEmbedded());
              }
            })
        .await();
    return embedded.get();
  }
}
